import { z } from 'zod'
import { jsonObject } from '../http/schema-bounds.js'

// The canonical records every source (CSV, batch JSON, shop webhooks, demo) is turned into.

const text = (max: number) => z.string().trim().min(1).max(max)
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null))

/** An exact decimal as a string: no floats ever reach the database. */
export const decimalString = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine((v) => /^-?\d{1,15}(\.\d{1,4})?$/.test(v), 'must be a decimal number with at most 4 decimal places')

export const languageCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/, 'must be a language code such as en, uk, pl-PL')

// The year bound keeps typos like 20211-01-01 out of the record (and inside PostgreSQL's range).
const timestamp = z.coerce
  .date({ error: 'must be a date and time' })
  .refine(
    (d) => d.getUTCFullYear() >= 1900 && d.getUTCFullYear() < 2200,
    'must be between the years 1900 and 2199',
  )

export const customerRecordSchema = z.object({
  customer_id: text(200),
  name: optionalText(300),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .email('must be an e-mail address')
    .max(320)
    .nullish()
    .or(z.literal('').transform(() => null))
    .transform((v) => v ?? null),
  phone: optionalText(50),
  language: languageCode
    .nullish()
    .or(z.literal('').transform(() => null))
    .transform((v) => v ?? null),
  org_unit: optionalText(200),
  email_opt_in: z.boolean().optional(),
  sms_opt_in: z.boolean().optional(),
  opted_out: z.boolean().optional(),
  attributes: jsonObject({ maxKeys: 100, maxChars: 16_384 }).default({}),
})
export type CustomerRecord = z.infer<typeof customerRecordSchema>

export const orderStatus = z.enum(['completed', 'pending', 'cancelled', 'returned'])

export const orderLineSchema = z.object({
  product_id: text(200),
  product_name: text(500).optional(),
  quantity: decimalString,
  unit_price: decimalString,
})
export type OrderLine = z.infer<typeof orderLineSchema>

/** A shop's product title as an order line keeps it: trimmed, at most 500 UTF-16 units, no surrogate pair cut. */
export function productNameOf(title: string | null | undefined): string | undefined {
  const trimmed = title?.trim()
  if (!trimmed) return undefined
  if (trimmed.length <= 500) return trimmed
  const high = trimmed.charCodeAt(499)
  return trimmed.slice(0, high >= 0xd800 && high <= 0xdbff ? 499 : 500)
}

/** An order: either an amount, or lines whose quantity × unit price make the amount. */
export const orderRecordSchema = z
  .object({
    customer_id: text(200),
    order_id: text(200),
    ordered_at: timestamp,
    amount: decimalString.optional(),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, 'must be a three-letter currency code')
      .default('EUR'),
    status: orderStatus.default('completed'),
    lines: z.array(orderLineSchema).max(10_000).optional(),
  })
  .refine((o) => o.amount !== undefined || (o.lines && o.lines.length > 0), {
    message: 'needs an amount or order lines',
    path: ['amount'],
  })
export type OrderRecord = z.infer<typeof orderRecordSchema>

export const eventRecordSchema = z.object({
  customer_id: text(200),
  event_id: optionalText(200),
  type: text(100),
  occurred_at: timestamp,
  channel: optionalText(100),
  touchpoint: optionalText(200),
  properties: jsonObject({ maxKeys: 100, maxChars: 16_384 }).default({}),
})
export type EventRecord = z.infer<typeof eventRecordSchema>

export type RecordKind = 'customers' | 'orders' | 'events'

/** The record type of each kind; indexed by a generic kind, it keeps the record tied to its kind. */
export interface RecordTypes {
  customers: CustomerRecord
  orders: OrderRecord
  events: EventRecord
}
export type RecordOf<K extends RecordKind> = RecordTypes[K]

/** Each kind's schema; typed per kind, so that recordSchemas[kind] parses into RecordOf<K> for a generic K. */
export const recordSchemas: { [K in RecordKind]: z.ZodType<RecordOf<K>> } = {
  customers: customerRecordSchema,
  orders: orderRecordSchema,
  events: eventRecordSchema,
}

/** Where a record came from: a file's line number or a request's array index. */
export type RowRef = { line: number } | { index: number }

/** One input row: its record, or why it was refused. */
export type ImportRow<T, Ref extends RowRef = RowRef> =
  | (Ref & { record: T })
  | (Ref & { error: { field: string | null; message: string } })
