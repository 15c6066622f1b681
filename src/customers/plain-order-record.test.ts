import { describe, expect, test } from 'vitest'
import { type OrderInput, plainOrderRecord } from './plain-order-record.js'
import { orderRecordSchema } from './records.js'

const base: OrderInput = {
  customer_id: 'C-1',
  order_id: 'O-1',
  ordered_at: new Date('2025-05-16T08:25:49Z'),
  amount: undefined,
  currency: undefined,
  status: undefined,
  lines: [{ product_id: 'SKU-1', quantity: '2', unit_price: '3.20' }],
}

// The schema is the reference: whatever the fast path accepts, it must accept and turn into the same record.
describe('plainOrderRecord', () => {
  test.each<[string, Partial<OrderInput>]>([
    ['an order line with defaults', {}],
    ['ids with spaces around them', { customer_id: '  C-1 ', order_id: '\tO-1' }],
    ['an amount instead of lines', { amount: '-10.5', lines: undefined }],
    ['currency and status given', { currency: ' usd ', status: 'returned' }],
    ['the oldest and newest years allowed', { ordered_at: new Date('1900-01-01T00:00:00Z') }],
    ['the newest year allowed', { ordered_at: new Date('2199-12-31T23:59:59Z') }],
    ['a 15-digit amount with 4 decimals', { amount: '123456789012345.1234', lines: undefined }],
    [
      'several lines',
      { lines: [base.lines![0]!, { product_id: 'SKU-2', quantity: '0.5', unit_price: '1' }] },
    ],
  ])('%s: the same record as the schema makes', (_, change) => {
    const input = { ...base, ...change }
    const record = plainOrderRecord(input)
    expect(record).not.toBeNull()
    expect(record).toEqual(orderRecordSchema.parse(input))
  })

  test.each<[string, Partial<OrderInput>]>([
    ['an empty customer id', { customer_id: '  ' }],
    ['a missing order id', { order_id: undefined }],
    ['an order id over 200 characters', { order_id: 'x'.repeat(201) }],
    ['a missing date', { ordered_at: undefined }],
    ['a date before 1900', { ordered_at: new Date('1899-12-31T23:59:59Z') }],
    ['a date from 2200', { ordered_at: new Date('2200-01-01T00:00:00Z') }],
    ['an invalid date', { ordered_at: new Date(Number.NaN) }],
    ['five decimals', { amount: '1.00001', lines: undefined }],
    [
      'sixteen integer digits',
      { lines: [{ product_id: 'p', quantity: '1234567890123456', unit_price: '1' }] },
    ],
    ['a two-letter currency', { currency: 'EU' }],
    ['an unknown status', { status: 'shipped' }],
    ['neither amount nor lines', { lines: undefined }],
    ['no lines at all', { lines: [] }],
    ['a line without a product', { lines: [{ product_id: '', quantity: '1', unit_price: '1' }] }],
  ])('%s: left to the schema, which refuses it', (_, change) => {
    const input = { ...base, ...change }
    expect(plainOrderRecord(input)).toBeNull()
    expect(orderRecordSchema.safeParse(input).success).toBe(false)
  })
})
