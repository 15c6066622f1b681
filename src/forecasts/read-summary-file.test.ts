import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { expect, test } from 'vitest'
import { openDuckDb } from '../db/duckdb.js'
import { parseSummaryCsv, readSummaryFile, SummaryFileError } from './read-summary-file.js'

test('good summaries are parsed, with m_x when the file has it', () => {
  expect(parseSummaryCsv('id,x,t_x,T,m_x\na,2,30.43,38.86,22.35\nb,0,0,38.86,0\n')).toEqual([
    { id: 'a', x: 2, tx: 30.43, T: 38.86, mx: 22.35 },
    { id: 'b', x: 0, tx: 0, T: 38.86, mx: 0 },
  ])
  expect(parseSummaryCsv('ID,frequency,recency,T\n1,2,30.43,38.86\n')).toEqual([
    { id: '1', x: 2, tx: 30.43, T: 38.86 },
  ])
})

test('negative counts, t_x > T, fractional x and non-numbers are rejected with their line numbers', () => {
  const text = [
    'id,x,t_x,T',
    'ok,1,2,3',
    'neg,-1,2,3',
    'late,2,5,4',
    'word,two,1,3',
    'frac,1.5,1,3',
    'zero,0,1,3',
    'empty,1,,3',
  ].join('\n')
  let error: unknown
  try {
    parseSummaryCsv(text, 'summaries.csv')
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(SummaryFileError)
  const problems = (error as SummaryFileError).problems
  expect(problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7, 8])
  expect(problems[0]?.message).toMatch(/x: -1 is negative/)
  expect(problems[1]?.message).toMatch(/t_x \(5\) is greater than T \(4\)/)
  expect(problems[2]?.message).toMatch(/x: "two" is not a number/)
  expect((error as Error).message).toMatch(/^summaries.csv: 6 bad rows: line 3: /)
})

test('a file without the needed columns names the missing ones', () => {
  expect(() => parseSummaryCsv('id,x,T\n1,2,3\n')).toThrow(/missing column t_x/)
})

test('a summary file is read through DuckDB as the text is parsed: CSV, gzip or Parquet, its bad rows by line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-summaries-'))
  try {
    const text = 'id,x,t_x,T,m_x\na,2,30.43,38.86,22.35\n\n"b, c",0,0,38.86,0\n7,1,1e1,12.5,3\n'
    const csv = join(dir, 'summaries.csv')
    writeFileSync(csv, text)
    const gzip = join(dir, 'summaries.csv.gz')
    writeFileSync(gzip, gzipSync(text))
    const parquet = join(dir, 'summaries.parquet')
    const duck = await openDuckDb()
    await duck.connection.run(
      `copy (select * from read_csv('${csv}', all_varchar = true)) to '${parquet}' (format parquet)`,
    )
    duck.close()
    const expected = parseSummaryCsv(text)
    expect(expected).toEqual([
      { id: 'a', x: 2, tx: 30.43, T: 38.86, mx: 22.35 },
      { id: 'b, c', x: 0, tx: 0, T: 38.86, mx: 0 },
      { id: '7', x: 1, tx: 10, T: 12.5, mx: 3 },
    ])
    for (const path of [csv, gzip, parquet]) expect(await readSummaryFile(path)).toEqual(expected)

    const bad = join(dir, 'bad.csv')
    writeFileSync(
      bad,
      'id,x,t_x,T\nok,1,2,3\nneg,-1,2,3\nlate,2,5,4\nword,two,1,3\nfrac,1.5,1,3\nzero,0,1,3\nempty,1,,3\n',
    )
    const error = await readSummaryFile(bad).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SummaryFileError)
    expect((error as SummaryFileError).problems).toEqual(
      (() => {
        try {
          parseSummaryCsv(readFileSync(bad, 'utf8'), bad)
          return []
        } catch (e) {
          return (e as SummaryFileError).problems
        }
      })(),
    )
    await expect(readSummaryFile(join(dir, 'none.csv'))).rejects.toThrow(/cannot be read/)
    writeFileSync(join(dir, 'columns.csv'), 'id,x,T\n1,2,3\n')
    await expect(readSummaryFile(join(dir, 'columns.csv'))).rejects.toThrow(/missing column t_x/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test("lifetimes' headers, an extra text column and spaced ids read as the text parse reads them, in the file's order", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-summaries-'))
  try {
    const text = 'note,customer_id,frequency,recency,T\nfirst, z ,1,2,3\n"a, b",y,0,0,3\n,x,4,2.5,2.5\n'
    const csv = join(dir, 'lifetimes.csv')
    writeFileSync(csv, text)
    const expected = parseSummaryCsv(text)
    expect(expected.map((r) => r.id)).toEqual(['z', 'y', 'x'])
    expect(await readSummaryFile(csv)).toEqual(expected)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
