import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, expect, test } from 'vitest'
import { analyzeOrdersFile } from './analyze-file.js'
import { writeParquet } from './test-parquet.js'

const dir = mkdtempSync(join(tmpdir(), 'rapport-analyze-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

test('a file is analysed as of the day after its latest order, a return included', async () => {
  const path = file(
    'orders.csv',
    [
      'customer_id,order_id,ordered_at,amount',
      'a,1,2024-03-01,10',
      'b,2,2024-03-05,20',
      'b,3,2024-03-10,-5',
      ',4,2024-03-12,7',
    ].join('\n'),
  )
  const stages: [number, number][] = []
  const analysis = await analyzeOrdersFile(path, {
    onAnalysing: (orders, customers) => stages.push([orders, customers]),
  })
  // Told once the file is read: three orders of two customers go into the analysis.
  expect(stages).toEqual([[3, 2]])
  // The row without a customer is skipped: it does not move the date to 03-13.
  expect(analysis.asOf).toBe('2024-03-11')
  expect(analysis.rows.map((r) => [r.customer_id, r.recency_days, r.frequency, r.monetary])).toEqual([
    ['a', '10', '1', '10'],
    ['b', '6', '1', '15'],
  ])
  expect(analysis.report).toMatchObject({ rowsWithoutCustomer: 1, customersAnalysed: 2 })
})

test('a given date wins, and a file of returns only has no analysed customer and no date', async () => {
  const orders = file('orders.csv', 'customer_id,order_id,ordered_at,amount\na,1,2024-03-01,10\n')
  const given = await analyzeOrdersFile(orders, { asOf: '2024-04-01' })
  expect([given.asOf, given.rows[0]?.recency_days]).toEqual(['2024-04-01', '31'])
  const returns = file('returns.csv', 'customer_id,order_id,ordered_at,amount\nr,1,2024-03-01,-10\n')
  const analysis = await analyzeOrdersFile(returns, {})
  expect([analysis.asOf, analysis.rows.length]).toEqual([null, 0])
})

test('customer ids with commas, quotes and line breaks come back whole, in id order', async () => {
  const path = file(
    'odd-ids.csv',
    [
      'customer_id,order_id,ordered_at,amount',
      '"Smith, J.",1,2024-03-01,10',
      '"say ""hi""",2,2024-03-02,20',
      '"two\nlines",3,2024-03-03,30',
      'plain,4,2024-03-04,40',
    ].join('\n'),
  )
  const analysis = await analyzeOrdersFile(path, {})
  expect(analysis.rows.map((r) => [r.customer_id, r.monetary, r.habit_broken])).toEqual([
    ['Smith, J.', '10', 'false'],
    ['plain', '40', 'false'],
    ['say "hi"', '20', 'false'],
    ['two\nlines', '30', 'false'],
  ])
  expect(analysis.rows[0]?.xyz).toBe('')
  expect(analysis.report.customersAnalysed).toBe(4)
  expect(
    String(analysis.csv)
      .split('\n')
      .map((line) => line.split(',2024-')[0]),
  ).toEqual(['"Smith, J."', 'plain', '"say ""hi"""', '"two', 'lines"', ''])
})

test('a tie that straddles an ABC threshold is placed in the byte order of the ids, whatever the file order', async () => {
  // 100 in all: z holds 50; five customers tie at 10, so those with 80 or more before them are B.
  const ties = ['é', 'b', 'B', '9', '10']
  const path = file(
    'ties.csv',
    [
      'customer_id,order_id,ordered_at,amount',
      ...ties.map((id, i) => `${id},${i},2024-03-01,10`),
      'z,9,2024-03-01,50',
    ].join('\n'),
  )
  const analysis = await analyzeOrdersFile(path, {})
  expect(analysis.rows.map((r) => `${r.customer_id} ${r.abc}`)).toEqual([
    '10 A',
    '9 A',
    'B A',
    'b B',
    'z A',
    'é B',
  ])
})

test('a large tie group is placed as one, in id order, whatever the file order', async () => {
  // Twenty customers of 5 each: with 75 before them the first sixteen are A, then three B and one C.
  const ids = Array.from({ length: 20 }, (_, i) => `c${String((i * 7) % 20).padStart(2, '0')}`)
  const path = file(
    'split-ties.csv',
    ['customer_id,order_id,ordered_at,amount', ...ids.map((id, i) => `${id},${i},2024-03-01,5`)].join('\n'),
  )
  const analysis = await analyzeOrdersFile(path)
  expect(analysis.rows.map((r) => r.abc).join('')).toBe(`${'A'.repeat(16)}BBBC`)
})

test('CSV, gzip and Parquet (text or typed columns) give the same rows', async () => {
  // Customers with several orders, returns and ties on every figure, spread over two years.
  const lines = ['customer_id,order_id,ordered_at,amount']
  for (let o = 0; o < 900; o++) {
    const day = new Date(Date.UTC(2023, 0, 1) + ((o * 37) % 700) * 86_400_000).toISOString().slice(0, 10)
    const amount = o % 11 === 0 ? `-${(o % 7) + 1}` : `${(o % 13) * 5}.${o % 3}`
    lines.push(`k${(o * 7919) % 300},${o},${day} 10:00:00,${amount}`)
  }
  const path = file('formats.csv', `${lines.join('\n')}\n`)
  const gzip = join(dir, 'formats.csv.gz')
  writeFileSync(gzip, gzipSync(readFileSync(path)))
  const text = join(dir, 'formats-text.parquet')
  await writeParquet(path, text)
  const typed = join(dir, 'formats-typed.parquet')
  await writeParquet(path, typed, { ordered_at: 'timestamp', amount: 'decimal(12, 2)', order_id: 'integer' })
  const csv = await analyzeOrdersFile(path)
  expect(csv.rows.length).toBeGreaterThan(250)
  expect(new Set(csv.rows.map((r) => r.abc))).toEqual(new Set(['A', 'B', 'C']))
  for (const other of [gzip, text, typed]) {
    const again = await analyzeOrdersFile(other)
    expect(again.csv).toEqual(csv.csv)
    expect([again.asOf, again.report]).toEqual([csv.asOf, csv.report])
  }
})

test('a quoted field with line breaks over most of the file is one row on its line; progress reaches the whole file', async () => {
  const lines = ['customer_id,order_id,ordered_at,quantity,unit_price,product_id']
  for (let i = 0; i < 1200; i++) {
    // Four lines an order; every 97th line has no customer.
    const o = Math.floor(i / 4)
    const day = new Date(Date.UTC(2023, 0, 1) + ((o * 37) % 500) * 86_400_000).toISOString().slice(0, 10)
    lines.push(`${i % 97 === 0 ? '' : `k${(o * 7919) % 120}`},${o},${day},${(i % 5) - 1},${(i % 9) + 0.5},p`)
  }
  const plain = file('lines.csv', `${lines.join('\n')}\n`)
  const breaks = `"${'x\n'.repeat(60_000)}"`
  const quoted = file(
    'lines-quoted.csv',
    `${[...lines.slice(0, 100), `k1,999,2024-01-01,1,1,${breaks}`, ...lines.slice(100)].join('\n')}\n`,
  )
  const one = await analyzeOrdersFile(plain)
  const progress: number[] = []
  const two = await analyzeOrdersFile(quoted, { onProgress: (read, total) => progress.push(total - read) })
  expect(one.rows.length).toBeGreaterThan(100)
  // The quoted row is refused (a product id of 120,000 characters), on the line it starts on; the rest as before.
  expect(two.report.errors.map((e) => [e.line, e.field])).toEqual([[101, 'product_id']])
  expect(two.report).toMatchObject({ rows: one.report.rows + 1, rowsRejected: one.report.rowsRejected + 1 })
  expect(two.csv).toEqual(one.csv)
  expect(progress.at(-1)).toBe(0)
})

test('a line past 1 MiB and a NUL are rejected rows on their lines, and bad text names its line', async () => {
  const lines = ['customer_id,order_id,ordered_at,amount']
  for (let i = 0; i < 400; i++)
    lines.push(`k${i % 50},${i},2024-01-${String((i % 28) + 1).padStart(2, '0')},${i}`)
  lines[101] = `k1,nul,2024-01-01,1\u0000`
  lines[301] = `k2,long,2024-01-01,${'9'.repeat(5_000_000)}`
  const path = file('hostile.csv', `${lines.join('\n')}\n`)
  const { report } = await analyzeOrdersFile(path)
  expect(report.rowsRejected).toBe(2)
  expect(report.errors.map((e) => [e.line, e.message.slice(0, 30)])).toEqual([
    [102, 'column "amount" holds a NUL ch'],
    [302, 'the record is longer than 1,04'],
  ])

  const latin1 = [...lines.slice(0, 101), ...lines.slice(102, 301), ...lines.slice(302)]
  latin1[350] = 'Müller,m,2024-01-01,5'
  const bytes = Buffer.from(`${latin1.join('\n')}\n`, 'latin1')
  const latinPath = join(dir, 'latin1.csv')
  writeFileSync(latinPath, bytes)
  await expect(analyzeOrdersFile(latinPath)).rejects.toThrow(/line 351 is not valid UTF-8/)
  const read = await analyzeOrdersFile(latinPath, { encoding: 'latin1' })
  expect(read.rows.map((r) => r.customer_id)).toContain('Müller')
})

test('a file with a header and no rows has no customers, no date and an empty report', async () => {
  const analysis = await analyzeOrdersFile(
    file('header-only.csv', 'customer_id,order_id,ordered_at,amount\n'),
  )
  expect([analysis.asOf, analysis.rows, String(analysis.csv)]).toEqual([null, [], ''])
  expect(analysis.report).toMatchObject({ rows: 0, orders: 0, customers: 0, customersAnalysed: 0 })
})
