import type { z } from 'zod'
import { type ColumnMapping, columnIndexes, importColumns } from './column-mapping.js'
import { createDateParser } from './parse-date.js'
import { parseDecimal } from './parse-decimal.js'
import { plainOrderFields, plainOrderRecord } from './plain-order-fields.js'
import {
  type ImportRow as AnyImportRow,
  type CustomerRecord,
  customerRecordSchema,
  type EventRecord,
  eventRecordSchema,
  type OrderRecord,
  orderRecordSchema,
  type RecordKind,
} from './records.js'

/** One data row of an import file: its record, or why it was refused. `line` is the physical line it starts on. */
export type ImportRow<T> = AnyImportRow<T, { line: number }>

/** Turns one row's fields into a validated record or an error naming the field. */
export type RecordBuilder<T> = (fields: string[], line: number) => ImportRow<T>

export interface RecordBuilderOptions {
  /** 'ISO' or a YYYY MM DD HH mm ss pattern. */
  dateFormat?: string
  /** Accept '12,50' as a decimal (only when ',' is not the delimiter). */
  decimalComma?: boolean
}

const booleans: Record<string, boolean> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  yes: true,
  no: false,
}

/** Builds the row → record function for one kind of import file, once its columns are known. */
export function createRecordBuilder(
  kind: 'customers',
  mapping: ColumnMapping,
  options?: RecordBuilderOptions,
): RecordBuilder<CustomerRecord>
export function createRecordBuilder(
  kind: 'orders',
  mapping: ColumnMapping,
  options?: RecordBuilderOptions,
): RecordBuilder<OrderRecord>
export function createRecordBuilder(
  kind: 'events',
  mapping: ColumnMapping,
  options?: RecordBuilderOptions,
): RecordBuilder<EventRecord>
export function createRecordBuilder(
  kind: RecordKind,
  mapping: ColumnMapping,
  options?: RecordBuilderOptions,
): RecordBuilder<CustomerRecord | OrderRecord | EventRecord>
export function createRecordBuilder(
  kind: RecordKind,
  mapping: ColumnMapping,
  options: RecordBuilderOptions = {},
): RecordBuilder<CustomerRecord | OrderRecord | EventRecord> {
  const row = new RowReader(mapping, options)
  if (kind === 'customers') return customerBuilder(row)
  if (kind === 'orders') return orderBuilder(row, options)
  return eventBuilder(row)
}

function customerBuilder(row: RowReader): RecordBuilder<CustomerRecord> {
  const [id, name, email, phone, language, orgUnit] = row.columns(
    'customer_id',
    'name',
    'email',
    'phone',
    'language',
    'org_unit',
  )
  const flags = row.columns('email_opt_in', 'sms_opt_in', 'opted_out')
  return (f, line) => {
    const [emailOptIn, smsOptIn, optedOut] = flags.map((at) => row.boolean(f, at))
    if (row.problem) return row.fail(line)
    const input = {
      customer_id: f[id],
      name: row.text(f, name),
      email: row.text(f, email),
      phone: row.text(f, phone),
      language: row.text(f, language),
      org_unit: row.text(f, orgUnit),
      email_opt_in: emailOptIn,
      sms_opt_in: smsOptIn,
      opted_out: optedOut,
      attributes: row.extra(f),
    }
    return row.validate(customerRecordSchema, input, f, line)
  }
}

function orderBuilder(row: RowReader, options: RecordBuilderOptions): RecordBuilder<OrderRecord> {
  const [customer, order, orderedAt, amount, currency, status, quantity, unitPrice, product, productName] =
    row.columns(...importColumns.orders)
  const orderLines = row.mapping.orderLines
  const plain = plainOrderFields(row.mapping, options)
  return (f, line) => {
    const values = plain(f)
    if (values !== null && values.customerId !== '') return { line, record: plainOrderRecord(values) }
    const input = {
      customer_id: f[customer],
      order_id: f[order],
      ordered_at: row.date(f, orderedAt),
      amount: orderLines ? undefined : row.decimal(f, amount),
      currency: row.text(f, currency) ?? undefined,
      status: row.text(f, status)?.toLowerCase(),
      lines: orderLines
        ? [
            {
              product_id: f[product],
              product_name: row.text(f, productName) ?? undefined,
              quantity: row.decimal(f, quantity),
              unit_price: row.decimal(f, unitPrice),
            },
          ]
        : undefined,
    }
    if (row.problem) return row.fail(line)
    // zod only for the rare row the plain checks doubt, to say exactly what is wrong with it.
    return row.validate(orderRecordSchema, input, f, line)
  }
}

function eventBuilder(row: RowReader): RecordBuilder<EventRecord> {
  const [customer, type, occurredAt, channel, touchpoint, eventId] = row.columns(
    'customer_id',
    'type',
    'occurred_at',
    'channel',
    'touchpoint',
    'event_id',
  )
  return (f, line) => {
    const input = {
      customer_id: f[customer],
      event_id: row.text(f, eventId),
      type: f[type],
      occurred_at: row.date(f, occurredAt),
      channel: row.text(f, channel),
      touchpoint: row.text(f, touchpoint),
      properties: row.extra(f),
    }
    if (row.problem) return row.fail(line)
    return row.validate(eventRecordSchema, input, f, line)
  }
}

/** Reads typed cells out of rows; the first bad cell of a row is kept in `problem` instead of thrown. */
class RowReader {
  problem: { field: string; message: string } | null = null
  private readonly parseDate
  private readonly dateExpectation: string
  private readonly decimalComma: boolean
  private readonly fieldAt: string[] = []

  constructor(
    readonly mapping: ColumnMapping,
    options: RecordBuilderOptions,
  ) {
    const format = options.dateFormat ?? 'ISO'
    this.parseDate = createDateParser(format)
    this.dateExpectation =
      format.toUpperCase() === 'ISO'
        ? 'is not an ISO 8601 date (such as 2024-03-01 or 2024-03-01T09:30:00Z)'
        : `is not a date in format ${format}`
    this.decimalComma = options.decimalComma ?? false
    for (const [field, at] of mapping.index) this.fieldAt[at] = field
  }

  /** Indexes of the given canonical columns in a row, -1 where the file lacks them. */
  columns<const N extends readonly string[]>(...names: N): { [K in keyof N]: number } {
    return columnIndexes(this.mapping, names)
  }

  text(f: string[], at: number): string | undefined {
    return at === -1 || f[at] === '' ? undefined : f[at]
  }

  date(f: string[], at: number): Date | undefined {
    const raw = f[at] ?? ''
    const date = this.parseDate(raw)
    if (date) return date
    this.note(at, raw, this.dateExpectation)
    return undefined
  }

  decimal(f: string[], at: number): string | undefined {
    const raw = f[at] ?? ''
    const value = parseDecimal(raw, this.decimalComma)
    if (value !== null) return value
    this.note(at, raw, `is not a decimal number (such as 12.50 or -3${this.decimalComma ? ' or 12,50' : ''})`)
    return undefined
  }

  boolean(f: string[], at: number): boolean | undefined {
    const raw = f[at]
    if (raw === undefined) return undefined
    const value = raw.trim().toLowerCase()
    if (value === '') return undefined
    const flag = booleans[value]
    if (flag === undefined) this.note(at, raw, 'is not true/false, 1/0 or yes/no')
    return flag
  }

  extra(f: string[]): Record<string, string> {
    const values: Record<string, string> = {}
    for (const { index, name } of this.mapping.extra) {
      // An empty cell is an absent value, not an empty-string attribute.
      const value = f[index]?.trim() ?? ''
      if (value !== '') values[name] = value
    }
    return values
  }

  validate<T>(schema: z.ZodType<T>, input: unknown, f: string[], line: number): ImportRow<T> {
    const result = schema.safeParse(input)
    if (result.success) return { line, record: result.data }
    const [issue] = result.error.issues
    if (issue === undefined) return this.fail(line)
    const [first, , nested] = issue.path
    const field = String(first === 'lines' ? nested : (first ?? ''))
    const at = this.mapping.index.get(field)
    if (at === undefined)
      return { line, error: { field: field || null, message: `${field || 'row'}: ${issue.message}` } }
    const message = /^must\b/.test(issue.message) ? issue.message : `is invalid (${issue.message})`
    this.note(at, f[at] ?? '', message)
    return this.fail(line)
  }

  fail(line: number): ImportRow<never> {
    const error = this.problem ?? { field: null, message: 'invalid row' }
    this.problem = null
    return { line, error }
  }

  private note(at: number, raw: string, expectation: string): void {
    if (this.problem) return
    const field = this.fieldAt[at] ?? 'row'
    const source = this.mapping.mappedFrom.get(field)
    const label = source === undefined ? field : `${field} (column ${JSON.stringify(source)})`
    const shown = raw.length > 80 ? `${raw.slice(0, 77)}...` : raw
    const message = raw.trim() === '' ? 'is empty' : `${JSON.stringify(shown)} ${expectation}`
    this.problem = { field, message: `${label}: ${message}` }
  }
}
