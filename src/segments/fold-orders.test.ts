import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { readImportFile, readImportRows } from '../customers/import-file.js'
import type { OrderRecord } from '../customers/records.js'
import { type FoldedOrders, OrderFolder } from './fold-orders.js'
import { orderAmounts } from './test-order-amounts.js'

const at = new Date('2024-03-01T10:00:00Z')

function fold(records: Partial<OrderRecord>[]): string[] {
  const folder = new OrderFolder()
  records.forEach((r, i) => {
    const record = {
      customer_id: 'c1',
      order_id: 'o1',
      ordered_at: at,
      currency: 'EUR',
      status: 'completed',
      ...r,
    }
    folder.add({ line: i + 2, record: record as OrderRecord })
  })
  return orderAmounts(folder.finish())
}

/** The folded orders with their amounts as text: the units of an exact sum may be kept either way. */
function exact({ units, big, ...folded }: FoldedOrders) {
  return { ...folded, amount: orderAmounts({ units, big, ...folded }) }
}

const line = (quantity: string, unit_price: string) => ({
  lines: [{ product_id: 'p', quantity, unit_price }],
})

test('line amounts are exact at the smallest units and past the exact integers of a double', () => {
  expect(fold([line('0.0001', '0.0001'), line('-3', '0.1'), line('3', '0.1')])).toEqual(['0.00000001'])
  expect(fold([line('999999999999999', '999999999999999')])).toEqual(['999999999999998000000000000001'])
  expect(fold([line('99999999.9999', '9.9999')])).toEqual(['999989999.99900001'])
})

test('an order whose sum outgrows a double stays exact, and a later small line adds to it', () => {
  const big = line('90071992547.4099', '1')
  expect(fold([big, big, line('0.0001', '-1')])).toEqual(['180143985094.8197'])
})

test('given amounts of up to 15 digits and 4 decimals are kept exactly, lines of other orders apart', () => {
  expect(
    fold([
      { order_id: 'a', amount: '123456789012345.1234' },
      { order_id: 'b', amount: '-0.5' },
      { order_id: 'a', amount: '0.0001' },
    ]),
  ).toEqual(['123456789012345.1235', '-0.5'])
})

test('customers are numbered in the order first seen, each order keeping its own', () => {
  const folder = new OrderFolder()
  const ids = ['b', 'B', 'b', 'a9', 'B']
  ids.forEach((customer_id, i) => {
    const record = { customer_id, order_id: `o${i}`, ordered_at: at, currency: 'EUR', status: 'completed' }
    folder.add({ line: i + 2, record: { ...record, amount: String(i) } as OrderRecord })
  })
  const folded = folder.finish()
  expect(folded.customers).toEqual(['b', 'B', 'a9'])
  // Order i was bought by ids[i] for amount i.
  expect(folded.customer.map((c) => folded.customers[c])).toEqual(ids)
  expect(orderAmounts(folded)).toEqual(ids.map((_, i) => String(i)))
})

test('folding a file from its cells gives what folding its records gives, doubtful rows and errors included', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-fold-'))
  try {
    // Tab-separated, so decimal commas are allowed; rows the plain checks doubt go through the schema.
    const rows = [
      'customer_id\torder_id\tordered_at\tquantity\tunit_price\tproduct_id\tstatus\tcurrency',
      'c1\to1\t2024-03-01 10:00\t2\t3.5\tp\t\t',
      'c1\to1\t2024-03-01 10:00\t1\t0,25\tp\tCompleted\teur',
      ' c2 \to2\t2024-03-02\t+.5\t10\tp\treturned\tUSD',
      '\to3\t2024-03-03\t1\t1\tp\t\t',
      'c3\to4\t2024-02-30\t1\t1\tp\t\t',
      'c3\to5\t2024-03-04\t1\t1\tp\tshipped\t',
      'c3\to6\t2024-03-04\t1\t1\tp',
      'c4\to7\t2024-03-05\t99999999999.9999\t99999.9999\tp\t\t',
      '"c5"\t"o8"\t2024-03-06\t1\t2\t"p\nq"\tpending\t',
      'c5\to8\t2024-03-06\t3\t2\tp\t\t',
    ]
    const path = join(dir, 'lines.tsv')
    writeFileSync(path, rows.join('\n'))
    const bySink = new OrderFolder()
    for await (const _ of readImportRows(path, 'orders', {}, (m, o) => bySink.sink(m, o))) {
      // folding
    }
    const byRecords = new OrderFolder()
    for await (const row of readImportFile(path, 'orders')) byRecords.add(row)
    const folded = bySink.finish()
    expect(exact(folded)).toEqual(exact(byRecords.finish()))
    expect(bySink.report).toEqual(byRecords.report)
    // What both say, worked out by hand.
    expect(orderAmounts(folded)).toEqual(['7.25', '5', '9999999989999990.00000001', '8'])
    expect(folded.status).toEqual(['completed', 'returned', 'completed', 'pending'])
    expect(bySink.report).toMatchObject({ rows: 10, rowsWithoutCustomer: 1, rowsRejected: 3, orders: 4 })
    expect(bySink.report.errors.map((e) => [e.line, e.field])).toEqual([
      [6, 'ordered_at'],
      [7, 'status'],
      [8, null],
    ])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
