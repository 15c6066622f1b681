import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { openDuckDb } from '../db/duckdb.js'
import { sql } from '../db/sql.js'
import { type FoldOptions, foldOrdersFile } from './fold-orders.js'
import { readFileHead } from './fold-orders-in-duckdb.js'

const dir = mkdtempSync(join(tmpdir(), 'rapport-fold-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The file folded by the reader asked for: its orders (by id) with their amounts as text, and the report. */
async function fold(name: string, lines: string[], options: FoldOptions = { reader: 'javascript' }) {
  const path = join(dir, name)
  writeFileSync(path, `${lines.join('\n')}\n`)
  const duck = await openDuckDb()
  try {
    const folded = await foldOrdersFile(duck, path, await readFileHead(path, options), options)
    const orders = await duck.rows<{ customer: string; day: number; amount: string; status: string }>(
      sql`select customer_id as customer, day, rtrim(rtrim(amount::varchar, '0'), '.') as amount, status
        from folded_orders order by day, amount`,
    )
    const purchases = options.purchases
      ? await duck.rows<{ customer: string; day: number; amount: string }>(
          sql`select customer_id as customer, day, rtrim(rtrim(amount::varchar, '0'), '.') as amount
            from file_purchases order by day, amount`,
        )
      : []
    return { ...folded, orders, purchases }
  } finally {
    duck.close()
  }
}

const lines = (...rows: [string, string][]) => [
  'customer_id,order_id,ordered_at,quantity,unit_price,product_id',
  ...rows.map(([quantity, price]) => `c1,o1,2024-03-01,${quantity},${price},p`),
]

test('line amounts are exact at the smallest units, past the exact integers of a double and of a decimal(18)', async () => {
  const amount = async (...rows: [string, string][]) =>
    (await fold('lines.csv', lines(...rows))).orders.map((o) => o.amount)
  expect(await amount(['0.0001', '0.0001'], ['-3', '0.1'], ['3', '0.1'])).toEqual(['0.00000001'])
  expect(await amount(['999999999999999', '999999999999999'])).toEqual(['999999999999998000000000000001'])
  expect(await amount(['99999999.9999', '9.9999'])).toEqual(['999989999.99900001'])
  const big: [string, string] = ['90071992547.4099', '1']
  expect(await amount(big, big, ['0.0001', '-1'])).toEqual(['180143985094.8197'])
})

test("given amounts are kept exactly, and an order's customer, day and status are its first row's", async () => {
  const { orders, report } = await fold('amounts.csv', [
    'customer_id,order_id,ordered_at,amount,status',
    'c1,a,2024-03-01,123456789012345.1234,',
    'c2,b,2024-03-02,-0.5,returned',
    'c3,a,2024-03-05,0.0001,cancelled',
  ])
  expect(orders).toEqual([
    { customer: 'c1', day: 19783, amount: '123456789012345.1235', status: 'completed' },
    { customer: 'c2', day: 19784, amount: '-0.5', status: 'returned' },
  ])
  expect(report).toMatchObject({ rows: 3, rowsAnalysed: 3, orders: 2 })
})

test("the import's reader words each bad row on its line and folds the others, plain or not", async () => {
  // Tab-separated, so decimal commas are allowed; rows the plain checks doubt go through the schema.
  const { orders, report, customers } = await fold('mixed.tsv', [
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
  ])
  expect(orders.map((o) => [o.customer, o.amount, o.status])).toEqual([
    ['c1', '7.25', 'completed'],
    ['c2', '5', 'returned'],
    ['c4', '9999999989999990.00000001', 'completed'],
    ['c5', '8', 'pending'],
  ])
  expect(report).toMatchObject({
    rows: 10,
    rowsAnalysed: 6,
    rowsWithoutCustomer: 1,
    rowsRejected: 3,
    orders: 4,
  })
  expect(customers).toBe(4)
  expect(report.errors.map((e) => [e.line, e.field])).toEqual([
    [6, 'ordered_at'],
    [7, 'status'],
    [8, null],
  ])
})

test('purchases are the rows neither cancelled, returned nor negative, on either reader', async () => {
  const rows = [
    'customer_id,order_id,ordered_at,quantity,unit_price,product_id,status',
    'c1,o1,2024-03-01,2,1.5,p,',
    'c1,o1,2024-03-01,-1,1.5,q,',
    'c1,o2,2024-03-02,1,0,p,',
    'c2,o3,2024-03-02,1,9,p,cancelled',
    'c2,o4,2024-03-03,-1,4,p,',
  ]
  const duckdb = await fold('purchases.csv', rows, { purchases: true })
  expect(duckdb.reader).toBe('duckdb')
  expect(duckdb.purchases).toEqual([
    { customer: 'c1', day: 19783, amount: '3' },
    { customer: 'c1', day: 19784, amount: '0' },
  ])
  const javascript = await fold('purchases.csv', rows, { purchases: true, reader: 'javascript' })
  expect(javascript.purchases).toEqual(duckdb.purchases)
  // A row without a customer id is counted and skipped, by either reader: DuckDB keeps the file.
  const withGuest = [...rows, ',o5,2024-03-04,1,1,p,']
  for (const reader of ['duckdb', 'javascript'] as const) {
    const guest = await fold('guest.csv', withGuest, { purchases: true, reader })
    expect(guest.reader).toBe(reader)
    expect(guest.report).toMatchObject({ rows: 6, rowsWithoutCustomer: 1, rowsRejected: 0 })
    expect(guest.purchases).toEqual(duckdb.purchases)
  }
})
