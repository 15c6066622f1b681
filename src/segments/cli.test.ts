import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { runCli as rapport, runInTerminal } from '../cli/test-run.js'

// `rapport analyze segments --orders FILE` as an analyst runs it: CSV or JSON on stdout, the counts on stderr.
const dir = mkdtempSync(join(tmpdir(), 'rapport-segments-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const orders = join(dir, 'orders.csv')
writeFileSync(
  orders,
  [
    'customer_id,order_id,ordered_at,amount',
    '"Smith, J.",1,2024-01-05,10',
    '"Smith, J.",2,2024-02-05,10',
    '"Smith, J.",3,2024-03-05,10',
    'b,4,2024-03-10,40',
    ',5,2024-03-11,7',
  ].join('\n'),
)

test('CSV with the header of the issue, one row per analysed customer; the counts go to stderr', async () => {
  const { code, out, err } = await rapport('analyze', 'segments', '--orders', orders)
  expect(code).toBe(0)
  const lines = out.split('\n')
  expect(lines[0]).toBe(
    'customer_id,first_purchase,last_purchase,recency_days,frequency,monetary,r,f,m,segment,abc,xyz,cv,median_interval_days,next_due,habit_broken',
  )
  // As of 2024-03-11: "Smith, J." bought monthly (gaps 31 and 29 days: 2024 is a leap year), b once, the
  // day before; b's 40 and the 40 above Smith's 30 (57 % of 70) are both in A.
  expect(lines.slice(1)).toEqual([
    '"Smith, J.",2024-01-05,2024-03-05,6,3,30,1,5,1,cant_lose,A,X,0.0000,30,2024-04-04,false',
    'b,2024-03-10,2024-03-10,1,1,40,5,1,5,new,A,,,,,false',
    '',
  ])
  expect(err).toContain(
    'as of 2024-03-11: 2 customers analysed, 0 skipped (no purchase); rows 5: 4 in 4 orders, 1 without customer id, 0 rejected',
  )
  // Not at a terminal: no bar and no word of what is under way, only the report.
  expect(err).not.toMatch(/reading|analysing/)
})

test('at a terminal, a bar follows the file to its end, then says what is being analysed', async () => {
  const { code, screen } = await runInTerminal('analyze', 'segments', '--orders', orders)
  expect(code).toBe(0)
  expect(screen).toMatch(/reading .*100%/)
  expect(screen).toContain('analysing 4 orders of 2 customers…')
  expect(screen).toContain('2 customers analysed')
}, 30_000)

test('JSON carries the same rows with the report; a bad date is a usage error', async () => {
  const json = await rapport(
    'analyze',
    'segments',
    '--orders',
    orders,
    '--format',
    'json',
    '--as-of',
    '2024-04-01',
  )
  expect(json.code).toBe(0)
  const parsed = JSON.parse(json.out) as {
    asOf: string
    customers: { customer_id: string; recency_days: string }[]
  }
  expect(parsed.asOf).toBe('2024-04-01')
  expect(parsed.customers.map((c) => [c.customer_id, c.recency_days])).toEqual([
    ['Smith, J.', '27'],
    ['b', '22'],
  ])
  const bad = await rapport('analyze', 'segments', '--orders', orders, '--as-of', '2024-02-30')
  expect(bad).toMatchObject({ code: 2, out: '' })
  expect(bad.err).toMatch(/--as-of: a date YYYY-MM-DD/)
})

test('--encoding reads a Latin-1 file that without it is refused by its line; a bad --encoding or --max-size is a usage error', async () => {
  const latin1 = join(dir, 'latin1.csv')
  writeFileSync(
    latin1,
    Buffer.from('customer_id,order_id,ordered_at,amount\nZoë,1,2024-01-05,10\n', 'latin1'),
  )
  const refused = await rapport('analyze', 'segments', '--orders', latin1)
  expect(refused.code).toBe(1)
  expect(refused.err).toMatch(/line 2 is not valid UTF-8.*--encoding windows-1252/)
  const read = await rapport('analyze', 'segments', '--orders', latin1, '--encoding', 'latin1')
  expect(read.out.split('\n')[1]).toMatch(/^Zoë,2024-01-05,/)

  expect((await rapport('analyze', 'segments', '--orders', latin1, '--encoding', 'klingon')).code).toBe(2)
  expect((await rapport('analyze', 'segments', '--orders', latin1, '--max-size', 'big')).code).toBe(2)
  const help = await rapport('analyze', 'segments', '--help')
  expect(help.out).toMatch(/--encoding <name>[\s\S]*--max-size <size>/)
})

test('a customer id a spreadsheet would run as a formula is written inert', async () => {
  const hostile = join(dir, 'hostile.csv')
  writeFileSync(
    hostile,
    'customer_id,order_id,ordered_at,amount\n=HYPERLINK(x),1,2024-01-05,10\n-42,2,2024-01-06,5\n"x\n@y",3,2024-01-07,1\n',
  )
  const { code, out } = await rapport('analyze', 'segments', '--orders', hostile)
  expect(code).toBe(0)
  const firstCells = out
    .split('\n')
    .slice(1, 3)
    .map((line) => line.split(',')[0])
  expect(firstCells.sort()).toEqual(["'=HYPERLINK(x)", '-42'])
  // A formula after a line break inside an id is found in the bytes too, as neutraliseFirstColumn finds it.
  expect(out).toContain('"x\n\'@y",')
})
