import { copyField } from '../db/copy.js'
import { timeOrderedUuid } from '../db/time-ordered-uuid.js'
import { amountText, lineAmount } from './line-amount.js'
import type { OrderRecord, RowRef } from './records.js'

/** One order of a batch, with the id it gets if it is new. */
export interface BatchOrder {
  readonly orderId: string
  readonly id: string
}

/** What one batch writes: its new orders for import_orders, and their lines for order_lines. */
export interface OrderCopy {
  orders: BatchOrder[]
  /** import_orders rows: id, customer_id, order_ext, customer_ext, ordered_at, currency, status, amount. */
  orderText: string
  /** The order_lines rows of the given orders, in row order. */
  lineText(of: (order: BatchOrder) => boolean): Uint8Array
}

/** One row of an order batch, as the record it was (rebuilt from its text). */
export interface OrderRow {
  ref: RowRef
  record: OrderRecord
  /** The line number of the row's first line within its order. */
  firstLine: number
  order: BatchOrder
}

/**
 * The order records of one batch, kept as the COPY text they are written as rather than as records: a few
 * values per row instead of a dozen objects, so that holding 50,000 rows does not make every minor GC copy
 * them (collecting took a third of the import's Node time). Records are rebuilt from the text for the few
 * orders that exist already. A slice shares the text; an order keeps its id in every slice.
 */
export class OrderBatch {
  private bytes: Buffer
  private end = 0
  private lastOrder: BatchOrder | null = null
  private lastRecord: OrderRecord | null = null
  // The sums of each order's lines, kept as rows are added (a slice sums its own rows again).
  private totals: Map<BatchOrder, bigint> | null = new Map()

  private constructor(
    private readonly workspaceId: string,
    private readonly byId: Map<string, BatchOrder>,
    // A line number, or -(index + 1) for a record of a request.
    private readonly refs: number[],
    private readonly firstLines: number[],
    private readonly orders: BatchOrder[],
    // order_ext, customer_ext, ordered_at, currency, status, amount (\N for the sum of the lines).
    private readonly headers: string[],
    // Where each row's lines start in bytes (the next row's start is where they end).
    private readonly lineStarts: number[],
    bytes: Buffer,
  ) {
    this.bytes = bytes
    this.end = bytes.length
  }

  static empty(workspaceId: string): OrderBatch {
    const batch = new OrderBatch(workspaceId, new Map(), [], [], [], [], [], Buffer.allocUnsafe(1 << 20))
    batch.end = 0
    return batch
  }

  get length(): number {
    return this.refs.length
  }

  orderAt(i: number): BatchOrder {
    return this.orders[i]!
  }

  ref(i: number): RowRef {
    const ref = this.refs[i]!
    return ref < 0 ? { index: -ref - 1 } : { line: ref }
  }

  add(ref: RowRef, record: OrderRecord, firstLine: number): void {
    let order = this.lastOrder
    if (order?.orderId !== record.order_id) {
      order = this.byId.get(record.order_id) ?? null
      if (order === null) {
        order = { orderId: record.order_id, id: timeOrderedUuid() }
        this.byId.set(record.order_id, order)
      }
    }
    const last = this.lastRecord
    // Consecutive lines of one order repeat its header: they share one string.
    const header =
      last !== null &&
      order === this.lastOrder &&
      last.customer_id === record.customer_id &&
      last.ordered_at.getTime() === record.ordered_at.getTime() &&
      last.currency === record.currency &&
      last.status === record.status &&
      last.amount === record.amount
        ? this.headers[this.headers.length - 1]!
        : `${copyField(record.order_id)}\t${copyField(record.customer_id)}\t${record.ordered_at.toISOString()}\t${copyField(record.currency)}\t${copyField(record.status)}\t${record.amount ?? '\\N'}`
    this.lastOrder = order
    this.lastRecord = record
    this.refs.push('line' in ref ? ref.line : -ref.index - 1)
    this.firstLines.push(firstLine)
    this.orders.push(order)
    this.headers.push(header)
    this.lineStarts.push(this.end)
    const lines = record.lines
    if (!lines) return
    let total = this.totals!.get(order) ?? 0n
    for (let j = 0; j < lines.length; j++) {
      const line = lines[j]!
      this.write(
        `${order.id}\t${firstLine + j}\t${this.workspaceId}\t${copyField(line.product_id)}\t${line.quantity}\t${line.unit_price}\t${line.product_name === undefined ? '\\N' : copyField(line.product_name)}\n`,
      )
      total += lineAmount(line.quantity, line.unit_price)
    }
    this.totals!.set(order, total)
  }

  slice(start: number, end: number): OrderBatch {
    const batch = new OrderBatch(
      this.workspaceId,
      this.byId,
      this.refs.slice(start, end),
      this.firstLines.slice(start, end),
      this.orders.slice(start, end),
      this.headers.slice(start, end),
      this.lineStarts.slice(start, end),
      this.bytes.subarray(0, this.rowEnd(end - 1)),
    )
    batch.totals = null
    return batch
  }

  /** The batch's orders (each once, in order of appearance; its first row gives its header) as COPY text. */
  copy(): OrderCopy {
    const firstRow = new Map<BatchOrder, number>()
    for (let i = 0; i < this.length; i++) {
      const order = this.orders[i]!
      if (!firstRow.has(order)) firstRow.set(order, i)
    }
    const totals = this.totals ?? this.sumLines()
    const customerIds = new Map<string, string>()
    let orderText = ''
    for (const [order, i] of firstRow) {
      const header = this.headers[i]!
      const customerExt = header.slice(header.indexOf('\t') + 1, nthTab(header, 2))
      let customerId = customerIds.get(customerExt)
      if (customerId === undefined) {
        customerId = timeOrderedUuid()
        customerIds.set(customerExt, customerId)
      }
      // An order without an amount is worth the exact sum of its lines in this batch.
      const row = header.endsWith('\t\\N')
        ? `${header.slice(0, -2)}${amountText(totals.get(order) ?? 0n)}`
        : header
      orderText += `${order.id}\t${customerId}\t${row}\n`
    }
    return {
      orders: [...firstRow.keys()],
      orderText,
      lineText: (of) => {
        const parts: Uint8Array[] = []
        let from = -1
        for (let i = 0; i <= this.length; i++) {
          const keep = i < this.length && of(this.orders[i]!)
          if (keep && from === -1) from = i
          if (!keep && from !== -1) {
            parts.push(this.bytes.subarray(this.lineStarts[from]!, this.rowEnd(i - 1)))
            from = -1
          }
        }
        return parts.length === 1 ? parts[0]! : Buffer.concat(parts)
      },
    }
  }

  /** The rows of the given orders, rebuilt as records. */
  rows(of: (order: BatchOrder) => boolean): OrderRow[] {
    const rows: OrderRow[] = []
    for (let i = 0; i < this.length; i++) {
      const order = this.orders[i]!
      if (!of(order)) continue
      const [orderExt, customerExt, orderedAt, currency, status, amount] = this.headers[i]!.split('\t')
      const record: OrderRecord = {
        order_id: uncopy(orderExt!),
        customer_id: uncopy(customerExt!),
        ordered_at: new Date(orderedAt!),
        currency: uncopy(currency!),
        status: uncopy(status!) as OrderRecord['status'],
      }
      if (amount !== '\\N') record.amount = amount!
      const lines = this.linesOf(i)
      if (lines.length > 0 || amount === '\\N') {
        record.lines = lines.map((line) => ({
          product_id: uncopy(line[3]!),
          quantity: line[4]!,
          unit_price: line[5]!,
          ...(line[6] === undefined || line[6] === '\\N' ? {} : { product_name: uncopy(line[6]) }),
        }))
      }
      rows.push({ ref: this.ref(i), record, firstLine: this.firstLines[i]!, order })
    }
    return rows
  }

  private sumLines(): Map<BatchOrder, bigint> {
    const totals = new Map<BatchOrder, bigint>()
    for (let i = 0; i < this.length; i++) {
      let total = totals.get(this.orders[i]!) ?? 0n
      for (const line of this.linesOf(i)) total += lineAmount(line[4]!, line[5]!)
      totals.set(this.orders[i]!, total)
    }
    return totals
  }

  /** The fields of row i's lines. */
  private linesOf(i: number): string[][] {
    const start = this.lineStarts[i]!
    const end = this.rowEnd(i)
    if (start === end) return []
    const text = this.bytes.toString('utf8', start, end)
    return text
      .slice(0, -1)
      .split('\n')
      .map((line) => line.split('\t'))
  }

  private rowEnd(i: number): number {
    return i + 1 < this.length ? this.lineStarts[i + 1]! : this.end
  }

  private write(text: string): void {
    if (this.end + text.length * 3 > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.end + text.length * 3))
      this.bytes.copy(grown, 0, 0, this.end)
      this.bytes = grown
    }
    this.end += this.bytes.write(text, this.end)
  }
}

function nthTab(text: string, n: number): number {
  let at = -1
  for (let k = 0; k < n; k++) at = text.indexOf('\t', at + 1)
  return at
}

const unescapes: Record<string, string> = { '\\\\': '\\', '\\t': '\t', '\\n': '\n', '\\r': '\r' }

/** The value of one COPY text field that copyField wrote (never \N here). */
function uncopy(field: string): string {
  return field.includes('\\') ? field.replace(/\\[\\tnr]/g, (e) => unescapes[e]!) : field
}
