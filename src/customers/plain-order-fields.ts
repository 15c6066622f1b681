import { type ColumnMapping, columnIndexes, importColumns } from './column-mapping.js'
import { createTimeParser } from './parse-date.js'
import { parseDecimal } from './parse-decimal.js'
import type { OrderLine, OrderRecord } from './records.js'

// The hot path of reading an orders file: the checks of orderRecordSchema, precompiled, for rows whose values
// pass them plainly, read straight from the row's fields. Anything in doubt returns null and goes through the
// schema itself, which also words the error.

const decimal = /^-?\d{1,15}(\.\d{1,4})?$/
const currencyCode = /^[A-Z]{3}$/
const statuses = new Set(['completed', 'pending', 'cancelled', 'returned'])
// The schema's year bounds, 1900 to 2199, as times.
const earliest = Date.UTC(1900, 0, 1)
const latest = Date.UTC(2200, 0, 1)

/** One row's values as orderRecordSchema keeps them. The object is reused from row to row. */
export interface PlainOrderRow {
  /** Empty when the row has no customer id (and every other value is plain). */
  customerId: string
  orderId: string
  /** ordered_at as milliseconds since 1970 (UTC). */
  time: number
  currency: string
  status: OrderRecord['status']
  /** The order's amount, for a file of order totals. */
  amount: string | undefined
  /** The order line, for a file of order lines. */
  productId: string | undefined
  /** The product's name, when the file has a column for it and the row a value. */
  productName: string | undefined
  quantity: string | undefined
  unitPrice: string | undefined
}

export interface PlainOrderOptions {
  dateFormat?: string
  /** Accept '12,50' as a decimal (only when ',' is not the delimiter). */
  decimalComma?: boolean
}

/**
 * Compiles the plain check of an orders file's rows for its columns: a row's values as orderRecordSchema would
 * make them of its cells, or null when one of them is in doubt.
 * @example plainOrderFields(mapColumns(header, 'orders'))(['C-1', 'O-1', '2025-05-16', '9.50'])?.amount // '9.50'
 */
export function plainOrderFields(
  mapping: ColumnMapping,
  options: PlainOrderOptions = {},
): (fields: string[]) => PlainOrderRow | null {
  const [customer, order, orderedAt, amount, currency, status, quantity, unitPrice, product, productName] =
    columnIndexes(mapping, importColumns.orders)
  const parseTime = createTimeParser(options.dateFormat)
  const decimalComma = options.decimalComma ?? false
  const number = (value: string | undefined): string | null => {
    if (value === undefined) return null
    if (decimal.test(value)) return value
    const normalized = parseDecimal(value, decimalComma)
    return normalized !== null && decimal.test(normalized) ? normalized : null
  }
  const lines = mapping.orderLines
  const row: PlainOrderRow = {
    customerId: '',
    orderId: '',
    time: 0,
    currency: 'EUR',
    status: 'completed',
    amount: undefined,
    productId: undefined,
    productName: undefined,
    quantity: undefined,
    unitPrice: undefined,
  }
  return (f) => {
    const orderId = text(f[order])
    if (orderId === null) return null
    const time = parseTime(f[orderedAt] ?? '')
    if (!(time >= earliest && time < latest)) return null
    const currencyCell = f[currency] ?? ''
    const currencyValue = currencyCell === '' ? 'EUR' : currencyCell.trim().toUpperCase()
    if (!currencyCode.test(currencyValue)) return null
    const statusCell = f[status] ?? ''
    const statusValue = statusCell === '' ? 'completed' : statusCell.toLowerCase()
    if (!statuses.has(statusValue)) return null
    if (lines) {
      const productId = text(f[product])
      const q = number(f[quantity])
      const p = number(f[unitPrice])
      if (productId === null || q === null || p === null) return null
      const name = (f[productName] ?? '').trim()
      if (name.length > 500) return null
      row.productId = productId
      row.productName = name === '' ? undefined : name
      row.quantity = q
      row.unitPrice = p
    } else {
      const value = number(f[amount])
      if (value === null) return null
      row.amount = value
    }
    const customerId = (f[customer] ?? '').trim()
    if (customerId.length > 200) return null
    row.customerId = customerId
    row.orderId = orderId
    row.time = time
    row.currency = currencyValue
    row.status = statusValue as OrderRecord['status']
    return row
  }
}

/** The record orderRecordSchema makes of a plain row with a customer. */
export function plainOrderRecord(row: PlainOrderRow): OrderRecord {
  const record: OrderRecord = {
    customer_id: row.customerId,
    order_id: row.orderId,
    ordered_at: new Date(row.time),
    currency: row.currency,
    status: row.status,
  }
  if (row.amount !== undefined) record.amount = row.amount
  else {
    const line: OrderLine = {
      product_id: row.productId!,
      quantity: row.quantity!,
      unit_price: row.unitPrice!,
    }
    if (row.productName !== undefined) line.product_name = row.productName
    record.lines = [line]
  }
  return record
}

/** A trimmed, non-empty text of at most 200 characters, as the schema's text(200) keeps it. */
function text(value: string | undefined): string | null {
  if (value === undefined) return null
  const trimmed = value.trim()
  return trimmed.length >= 1 && trimmed.length <= 200 ? trimmed : null
}
