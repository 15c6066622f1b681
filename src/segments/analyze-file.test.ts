import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { analyzeOrdersFile } from './analyze-file.js'
import { analysisCacheDir } from './test-analysis-cache.js'

const dir = mkdtempSync(join(tmpdir(), 'rapport-analyze-'))
const cacheDir = analysisCacheDir(join(dir, 'cache'))
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
    cacheDir,
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
  const given = await analyzeOrdersFile(orders, { asOf: '2024-04-01', cacheDir })
  expect([given.asOf, given.rows[0]?.recency_days]).toEqual(['2024-04-01', '31'])
  const returns = file('returns.csv', 'customer_id,order_id,ordered_at,amount\nr,1,2024-03-01,-10\n')
  const analysis = await analyzeOrdersFile(returns, { cacheDir })
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
  const analysis = await analyzeOrdersFile(path, { cacheDir })
  expect(analysis.rows.map((r) => [r.customer_id, r.monetary, r.habit_broken])).toEqual([
    ['Smith, J.', '10', 'false'],
    ['plain', '40', 'false'],
    ['say "hi"', '20', 'false'],
    ['two\nlines', '30', 'false'],
  ])
  expect(analysis.rows[0]?.xyz).toBe('')
  expect(analysis.report.customersAnalysed).toBe(4)
  expect(analysis.csv.split('\n').map((line) => line.split(',2024-')[0])).toEqual([
    '"Smith, J."',
    'plain',
    '"say ""hi"""',
    '"two',
    'lines"',
    '',
  ])
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
  const analysis = await analyzeOrdersFile(path, { cacheDir })
  expect(analysis.rows.map((r) => `${r.customer_id} ${r.abc}`)).toEqual([
    '10 A',
    '9 A',
    'B A',
    'b B',
    'z A',
    'é B',
  ])
})

test('a tie group split over several parts is placed as one, in id order', async () => {
  // Twenty customers of 5 each: with 75 before them the first sixteen are A, then three B and one C. Three
  // parts split the group 7/7/6, so the parts after the first have to count the ties before them.
  // The file lists them out of id order: the parts are stretches of the ids' order all the same.
  const ids = Array.from({ length: 20 }, (_, i) => `c${String((i * 7) % 20).padStart(2, '0')}`)
  const path = file(
    'split-ties.csv',
    ['customer_id,order_id,ordered_at,amount', ...ids.map((id, i) => `${id},${i},2024-03-01,5`)].join('\n'),
  )
  const analysis = await analyzeOrdersFile(path, { cacheDir, parts: 3 })
  expect(analysis.rows.map((r) => r.abc).join('')).toBe(`${'A'.repeat(16)}BBBC`)
})

test('one part or three, the same rows', async () => {
  // Customers with several orders, returns and ties on every figure, spread over two years.
  const lines = ['customer_id,order_id,ordered_at,amount']
  for (let o = 0; o < 900; o++) {
    const day = new Date(Date.UTC(2023, 0, 1) + ((o * 37) % 700) * 86_400_000).toISOString().slice(0, 10)
    const amount = o % 11 === 0 ? `-${(o % 7) + 1}` : `${(o % 13) * 5}.${o % 3}`
    lines.push(`k${(o * 7919) % 300},${o},${day},${amount}`)
  }
  const path = file('parts.csv', lines.join('\n'))
  const one = await analyzeOrdersFile(path, { cacheDir, parts: 1 })
  const three = await analyzeOrdersFile(path, { cacheDir, parts: 3 })
  expect(one.rows.length).toBeGreaterThan(250)
  expect(new Set(one.rows.map((r) => r.abc))).toEqual(new Set(['A', 'B', 'C']))
  expect(three.csv).toBe(one.csv)
  expect([three.asOf, three.report]).toEqual([one.asOf, one.report])
})

test('a file read by two threads gives what one reader gives, also when a quoted field holds the split', async () => {
  const lines = ['customer_id,order_id,ordered_at,quantity,unit_price,product_id']
  for (let i = 0; i < 1200; i++) {
    // Four lines an order, so orders straddle wherever the file is split; every 97th line has no customer.
    const o = Math.floor(i / 4)
    const day = new Date(Date.UTC(2023, 0, 1) + ((o * 37) % 500) * 86_400_000).toISOString().slice(0, 10)
    lines.push(`${i % 97 === 0 ? '' : `k${(o * 7919) % 120}`},${o},${day},${(i % 5) - 1},${(i % 9) + 0.5},p`)
  }
  const plain = file('threads.csv', `${lines.join('\n')}\n`)
  // A product id with line breaks over most of the file, the point where it is split included.
  const breaks = `"${'x\n'.repeat(60_000)}"`
  const quoted = file(
    'threads-quoted.csv',
    `${[...lines.slice(0, 100), `k1,999,2024-01-01,1,1,${breaks}`, ...lines.slice(100)].join('\n')}\n`,
  )
  for (const path of [plain, quoted]) {
    const one = await analyzeOrdersFile(path, { cacheDir, parts: 1 })
    const progress: number[] = []
    const two = await analyzeOrdersFile(path, {
      cacheDir,
      parts: 2,
      splitBytes: 0,
      onProgress: (read, total) => progress.push(total - read),
    })
    expect(one.rows.length).toBeGreaterThan(100)
    expect(two.csv).toBe(one.csv)
    expect([two.asOf, two.report]).toEqual([one.asOf, one.report])
    // The two readers' bytes add up to the file's.
    expect(progress.at(-1)).toBe(0)
  }
})

test('read by one thread or two, a line past 1 MiB and a NUL are rejected rows on their lines, and bad text names its line', async () => {
  const lines = ['customer_id,order_id,ordered_at,amount']
  for (let i = 0; i < 400; i++)
    lines.push(`k${i % 50},${i},2024-01-${String((i % 28) + 1).padStart(2, '0')},${i}`)
  lines[101] = `k1,nul,2024-01-01,1\u0000`
  lines[301] = `k2,long,2024-01-01,${'9'.repeat(5_000_000)}`
  const path = file('hostile.csv', `${lines.join('\n')}\n`)
  for (const parts of [1, 2]) {
    const { report } = await analyzeOrdersFile(path, { cacheDir: join(dir, 'cache'), parts, splitBytes: 0 })
    expect(report.rowsRejected).toBe(2)
    expect(report.errors.map((e) => [e.line, e.message.slice(0, 30)])).toEqual([
      [102, 'column "amount" holds a NUL ch'],
      [302, 'the record is longer than 1,04'],
    ])
  }

  // Latin-1 in the second reader's range: the error names the line of the whole file.
  const latin1 = [...lines.slice(0, 101), ...lines.slice(102, 301), ...lines.slice(302)]
  latin1[350] = 'Müller,m,2024-01-01,5'
  const bytes = Buffer.from(`${latin1.join('\n')}\n`, 'latin1')
  const latinPath = join(dir, 'latin1.csv')
  writeFileSync(latinPath, bytes)
  const options = { cacheDir: join(dir, 'cache'), parts: 2, splitBytes: 0 }
  await expect(analyzeOrdersFile(latinPath, options)).rejects.toThrow(/line 351 is not valid UTF-8/)
  const read = await analyzeOrdersFile(latinPath, { ...options, encoding: 'latin1' })
  expect(read.rows.map((r) => r.customer_id)).toContain('Müller')
})
