import type { ColumnMapping, ImportRow, OrderRecord, RowSink } from '../customers/import-file.js'
import {
  createRecordBuilder,
  lineAmount,
  type PlainOrderRow,
  plainOrderFields,
  type RecordBuilderOptions,
} from '../customers/import-file.js'

/** Orders folded from the rows of an order (or order-lines) file, as columns ready for the database. */
export interface FoldedOrders {
  /** External customer ids, in the order first seen; customer numbers index into it. */
  customers: string[]
  customer: number[]
  /** The UTC calendar day, as days since 1970-01-01. */
  day: number[]
  /** The amounts in units of 10⁻⁸ while they are safe integers, else NaN and the exact units in `big`. */
  units: number[]
  big: Map<number, bigint>
  status: string[]
}

export interface FoldReport {
  rows: number
  /** Rows that became part of an order. */
  rowsAnalysed: number
  /** Rows without a customer id (guest purchases): skipped, as the analysis is per customer. */
  rowsWithoutCustomer: number
  /** Other unreadable rows, the first ones with their line numbers. */
  rowsRejected: number
  errors: { line: number; field: string | null; message: string }[]
  orders: number
}

const SCALE = 8n

/** Exact decimal string → integer of units of 10⁻⁸ (lines multiply two numbers of up to 4 decimals). */
function scaled(value: string, decimals: bigint): bigint {
  const negative = value.startsWith('-')
  const digits = negative ? value.slice(1) : value
  const dot = digits.indexOf('.')
  const whole = dot === -1 ? digits : digits.slice(0, dot)
  const fraction = dot === -1 ? '' : digits.slice(dot + 1)
  const units = BigInt(whole + fraction.padEnd(Number(decimals), '0').slice(0, Number(decimals)))
  return negative ? -units : units
}

/**
 * The same as Number(scaled(value, 4n)) when that is a safe integer, else NaN: most amounts fit a double's
 * exact integers, and BigInt arithmetic costs several times more per line.
 */
function scaled4(value: string): number {
  let units = 0
  let digits = 0
  let fraction = -1
  const negative = value.charCodeAt(0) === 45
  for (let i = negative ? 1 : 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c === 46) fraction = 0
    else if (fraction < 4) {
      units = units * 10 + (c - 48)
      digits++
      if (fraction !== -1) fraction++
    }
  }
  if (digits > 15) return Number.NaN
  for (let f = fraction === -1 ? 0 : fraction; f < 4; f++) units *= 10
  return negative ? -units : units
}

/**
 * Folds rows into orders while they stream in: an order's amount is its given amount, or the exact sum of
 * quantity × unit price over its lines; its customer, time and status are those of its first row.
 */
export class OrderFolder {
  readonly report: FoldReport = {
    rows: 0,
    rowsAnalysed: 0,
    rowsWithoutCustomer: 0,
    rowsRejected: 0,
    errors: [],
    orders: 0,
  }
  private readonly customerNo = new Map<string, number>()
  private readonly orderNo = new Map<string, number>()
  // An order's lines mostly follow each other: the last order's number spares most Map lookups.
  private lastOrderId = ''
  private lastOrderNo = -1
  readonly folded: FoldedOrders = {
    customers: [],
    customer: [],
    day: [],
    units: [],
    big: new Map(),
    status: [],
  }
  // The folded orders' amounts, as they grow.
  private readonly units = this.folded.units
  private readonly bigUnits = this.folded.big

  constructor(private readonly maxErrors = 20) {}

  add(row: ImportRow<OrderRecord>): void {
    this.report.rows++
    if ('error' in row) {
      if (row.error.field === 'customer_id' && / is empty$|^customer_id: /.test(row.error.message)) {
        this.report.rowsWithoutCustomer++
        return
      }
      this.report.rowsRejected++
      if (this.report.errors.length < this.maxErrors)
        this.report.errors.push({ line: row.line, ...row.error })
      return
    }
    const r = row.record
    this.report.rowsAnalysed++
    let amount = 0
    if (r.amount !== undefined) amount = scaled4(r.amount) * 10_000
    for (const line of r.lines ?? []) amount += scaled4(line.quantity) * scaled4(line.unit_price)
    const at = this.place(r.customer_id, r.order_id, r.ordered_at.getTime(), r.status, amount)
    if (at === -1) return
    let exact = r.amount === undefined ? 0n : scaled(r.amount, SCALE)
    for (const line of r.lines ?? []) exact += lineAmount(line.quantity, line.unit_price)
    this.addBig(at, exact)
  }

  /**
   * The sink that folds the rows of an orders file as readImportRows streams them: plain rows straight from
   * their cells, the others through the record builder, which words what is wrong with them.
   */
  sink(mapping: ColumnMapping, options: RecordBuilderOptions): RowSink {
    const plain = plainOrderFields(mapping, options)
    const build = createRecordBuilder('orders', mapping, options)
    return {
      row: (fields, line) => {
        const values = plain(fields)
        if (values === null) this.add(build(fields, line))
        else this.addPlain(values)
      },
      refused: (line, message) => this.add({ line, error: { field: null, message } }),
    }
  }

  private addPlain(v: PlainOrderRow): void {
    this.report.rows++
    if (v.customerId === '') {
      this.report.rowsWithoutCustomer++
      return
    }
    this.report.rowsAnalysed++
    const amount =
      v.amount !== undefined ? scaled4(v.amount) * 10_000 : scaled4(v.quantity!) * scaled4(v.unitPrice!)
    const at = this.place(v.customerId, v.orderId, v.time, v.status, amount)
    if (at !== -1)
      this.addBig(
        at,
        v.amount !== undefined ? scaled(v.amount, SCALE) : lineAmount(v.quantity!, v.unitPrice!),
      )
  }

  /**
   * Adds `amount` (units of 10⁻⁸) to its order, creating the order at its first row. Returns -1, or the order's
   * index when the amount is not a safe integer or the sum would not be: the caller then adds it exactly.
   */
  private place(customerId: string, orderId: string, time: number, status: string, amount: number): number {
    // A product or sum that rounded would not be a safe integer, so a safe one is exact.
    const exact = Number.isSafeInteger(amount)
    const at = orderId === this.lastOrderId ? this.lastOrderNo : this.orderNo.get(orderId)
    if (at !== undefined) {
      this.lastOrderId = orderId
      this.lastOrderNo = at
      const sum = this.units[at]! + amount
      if (exact && Number.isSafeInteger(sum)) {
        this.units[at] = sum
        return -1
      }
      return at
    }
    const customer = this.customer(customerId)
    const created = this.units.length
    this.orderNo.set(orderId, created)
    this.lastOrderId = orderId
    this.lastOrderNo = created
    this.units.push(exact ? amount : 0)
    this.folded.customer.push(customer)
    this.folded.day.push(Math.floor(time / 86_400_000))
    this.folded.status.push(status)
    return exact ? -1 : created
  }

  /** The customer's number, given at their first order. */
  private customer(id: string): number {
    let customer = this.customerNo.get(id)
    if (customer === undefined) {
      customer = this.folded.customers.length
      this.customerNo.set(id, customer)
      this.folded.customers.push(id)
    }
    return customer
  }

  private addBig(at: number, amount: bigint): void {
    this.bigUnits.set(at, (this.bigUnits.get(at) ?? BigInt(this.units[at]!)) + amount)
    this.units[at] = Number.NaN
  }

  /** The orders, their customers numbered in the order first seen. */
  finish(): FoldedOrders {
    this.report.orders = this.units.length
    return this.folded
  }
}
