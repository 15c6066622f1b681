import { importColumns } from './column-mapping.js'
import { createDateParser } from './parse-date.js'
import type { RecordKind } from './records.js'

// The names shops and well-known data sets give the canonical columns: Shopify's and WooCommerce's CSV exports,
// and the UCI Online Retail data set (InvoiceNo, StockCode, InvoiceDate, UnitPrice, CustomerID). Compared with
// case, spaces and punctuation ignored; the first name in a list that the file has wins.
const synonyms: Record<RecordKind, Record<string, string[]>> = {
  customers: {
    customer_id: [
      'customer_id',
      'customerid',
      'customer id',
      'id',
      'customer user id',
      'user id',
      'client id',
    ],
    name: ['name', 'full name', 'customer name', 'customer'],
    email: ['email', 'e-mail', 'email address', 'billing email', 'customer email'],
    phone: ['phone', 'phone number', 'billing phone', 'default address phone', 'mobile'],
    language: ['language', 'locale', 'lang'],
    org_unit: ['org_unit', 'org unit', 'store', 'region'],
    email_opt_in: ['email_opt_in', 'accepts email marketing', 'accepts marketing', 'marketing opt in'],
    sms_opt_in: ['sms_opt_in', 'accepts sms marketing'],
    opted_out: ['opted_out', 'unsubscribed'],
  },
  orders: {
    customer_id: [
      'customer_id',
      'customerid',
      'customer id',
      'customer user id',
      'customer',
      'email',
      'billing email',
    ],
    order_id: ['order_id', 'orderid', 'order id', 'invoiceno', 'invoice', 'order number', 'name', 'id'],
    ordered_at: ['ordered_at', 'order date', 'invoicedate', 'created at', 'date created', 'date', 'paid at'],
    amount: ['amount', 'total', 'order total', 'total amount', 'order total amount'],
    currency: ['currency', 'order currency'],
    status: ['status', 'order status', 'financial status'],
    quantity: ['quantity', 'qty', 'lineitem quantity', 'item quantity'],
    unit_price: [
      'unit_price',
      'unitprice',
      'unit price',
      'price',
      'lineitem price',
      'item cost',
      'item price',
    ],
    product_id: ['product_id', 'stockcode', 'sku', 'lineitem sku', 'product id', 'product'],
    product_name: ['product_name', 'description', 'lineitem name', 'item name', 'product name', 'title'],
  },
  events: {
    customer_id: ['customer_id', 'customerid', 'customer id', 'user id', 'customer'],
    type: ['type', 'event', 'event type', 'event name', 'action'],
    occurred_at: ['occurred_at', 'occurred at', 'timestamp', 'time', 'date', 'created at'],
    channel: ['channel'],
    touchpoint: ['touchpoint', 'page', 'source'],
    event_id: ['event_id', 'event id', 'id'],
  },
}

const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')

/** Canonical column → the file's header that probably holds it, each header used once. */
export function suggestMapping(kind: RecordKind, headers: readonly string[]): Record<string, string> {
  const byName = new Map<string, string>()
  for (const header of headers) if (!byName.has(squash(header))) byName.set(squash(header), header)
  const used = new Set<string>()
  const mapping: Record<string, string> = {}
  // An exact canonical name first, everywhere: "id" must not take the column that "order_id" names.
  for (const column of importColumns[kind]) {
    const header = byName.get(squash(column))
    if (header !== undefined && !used.has(header)) {
      mapping[column] = header
      used.add(header)
    }
  }
  for (const column of importColumns[kind]) {
    if (mapping[column]) continue
    for (const name of synonyms[kind][column] ?? []) {
      const header = byName.get(squash(name))
      if (header !== undefined && !used.has(header)) {
        mapping[column] = header
        used.add(header)
        break
      }
    }
  }
  return mapping
}

/** The date formats tried on a column's values, most common first (ISO covers Shopify's "2024-01-15 10:23:45 +0100"). */
export const candidateDateFormats = [
  'ISO',
  'M/D/YYYY H:mm',
  'M/D/YYYY H:mm:ss',
  'M/D/YYYY',
  'D/M/YYYY H:mm',
  'D/M/YYYY',
  'DD.MM.YYYY HH:mm',
  'DD.MM.YYYY HH:mm:ss',
  'DD.MM.YYYY',
  'D.M.YYYY',
  'DD-MM-YYYY',
  'YYYY/MM/DD',
  'YYYYMMDD',
] as const

/**
 * The first candidate format that reads every non-empty value, or null when none does (or there is no value).
 * @example detectDateFormat(['12/1/2010 8:26', '12/13/2010 9:02']) // 'M/D/YYYY H:mm'
 */
export function detectDateFormat(values: readonly string[]): string | null {
  const samples = values.map((v) => v.trim()).filter((v) => v !== '')
  if (samples.length === 0) return null
  for (const format of candidateDateFormats) {
    const parse = createDateParser(format)
    if (samples.every((v) => parse(v) !== null)) return format
  }
  return null
}
