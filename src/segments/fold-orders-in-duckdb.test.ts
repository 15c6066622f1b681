import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { openDuckDb } from '../db/duckdb.js'
import { sql } from '../db/sql.js'
import { analyzeOrdersFile } from './analyze-file.js'
import { foldOrdersFile } from './fold-orders.js'
import { readFileHead } from './fold-orders-in-duckdb.js'

// DuckDB folds a file itself unless a row is in doubt; the import's row-by-row reader (reader: 'javascript', the
// implementation before DuckDB read the files) is the oracle for the cases in between.

const dir = mkdtempSync(join(tmpdir(), 'rapport-fold-duckdb-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, lines: string[]): string {
  const path = join(dir, name)
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

async function bothReaders(path: string, reader: 'duckdb' | 'javascript') {
  const duckdb = await analyzeOrdersFile(path)
  expect(duckdb.reader).toBe(reader)
  const javascript = await analyzeOrdersFile(path, { reader: 'javascript' })
  expect(duckdb.csv).toEqual(javascript.csv)
  expect(duckdb.report).toEqual(javascript.report)
  return duckdb
}

test('zones move a purchase to its UTC day, and blanks, signs and case are read as the import reads them', async () => {
  const path = file('zones.csv', [
    'customer_id,order_id,ordered_at,amount,currency,status',
    // 23:30 at UTC-2 is 01:30 UTC on the next day; 00:30 at UTC+01:00 is 23:30 UTC the day before.
    ' x ,1,2024-03-01T23:30:00-02:00,+.5, eur,Completed',
    'y,2,2024-03-05T00:30+0100,5.,,',
    'y,3,2024-03-07 10:00:00.123Z,1.25,EUR,completed',
    'z,4,2024-03-09,2,,pending',
  ])
  const analysis = await bothReaders(path, 'duckdb')
  expect(analysis.rows.map((r) => [r.customer_id, r.first_purchase, r.last_purchase, r.monetary])).toEqual([
    ['x', '2024-03-02', '2024-03-02', '0.5'],
    ['y', '2024-03-04', '2024-03-07', '6.25'],
    ['z', '2024-03-09', '2024-03-09', '2'],
  ])
})

test('a semicolon file reads decimal commas, and order lines add up exactly', async () => {
  const path = file('lines.csv', [
    'customer_id;order_id;ordered_at;quantity;unit_price;product_id',
    'a;1;2024-03-01;3;0,10;p1',
    'a;1;2024-03-01;1;0,0001;p2',
    'b;2;2024-03-02;-1;2,5;p1',
    'b;3;2024-03-03;2;2,5;p1',
  ])
  const analysis = await bothReaders(path, 'duckdb')
  // 3 × 0.10 + 1 × 0.0001 = 0.3001; b: -2.5 + 5 = 2.5 over one purchase.
  expect(analysis.rows.map((r) => [r.customer_id, r.frequency, r.monetary])).toEqual([
    ['a', '1', '0.3001'],
    ['b', '1', '2.5'],
  ])
})

test('a bad row is reported on its line, the rows around it analysed', async () => {
  const path = file('bad.csv', [
    'customer_id,order_id,ordered_at,amount',
    'a,1,2024-03-01,10',
    '',
    'b,2,yesterday,20',
    'c,3,2024-03-03,1.23456',
    ',4,2024-03-04,5',
    'd,5,2024-03-05,7',
  ])
  const analysis = await bothReaders(path, 'javascript')
  expect(analysis.report).toMatchObject({ rows: 5, rowsAnalysed: 2, rowsWithoutCustomer: 1, rowsRejected: 2 })
  expect(analysis.report.errors.map((e) => [e.line, e.field])).toEqual([
    [4, 'ordered_at'],
    [5, 'amount'],
  ])
  expect(analysis.rows.map((r) => r.customer_id)).toEqual(['a', 'd'])
})

test("an order's customer is its first row's, and an id edged with a tab is trimmed", async () => {
  const path = file('first-row.csv', [
    'customer_id,order_id,ordered_at,amount',
    'a\t,1,2024-03-01,10',
    'b,1,2024-03-02,5',
    'b,2,2024-03-03,1',
  ])
  const analysis = await bothReaders(path, 'javascript')
  expect(analysis.rows.map((r) => [r.customer_id, r.last_purchase, r.monetary])).toEqual([
    ['a', '2024-03-01', '15'],
    ['b', '2024-03-03', '1'],
  ])
})

test('a wrong number of fields is reported on its line, as the import reports it', async () => {
  const path = file('fields.csv', [
    'customer_id,order_id,ordered_at,amount',
    'a,1,2024-03-01,10',
    'b,2,2024-03-02',
  ])
  const analysis = await bothReaders(path, 'javascript')
  expect(analysis.report.errors).toEqual([
    { line: 3, field: null, message: 'the row has 3 fields, the header has 4' },
  ])
})

test("an order's rows written differently fold into one order, and quotes in values are read as the import reads them", async () => {
  const rows = [
    'customer_id,order_id,ordered_at,quantity,unit_price,product_id',
    'a,7,2024-03-01 09:00,1,2,p1',
    'a , 7 ,2024-03-01 17:45,2,0.5,p2',
    ',7,2024-03-01 09:00,5,5,p3',
    'b,8,2024-03-02,1,3,p1',
  ]
  const plain = await bothReaders(file('plain.csv', rows), 'duckdb')
  // a's two rows are one order of 2 + 1; the row without a customer is skipped.
  expect(plain.rows.map((r) => [r.customer_id, r.frequency, r.monetary])).toEqual([
    ['a', '1', '3'],
    ['b', '1', '3'],
  ])
  expect([plain.report.orders, plain.report.rowsWithoutCustomer]).toEqual([2, 1])
  // Escaped in a quoted field, or left in an unquoted one, in a product or a customer id.
  const quoted = await bothReaders(
    file('quoted.csv', [
      ...rows,
      'b,9,2024-03-03,1,1,"p ""4"""',
      'c"1,10,2024-03-04,1,2,p"5',
      '"c""1",11,2024-03-05,1,3,p',
    ]),
    'duckdb',
  )
  expect(quoted.rows.map((r) => [r.customer_id, r.frequency, r.monetary])).toEqual([
    ['a', '1', '3'],
    ['b', '2', '4'],
    ['c"1', '2', '5'],
  ])
})

test('a product of nothing but the whitespace JavaScript trims, or longer than 200 characters, is in doubt', async () => {
  const products = [
    'customer_id,order_id,ordered_at,quantity,unit_price,product_id',
    'a,1,2024-03-01,1,2,p1',
    'b,3,2024-03-03,1,2,\u2028\u00a0p2\u3000',
    `b,5,2024-03-05,1,2, ${'p'.repeat(200)} `,
  ]
  await bothReaders(file('plain-products.csv', products), 'duckdb')
  const analysis = await bothReaders(
    file('blank-product.csv', [
      ...products,
      // A line separator or a no-break space, then a vertical tab (which RE2's \s leaves out).
      'a,2,2024-03-02,1,2,\u2028\u000b',
      'a,4,2024-03-04,1,2,\ufeff\u000b',
      `a,6,2024-03-06,1,2,${'p'.repeat(201)}`,
    ]),
    'javascript',
  )
  expect(analysis.report.errors.map((e) => [e.line, e.field])).toEqual([
    [5, 'product_id'],
    [6, 'product_id'],
    [7, 'product_id'],
  ])
  expect(analysis.rows.map((r) => [r.customer_id, r.frequency])).toEqual([
    ['a', '1'],
    ['b', '2'],
  ])
})

test("an order's rows in several groups of cells add up to one order and its purchases, or disagree", async () => {
  const folded = async (path: string, reader: 'duckdb' | 'javascript') => {
    const duck = await openDuckDb()
    try {
      const options = { purchases: true, reader }
      const { reader: used } = await foldOrdersFile(duck, path, await readFileHead(path, {}), options)
      // Per customer and day, as forecasts read the purchases (the JavaScript reader gives one row per line).
      const amounts = (view: string) =>
        duck.rows(sql`select customer_id, day, rtrim(rtrim(sum(amount)::varchar, '0'), '.') as amount
          from ${sql.raw(view)} group by customer_id, day order by all`)
      return {
        reader: used,
        orders: await amounts('folded_orders'),
        purchases: await amounts('file_purchases'),
      }
    } finally {
      duck.close()
    }
  }
  const rows = [
    'customer_id,order_id,ordered_at,quantity,unit_price,product_id',
    'c1,o1,2024-03-01 09:00,2,1.5,p',
    'c1 , o1 ,2024-03-01 17:45,1,2,q',
    'c1,o1,2024-03-01 09:00,-1,4,r',
    'c2,o2,2024-03-02,1,3,p',
  ]
  const plain = await folded(file('groups.csv', rows), 'duckdb')
  // o1: 3 + 2 - 4 = 1 on 2024-03-01 (day 19783), its purchases 3 + 2 = 5.
  expect(plain).toEqual({
    reader: 'duckdb',
    orders: [
      { customer_id: 'c1', day: 19783, amount: '1' },
      { customer_id: 'c2', day: 19784, amount: '3' },
    ],
    purchases: [
      { customer_id: 'c1', day: 19783, amount: '5' },
      { customer_id: 'c2', day: 19784, amount: '3' },
    ],
  })
  expect(await folded(file('groups.csv', rows), 'javascript')).toEqual({ ...plain, reader: 'javascript' })
  // A row of o1 on the next day: the order's first row decides, which only the JavaScript reader knows.
  const nextDay = file('next-day.csv', [...rows, 'c1,o1,2024-03-02 09:00,1,1,s'])
  const disagreeing = await folded(nextDay, 'duckdb')
  expect(disagreeing.reader).toBe('javascript')
  expect(disagreeing.orders[0]).toEqual({ customer_id: 'c1', day: 19783, amount: '2' })
})
