import { expect, test } from 'vitest'
import { OrderBatch } from './order-batch.js'
import type { OrderRecord } from './records.js'

const ws = '00000000-0000-4000-8000-000000000001'

function record(order: string, product: string, extra: Partial<OrderRecord> = {}): OrderRecord {
  return {
    customer_id: 'c\t1\\x',
    order_id: order,
    ordered_at: new Date('2024-03-01T10:00:00.123Z'),
    currency: 'EUR',
    status: 'completed',
    lines: [{ product_id: product, quantity: '2', unit_price: '0.10' }],
    ...extra,
  }
}

test('rows come back from the COPY text as the records they were, with their refs and line numbers', () => {
  const batch = OrderBatch.empty(ws)
  const records = [
    record('o\n1', 'p\\N'),
    record('o\n1', 'tab\there'),
    { ...record('o2', 'x'), amount: '-3.5000', lines: undefined },
    record('o3', 'ž€', { status: 'returned', currency: 'USD' }),
    // A product name that looks like COPY's null and holds a tab still comes back as itself.
    record('o4', 'q', {
      lines: [{ product_id: 'q', product_name: '\\N\tcup', quantity: '1', unit_price: '1' }],
    }),
  ]
  records.forEach((r, i) => {
    batch.add(i % 2 ? { line: i + 2 } : { index: i }, r, i === 1 ? 2 : 1)
  })
  const rows = batch.rows(() => true)
  expect(rows.map((r) => r.record)).toEqual(records)
  expect(rows.map((r) => [r.ref, r.firstLine])).toEqual([
    [{ index: 0 }, 1],
    [{ line: 3 }, 2],
    [{ index: 2 }, 1],
    [{ line: 5 }, 1],
    [{ index: 4 }, 1],
  ])
  expect(rows[0]?.order).toBe(rows[1]?.order)
  const slice = batch.slice(1, 3)
  expect(slice.rows(() => true).map((r) => r.record)).toEqual(records.slice(1, 3))
})

test('an order is written once, from its first row, worth the exact sum of its lines in the batch', () => {
  const batch = OrderBatch.empty(ws)
  batch.add({ line: 2 }, record('o1', 'a'), 1)
  batch.add({ line: 3 }, record('o2', 'b'), 1)
  batch.add({ line: 4 }, { ...record('o1', 'c'), customer_id: 'other' }, 2)
  const copy = batch.copy()
  const orders = copy.orderText
    .trim()
    .split('\n')
    .map((row) => row.split('\t').slice(2))
  expect(orders).toEqual([
    ['o1', 'c\\t1\\\\x', '2024-03-01T10:00:00.123Z', 'EUR', 'completed', '0.4000'],
    ['o2', 'c\\t1\\\\x', '2024-03-01T10:00:00.123Z', 'EUR', 'completed', '0.2000'],
  ])
  const o1 = copy.orders[0]!
  const lines = Buffer.from(copy.lineText((order) => order === o1)).toString()
  // No product name: the last column is COPY's null.
  expect(lines).toBe(`${o1.id}\t1\t${ws}\ta\t2\t0.10\t\\N\n${o1.id}\t2\t${ws}\tc\t2\t0.10\t\\N\n`)
  // A slice sums its own rows.
  expect(batch.slice(2, 3).copy().orderText).toContain('\tother\t')
  expect(batch.slice(2, 3).copy().orderText.trim().endsWith('\t0.2000')).toBe(true)
})
