import type { OrderRecord } from './records.js'

// The hot path of an orders import: the checks of orderRecordSchema, precompiled, for values that pass them
// plainly. Anything in doubt returns null and goes through the schema itself, which also words the error.

const decimal = /^-?\d{1,15}(\.\d{1,4})?$/
const currencyCode = /^[A-Z]{3}$/
const statuses = new Set(['completed', 'pending', 'cancelled', 'returned'])

export interface OrderInput {
  customer_id: string | undefined
  order_id: string | undefined
  ordered_at: Date | undefined
  amount: string | undefined
  currency: string | undefined
  status: string | undefined
  lines:
    | { product_id: string | undefined; quantity: string | undefined; unit_price: string | undefined }[]
    | undefined
}

/**
 * The record orderRecordSchema would make of input when every value is plainly valid, else null.
 * @example plainOrderRecord({ customer_id: 'c1', order_id: 'o1', ordered_at: new Date(), amount: '9.50', ... })
 */
export function plainOrderRecord(input: OrderInput): OrderRecord | null {
  const customerId = text(input.customer_id)
  const orderId = text(input.order_id)
  const at = input.ordered_at
  if (customerId === null || orderId === null || at === undefined) return null
  const year = at.getUTCFullYear()
  if (!(year >= 1900 && year < 2200)) return null
  if (input.amount !== undefined && !decimal.test(input.amount)) return null
  const currency = input.currency === undefined ? 'EUR' : input.currency.trim().toUpperCase()
  if (!currencyCode.test(currency)) return null
  const status = input.status ?? 'completed'
  if (!statuses.has(status)) return null
  let lines: OrderRecord['lines']
  if (input.lines !== undefined) {
    if (input.lines.length > 10_000) return null
    lines = []
    for (const line of input.lines) {
      const productId = text(line.product_id)
      const { quantity, unit_price } = line
      if (productId === null || quantity === undefined || unit_price === undefined) return null
      if (!decimal.test(quantity) || !decimal.test(unit_price)) return null
      lines.push({ product_id: productId, quantity, unit_price })
    }
  }
  if (input.amount === undefined && !lines?.length) return null
  const record: OrderRecord = {
    customer_id: customerId,
    order_id: orderId,
    ordered_at: new Date(at.getTime()),
    currency,
    status: status as OrderRecord['status'],
  }
  if (input.amount !== undefined) record.amount = input.amount
  if (lines !== undefined) record.lines = lines
  return record
}

/** A trimmed, non-empty text of at most 200 characters, as the schema's text(200) keeps it. */
function text(value: string | undefined): string | null {
  if (value === undefined) return null
  const trimmed = value.trim()
  return trimmed.length >= 1 && trimmed.length <= 200 ? trimmed : null
}
