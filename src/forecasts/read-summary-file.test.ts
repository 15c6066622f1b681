import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, expect, test } from 'vitest'
import { openDuckDb } from '../db/duckdb.js'
import { fitDataOf } from './forecast-models.js'
import { groupSpends } from './gamma-gamma.js'
import { readSummaryFile, SummaryFileError } from './read-summary-file.js'

const dir = mkdtempSync(join(tmpdir(), 'rapport-summaries-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, text: string | Buffer): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

async function toParquet(csv: string, name: string, text = false): Promise<string> {
  const path = join(dir, name)
  const duck = await openDuckDb()
  try {
    await duck.connection.run(
      `copy (select * from read_csv('${csv}', all_varchar = ${text})) to '${path}' (format parquet)`,
    )
  } finally {
    duck.close()
  }
  return path
}

test('CSV, gzip and Parquet files are read alike: the rows in file order, the customers grouped for the fits', async () => {
  const text = 'id,x,t_x,T,m_x\na,2,30.43,38.86,22.35\n\n"b, c",0,0,38.86,0\n7,1,1e1,12.5,3\n'
  const csv = file('summaries.csv', text)
  const paths = [csv, file('summaries.csv.gz', gzipSync(text)), await toParquet(csv, 'summaries.parquet')]
  for (const path of paths) {
    const read = await readSummaryFile(path, { rows: true })
    expect(read.rows).toEqual([
      { id: 'a', x: 2, tx: 30.43, T: 38.86, mx: 22.35 },
      { id: 'b, c', x: 0, tx: 0, T: 38.86, mx: 0 },
      { id: '7', x: 1, tx: 10, T: 12.5, mx: 3 },
    ])
    // Grouped in the order of (x, t_x, T); the repeat customers' spend in the file's order.
    expect(read.groups.customers).toBe(3)
    expect([...read.groups.x]).toEqual([0, 1, 2])
    expect([...read.groups.tx]).toEqual([0, 10, 30.43])
    expect([...read.groups.weight]).toEqual([1, 1, 1])
    expect(read.spend).toEqual({ x: [2, 1], mx: [22.35, 3], weight: [1, 1] })
  }
  expect((await readSummaryFile(csv)).rows).toBeUndefined()
})

test('the groups and spends read from a file are those JavaScript makes of its rows', async () => {
  const lines = ['customer_id,frequency,recency,T,monetary_value']
  for (let i = 0; i < 3000; i++) {
    const x = (i * 7) % 5
    const tx = x === 0 ? 0 : ((i * 13) % 20) / 7
    lines.push(`c${i},${x},${tx},${20 / 7 + (i % 3)},${x === 0 ? 0 : [10, 12.5, 7.25][i % 3]! + (i % 2)}`)
  }
  const read = await readSummaryFile(file('many.csv', `${lines.join('\n')}\n`), { rows: true })
  const expected = fitDataOf(read.rows!)
  expect(read.groups.weight.length).toBeLessThan(3000)
  expect(read.groups).toEqual(expected.groups)
  expect(groupSpends(read.spend!)).toEqual(groupSpends(expected.spend!))
  expect(read.spend!.x.length).toBeLessThan(expected.spend!.x.length)
})

test('bad rows fail the file, naming their lines and what is wrong, the first ten of them', async () => {
  const rows = [
    'ok,1,2,3',
    'neg,-1,2,3',
    'late,2,5,4',
    'word,two,1,3',
    'frac,1.5,1,3',
    'zero,0,1,3',
    'empty,1,,3',
    ',1,2,3',
    'hex,0x10,2,3',
    'inf,1,2,Infinity',
    'negT,1,2,-3',
  ]
  const csv = file('bad.csv', `id,x,t_x,T\n${rows.join('\n')}\n`)
  const error = await readSummaryFile(csv).catch((e) => e)
  expect(error).toBeInstanceOf(SummaryFileError)
  const fromParquet = await readSummaryFile(await toParquet(csv, 'bad.parquet', true)).catch((e) => e)
  expect((fromParquet as SummaryFileError).problems).toEqual((error as SummaryFileError).problems)
  expect((error as SummaryFileError).problems).toEqual([
    { line: 3, message: 'x: -1 is negative' },
    { line: 4, message: 't_x (5) is greater than T (4)' },
    { line: 5, message: 'x: "two" is not a number' },
    { line: 6, message: 'x: 1.5 is not a whole number of transactions' },
    { line: 7, message: 't_x is 1 but x is 0 (t_x must be 0)' },
    { line: 8, message: 't_x: "" is not a number' },
    { line: 9, message: 'id: empty' },
    { line: 10, message: 'x: "0x10" is not a number' },
    { line: 11, message: 'T: "Infinity" is not a number' },
    { line: 12, message: 'T: -3 is negative' },
  ])
  expect((error as Error).message).toMatch(/^.*bad\.csv: 10 bad rows: line 3: x: -1 is negative; line 4: /)
  expect((error as Error).message).not.toMatch(/…$/)

  const more = rows.concat('late,3,9,8', 'neg,1,1,-1')
  const many = await readSummaryFile(file('many-bad.csv', `id,x,t_x,T\n${more.join('\n')}\n`)).catch((e) => e)
  expect((many as SummaryFileError).problems).toHaveLength(10)
  expect((many as Error).message).toMatch(/: 12 bad rows: line 3: .*; line 12: T: -3 is negative; …$/)
})

test('a file that cannot be read, is empty, has no customers or lacks a column says so', async () => {
  await expect(readSummaryFile(join(dir, 'none.csv'))).rejects.toThrow(/none\.csv: cannot be read/)
  await expect(readSummaryFile(file('empty.csv', ''))).rejects.toThrow(/empty\.csv: the file is empty/)
  await expect(readSummaryFile(file('header.csv', 'id,x,t_x,T\n'))).rejects.toThrow(
    /header\.csv: no customers/,
  )
  await expect(readSummaryFile(file('columns.csv', 'id,x,T\n1,2,3\n'))).rejects.toThrow(
    /missing column t_x \(expected id,x,t_x,T and optional m_x; found id,x,T\)/,
  )
})

test("lifetimes' headers, an extra text column and spaced ids are read in the file's order", async () => {
  const text = 'note,customer_id,frequency,recency,T\nfirst, z ,1,2,3\n"a, b",y,0,0,3\n,x,4,2.5,2.5\n'
  const read = await readSummaryFile(file('lifetimes.csv', text), { rows: true })
  expect(read.rows).toEqual([
    { id: 'z', x: 1, tx: 2, T: 3 },
    { id: 'y', x: 0, tx: 0, T: 3 },
    { id: 'x', x: 4, tx: 2.5, T: 2.5 },
  ])
  expect(read.spend).toBeNull()
})
