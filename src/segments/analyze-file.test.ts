import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { analyzeOrdersFile } from './analyze-file.js'

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
    cacheDir: join(dir, 'cache'),
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
  const given = await analyzeOrdersFile(orders, { asOf: '2024-04-01', cacheDir: join(dir, 'cache') })
  expect([given.asOf, given.rows[0]?.recency_days]).toEqual(['2024-04-01', '31'])
  const returns = file('returns.csv', 'customer_id,order_id,ordered_at,amount\nr,1,2024-03-01,-10\n')
  const analysis = await analyzeOrdersFile(returns, { cacheDir: join(dir, 'cache') })
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
  const analysis = await analyzeOrdersFile(path, { cacheDir: join(dir, 'cache') })
  expect(analysis.rows.map((r) => [r.customer_id, r.monetary, r.habit_broken])).toEqual([
    ['Smith, J.', '10', 'false'],
    ['plain', '40', 'false'],
    ['say "hi"', '20', 'false'],
    ['two\nlines', '30', 'false'],
  ])
  expect(analysis.rows[0]!.xyz).toBe('')
})
