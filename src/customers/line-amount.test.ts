import fc from 'fast-check'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { openPgliteDb } from '../db/pglite-db.js'
import { sql } from '../db/sql.js'
import { amountText, lineAmount } from './line-amount.js'

let db: Db
beforeAll(async () => {
  db = await openPgliteDb()
})
afterAll(async () => {
  await db?.close()
})

const decimal = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.bigInt({ min: 0n, max: 999n }), fc.bigInt({ min: 0n, max: 999_999_999_999_999n })),
    fc.option(fc.stringMatching(/^\d{1,4}$/), { nil: undefined }),
  )
  .map(([negative, units, fraction]) => `${negative ? '-' : ''}${units}${fraction ? `.${fraction}` : ''}`)

test('a sum of lines is what PostgreSQL makes of sum(quantity × unit price) in numeric(20, 4)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(decimal, decimal), { minLength: 1, maxLength: 6 }), async (lines) => {
      const [row] = await db.query<{ amount: string }>(sql`select round(sum(q * p), 4)::text as amount
          from unnest(${lines.map((l) => l[0])}::numeric(20, 4)[], ${lines.map((l) => l[1])}::numeric(20, 4)[]) as t(q, p)`)
      let sum = 0n
      for (const [quantity, unitPrice] of lines) sum += lineAmount(quantity, unitPrice)
      expect(amountText(sum)).toBe(row!.amount)
    }),
    { numRuns: 500 },
  )
})

test('halves round away from zero, and there is no negative zero', () => {
  expect(amountText(lineAmount('0.0001', '0.5'))).toBe('0.0001')
  expect(amountText(lineAmount('-0.0001', '0.5'))).toBe('-0.0001')
  expect(amountText(lineAmount('-0.0001', '0.4999'))).toBe('0.0000')
  expect(amountText(lineAmount('3', '0.10') + lineAmount('1', '0.20'))).toBe('0.5000')
})
