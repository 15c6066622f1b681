import { expect, test } from 'vitest'
import { customerLifetimeValue } from './clv.js'
import { dayOf, summarizePurchases } from './summarize-purchases.js'

const day = (iso: string) => dayOf(new Date(`${iso}T12:00:00Z`))

test('same-day purchases merge, returns are no transactions, and times count from the first purchase', () => {
  const purchases = [
    { customerId: 'A', day: day('2024-01-01'), amount: 10 },
    { customerId: 'A', day: day('2024-01-01'), amount: 5 },
    { customerId: 'A', day: day('2024-01-08'), amount: 20 },
    { customerId: 'A', day: day('2024-01-15'), amount: -20 },
    { customerId: 'A', day: day('2024-01-29'), amount: 30 },
    { customerId: 'A', day: day('2024-02-10'), amount: 7 },
    { customerId: 'A', day: day('2024-03-10'), amount: 7 },
    { customerId: 'B', day: day('2024-02-05'), amount: 9 },
    { customerId: 'C', day: day('2024-01-05'), amount: -9 },
  ]
  const data = summarizePurchases(purchases, {
    calibrationEnd: day('2024-01-31'),
    holdoutEnd: day('2024-02-29'),
    unit: 'week',
  })
  // A: repeat days Jan 8 and Jan 29 (x = 2, t_x = 28 days), T = 30 days, m_x = (20 + 30) / 2, one holdout day.
  expect(data.customers).toEqual([
    { id: 'A', x: 2, tx: 4, T: 30 / 7, mx: 25, firstDay: day('2024-01-01'), xStar: 1 },
  ])
  const inDays = summarizePurchases(purchases, { calibrationEnd: day('2024-01-31'), unit: 'day' })
  expect(inDays.customers[0]).toMatchObject({ x: 2, tx: 28, T: 30, xStar: 0 })
})

test('CLV sums the monthly expected purchases times spend and margin, discounted each month', () => {
  // 2 purchases a month at 10, margin 50 %, 10 % a month: 10/1.1 + 10/1.21.
  const value = customerLifetimeValue((t) => 2 * t, 10, 1, { months: 2, monthlyDiscount: 0.1, margin: 0.5 })
  expect(value).toBeCloseTo(10 / 1.1 + 10 / 1.21, 10)
})
