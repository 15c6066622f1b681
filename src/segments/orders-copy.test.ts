import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { orderStatus } from '../customers/records.js'
import type { PartOrders } from './analysis-part.js'
import { ordersCopy, ordersCopyColumns } from './orders-copy.js'

let pg: PGlite
beforeAll(async () => {
  pg = await PGlite.create()
})
afterAll(async () => {
  await pg.close()
})

test('COPY reads the binary orders as the numbers, days, months, exact amounts and statuses they are', async () => {
  // Units of 10⁻⁸, and what PostgreSQL's text of the amount is: every digit group, signs, and no
  // trailing zeros in the decimals.
  const amounts: [units: number | string, text: string][] = [
    [0, '0'],
    [1, '0.00000001'],
    [-1, '-0.00000001'],
    [100_000_000, '1'],
    [150_000_000, '1.5'],
    [-150_000_000, '-1.5'],
    [1_000_000_000_000, '10000'],
    [123_456_789_012, '1234.56789012'],
    [9_007_199_254_740_991, '90071992.54740991'],
    [-9_007_199_254_740_991, '-90071992.54740991'],
    ['123456789012345678901234', '1234567890123456.78901234'],
    ['-100000000000000000000000000', '-1000000000000000000'],
  ]
  // 1970-01-01, 1999-12-31, 2000-01-01, 2024-02-29 and 2024-03-01.
  const days: [day: number, text: string, month: number][] = [
    [0, '1970-01-01', 1970 * 12],
    [10_956, '1999-12-31', 1999 * 12 + 11],
    [10_957, '2000-01-01', 2000 * 12],
    [19_782, '2024-02-29', 2024 * 12 + 1],
    [19_783, '2024-03-01', 2024 * 12 + 2],
  ]
  const n = amounts.length
  const orders: PartOrders = {
    first: 0,
    ids: [],
    customer: Int32Array.from(amounts, (_, i) => i * 1000 - 3),
    day: Int32Array.from(amounts, (_, i) => days[i % days.length]![0]),
    units: Float64Array.from(amounts, ([units]) => (typeof units === 'number' ? units : Number.NaN)),
    big: amounts.flatMap(([units], i) => (typeof units === 'string' ? [[i, units] as [number, string]] : [])),
    status: Uint8Array.from(amounts, (_, i) => i % orderStatus.options.length),
  }
  await pg.exec(`create temp table copied (${ordersCopyColumns})`)
  await pg.query(`copy copied from '/dev/blob' with (format binary)`, [], {
    blob: new Blob([ordersCopy(orders)]),
  })
  const rows = await pg.query<{
    customer_id: number
    day: string
    month_no: number
    amount: string
    status: string
  }>('select customer_id, day::text as day, month_no, amount::text as amount, status from copied')
  expect(rows.rows).toEqual(
    Array.from({ length: n }, (_, i) => ({
      customer_id: i * 1000 - 3,
      day: days[i % days.length]![1],
      month_no: days[i % days.length]![2],
      amount: amounts[i]![1],
      status: orderStatus.options[i % orderStatus.options.length],
    })),
  )
})
