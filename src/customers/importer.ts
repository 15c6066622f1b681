import { createHash } from 'node:crypto'
import { type Db, one } from '../db/db.js'
import { describeRefusal, refusalLogLine } from './database-refusal.js'
import {
  ensureCustomersSql,
  ensureStagedCustomersSql,
  insertCustomersSql,
  insertStagedOrdersSql,
  knownUnitCodesSql,
  type LineColumns,
  lockOrderWritesSql,
  orderIdsSql,
  orderLineColumns,
  stagedOrderColumns,
  stagingTablesScript,
  sumLineAmountsSql,
  updateCustomersSql,
  updateOrdersSql,
  upsertEventsSql,
  upsertLinesSql,
} from './ingest.sql.js'
import { type BatchOrder, OrderBatch, type OrderRow } from './order-batch.js'
import { noteOrdersChanged } from './orders-changed.js'
import type {
  CustomerRecord,
  EventRecord,
  ImportRow,
  OrderRecord,
  RecordKind,
  RecordOf,
  RowRef,
} from './records.js'

export type { ImportRow } from './records.js'
export type RowError = RowRef & { field: string | null; message: string }

export interface ImportReport {
  read: number
  imported: number
  updated: number
  unchanged: number
  skipped: number
  /** The first errors, in input order (at most maxErrors). */
  errors: RowError[]
  /** Customers created because orders or events named them before any customer record did. */
  customersCreated: number
}

export interface ImporterOptions {
  batchSize?: number
  maxErrors?: number
  /** Where the database's own words about a refused record go (the server's log by default), never the report. */
  log?: (line: string) => void
}

type Outcome = 'imported' | 'updated' | 'unchanged' | { field: string | null; message: string }
/** firstLine: an order's rows get their line numbers once, as they arrive (a retried batch keeps them). */
type Row<T> = { ref: RowRef; record: T; firstLine: number }
/** A batch of customer or event rows, or of order rows kept as COPY text. */
type Batch<T> = Row<T>[] | OrderBatch

/**
 * Writes records in batches, each batch in its own transaction. Upserts by external id, so importing
 * the same rows again changes nothing. A batch the database rejects is split until the bad rows are found:
 * they are reported, the good ones are kept.
 */
export class Importer<K extends RecordKind> {
  readonly report: ImportReport = {
    read: 0,
    imported: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    errors: [],
    customersCreated: 0,
  }
  private batch: Batch<RecordOf<K>>
  private inflight: Promise<void> = Promise.resolve()
  private writing = false
  // Order lines get stable numbers per order across the whole import, so a re-import hits the same rows.
  private readonly lineCounters = new Map<string, number>()
  private lastOrderId: string | null = null
  private lastLineNo = 0
  // Counted in the transaction, kept only once it commits.
  private pendingCustomersCreated = 0
  private readonly batchSize: number
  // The database waits for the first batch while it is read: the first ones are small, so that it starts early.
  private nextBatchSize: number
  private readonly maxErrors: number
  private readonly log: (line: string) => void

  constructor(
    private readonly db: Db,
    private readonly workspaceId: string,
    private readonly kind: K,
    options: ImporterOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 50_000
    this.nextBatchSize = Math.min(this.batchSize, 2_000)
    this.maxErrors = options.maxErrors ?? 100
    this.log = options.log ?? ((line) => console.error(line))
    this.batch = this.emptyBatch()
  }

  async add(row: ImportRow<RecordOf<K>>): Promise<void> {
    this.report.read++
    const ref: RowRef = 'line' in row ? { line: row.line } : { index: row.index }
    if ('error' in row) {
      this.fail(ref, row.error.field, row.error.message)
      return
    }
    const firstLine = this.numberLines(row.record)
    if (this.batch instanceof OrderBatch) this.batch.add(ref, row.record as OrderRecord, firstLine)
    else this.batch.push({ ref, record: row.record, firstLine })
    if (this.batch.length >= this.nextBatchSize) {
      this.nextBatchSize = Math.min(this.batchSize, this.nextBatchSize * 2)
      // One batch is written while the next is read: parsing and the database work side by side.
      await this.inflight
      this.writing = true
      this.inflight = this.flush().finally(() => {
        this.writing = false
      })
    } else if (this.writing && this.batch.length % 500 === 0) {
      // Reading a file hands control back only once per chunk (thousands of rows): let the batch being
      // written send its next statement as soon as the database has answered the last one.
      await new Promise(setImmediate)
    }
  }

  async finish(): Promise<ImportReport> {
    await this.inflight
    await this.flush()
    if (this.kind === 'orders' && this.report.imported + this.report.updated > 0) {
      await noteOrdersChanged(this.db, this.workspaceId)
    }
    return this.report
  }

  private numberLines(record: RecordOf<K>): number {
    if (this.kind !== 'orders') return 0
    const { order_id, lines } = record as OrderRecord
    if (!lines?.length) return 0
    // Lines of one order mostly come one after another: the map is only read and written when the order changes.
    if (order_id !== this.lastOrderId) {
      if (this.lastOrderId !== null) this.lineCounters.set(this.lastOrderId, this.lastLineNo)
      this.lastOrderId = order_id
      this.lastLineNo = this.lineCounters.get(order_id) ?? 0
    }
    const first = this.lastLineNo + 1
    this.lastLineNo += lines.length
    return first
  }

  private fail(ref: RowRef, field: string | null, message: string): void {
    this.report.skipped++
    if (this.report.errors.length < this.maxErrors) this.report.errors.push({ ...ref, field, message })
  }

  private emptyBatch(): Batch<RecordOf<K>> {
    return this.kind === 'orders' ? OrderBatch.empty(this.workspaceId) : []
  }

  private async flush(): Promise<void> {
    const rows = this.batch
    this.batch = this.emptyBatch()
    if (rows.length > 0) await this.writeOrSplit(rows)
  }

  private async writeOrSplit(rows: Batch<RecordOf<K>>): Promise<void> {
    const refOf = (i: number) =>
      rows instanceof OrderBatch ? rows.ref(i) : one(rows.slice(i, i + 1), 'batch row').ref
    try {
      this.pendingCustomersCreated = 0
      const outcomes = await this.db.transaction((tx) => this.write(tx, rows))
      this.report.customersCreated += this.pendingCustomersCreated
      outcomes.forEach((outcome, i) => {
        if (typeof outcome === 'string') this.report[outcome]++
        else this.fail(refOf(i), outcome.field, outcome.message)
      })
    } catch (error) {
      if (rows.length === 1) {
        const ref = refOf(0)
        const refusal = describeRefusal(error)
        if (this.report.errors.length < this.maxErrors) {
          const where = 'line' in ref ? `line ${ref.line}` : `record ${ref.index}`
          this.log(`import of ${this.kind}: ${where} rejected by the database: ${refusalLogLine(error)}`)
        }
        this.fail(ref, refusal.field, refusal.message)
        return
      }
      const half = Math.ceil(rows.length / 2)
      await this.writeOrSplit(rows.slice(0, half))
      await this.writeOrSplit(rows.slice(half, rows.length))
    }
  }

  private write(db: Db, rows: Batch<RecordOf<K>>): Promise<Outcome[]> {
    if (rows instanceof OrderBatch) return this.writeOrders(db, rows)
    if (this.kind === 'customers') return this.writeCustomers(db, rows as Row<CustomerRecord>[])
    return this.writeEvents(db, rows as Row<EventRecord>[])
  }

  private async ensureCustomers(db: Db, externalIds: Iterable<string>): Promise<void> {
    const created = await db.query(ensureCustomersSql(this.workspaceId, [...new Set(externalIds)]))
    this.pendingCustomersCreated += created.length
  }

  private async writeCustomers(db: Db, rows: Row<CustomerRecord>[]): Promise<Outcome[]> {
    const ws = this.workspaceId
    const codes = [...new Set(rows.map((r) => r.record.org_unit).filter((c): c is string => !!c))]
    const known = new Set(
      codes.length ? (await db.query<{ code: string }>(knownUnitCodesSql(ws, codes))).map((r) => r.code) : [],
    )
    const unknownUnit = (r: CustomerRecord) => !!r.org_unit && !known.has(r.org_unit)
    const valid = rows.filter((row) => !unknownUnit(row.record))
    // Within one statement a row may be written once: the last record of an id wins.
    const byId = new Map(valid.map((row) => [row.record.customer_id, row.record]))
    const records = [...byId.values()]
    const columns = {
      externalId: records.map((r) => r.customer_id),
      name: records.map((r) => r.name),
      email: records.map((r) => r.email),
      phone: records.map((r) => r.phone),
      language: records.map((r) => r.language),
      attributes: records.map((r) => JSON.stringify(r.attributes)),
      unitCode: records.map((r) => r.org_unit),
      emailOptIn: records.map((r) => r.email_opt_in ?? null),
      smsOptIn: records.map((r) => r.sms_opt_in ?? null),
      optedOut: records.map((r) => r.opted_out ?? null),
    }
    const updated = new Set(
      (await db.query<{ external_id: string }>(updateCustomersSql(ws, columns))).map((r) => r.external_id),
    )
    const inserted = new Set(
      (await db.query<{ external_id: string }>(insertCustomersSql(ws, columns))).map((r) => r.external_id),
    )
    return rows.map((row) =>
      unknownUnit(row.record)
        ? { field: 'org_unit', message: `unknown org unit '${row.record.org_unit}'` }
        : outcome(inserted.has(row.record.customer_id), updated.has(row.record.customer_id)),
    )
  }

  private async writeOrders(db: Db, batch: OrderBatch): Promise<Outcome[]> {
    const ws = this.workspaceId
    const copy = batch.copy()
    await db.query(lockOrderWritesSql(ws))
    await db.exec(stagingTablesScript)
    await db.copyFrom('import_orders', stagedOrderColumns, copy.orderText)
    const ensured = one(
      await db.query<{ created: number }>(ensureStagedCustomersSql(ws)),
      'ensure staged customers',
    )
    this.pendingCustomersCreated += ensured.created
    // New orders go in with one statement, their lines with one COPY; what comes back existed already.
    const notWritten = await db.query<{ external_id: string }>(insertStagedOrdersSql(ws))
    const oldIds = new Set(notWritten.map((r) => r.external_id))
    const isNew = (order: BatchOrder) => !oldIds.has(order.orderId)
    const lineText = copy.lineText(isNew)
    if (lineText.length > 0) await db.copyFrom('order_lines', orderLineColumns, lineText)
    if (oldIds.size === 0) return Array.from({ length: batch.length }, () => 'imported')
    const rows = batch.rows((order) => !isNew(order))
    // The first record of an order in a batch gives its header.
    const existing = new Map<string, OrderRecord>()
    for (const row of rows) if (!existing.has(row.order.orderId)) existing.set(row.order.orderId, row.record)
    const { updated, touchedLines } = await this.writeExistingOrders(db, rows, [...existing.values()])
    const outcomes = new Map<number, Outcome>()
    rows.forEach((row, k) => {
      const r = row.record
      const count = r.lines?.length ?? 0
      if (count === 0) outcomes.set(k, outcome(false, updated.has(r.order_id)))
      else {
        // A row of an order-lines file is judged by its line; a whole order by the order.
        const states = Array.from({ length: count }, (_, j) =>
          touchedLines.get(`${r.order_id}\u0000${row.firstLine + j}`),
        )
        outcomes.set(k, outcome(states.includes(true), states.includes(false) || updated.has(r.order_id)))
      }
    })
    let k = 0
    return Array.from({ length: batch.length }, (_, i) =>
      isNew(batch.orderAt(i)) ? 'imported' : outcomes.get(k++)!,
    )
  }

  /** Orders that exist already: their changed fields and lines are written, unchanged ones left alone. */
  private async writeExistingOrders(
    db: Db,
    rows: OrderRow[],
    existing: OrderRecord[],
  ): Promise<{ updated: Set<string>; touchedLines: Map<string, boolean> }> {
    const ws = this.workspaceId
    const updated = new Set<string>()
    const touchedLines = new Map<string, boolean>()
    const uuidOf = new Map<string, string>()
    for (const r of await db.query<{ id: string; external_id: string }>(
      orderIdsSql(
        ws,
        existing.map((o) => o.order_id),
      ),
    ))
      uuidOf.set(r.external_id, r.id)
    const found = existing.filter((o) => uuidOf.has(o.order_id))
    if (found.length === 0) return { updated, touchedLines }
    for (const r of await db.query<{ external_id: string }>(
      updateOrdersSql(ws, {
        orderId: found.map((o) => o.order_id),
        customerId: found.map((o) => o.customer_id),
        orderedAt: found.map((o) => o.ordered_at),
        currency: found.map((o) => o.currency),
        status: found.map((o) => o.status),
        amount: found.map((o) => o.amount ?? null),
      }),
    ))
      updated.add(r.external_id)
    const lines: LineColumns = {
      orderUuid: [],
      lineNo: [],
      productId: [],
      quantity: [],
      unitPrice: [],
      productName: [],
    }
    rows.forEach((row) => {
      const uuid = uuidOf.get(row.record.order_id)
      row.record.lines?.forEach((line, j) => {
        if (uuid === undefined) return
        lines.orderUuid.push(uuid)
        lines.lineNo.push(row.firstLine + j)
        lines.productId.push(line.product_id)
        lines.quantity.push(line.quantity)
        lines.unitPrice.push(line.unit_price)
        lines.productName.push(line.product_name ?? null)
      })
    })
    if (lines.orderUuid.length === 0) return { updated, touchedLines }
    const externalOf = new Map(found.map((o) => [uuidOf.get(o.order_id)!, o.order_id]))
    const written = await db.query<{ orderUuid: string; lineNo: number; inserted: boolean }>(
      upsertLinesSql(ws, lines),
    )
    for (const w of written) touchedLines.set(`${externalOf.get(w.orderUuid)}\u0000${w.lineNo}`, w.inserted)
    const summed = new Set(found.filter((o) => o.amount === undefined).map((o) => o.order_id))
    const changed = [...new Set(written.map((w) => w.orderUuid))].filter((id) =>
      summed.has(externalOf.get(id)!),
    )
    if (changed.length > 0) {
      for (const r of await db.query<{ external_id: string }>(sumLineAmountsSql(ws, changed)))
        updated.add(r.external_id)
    }
    return { updated, touchedLines }
  }

  private async writeEvents(db: Db, rows: Row<EventRecord>[]): Promise<Outcome[]> {
    const keyed = rows.map((row) => ({ row, key: eventKey(row.record) }))
    const byKey = new Map(keyed.map((k) => [k.key, k.row.record]))
    await this.ensureCustomers(
      db,
      rows.map((r) => r.record.customer_id),
    )
    const keys = [...byKey.keys()]
    const events = [...byKey.values()]
    const written = await db.query<{ inserted: boolean; dedupeKey: string }>(
      upsertEventsSql(this.workspaceId, {
        dedupeKey: keys,
        customerId: events.map((e) => e.customer_id),
        type: events.map((e) => e.type),
        occurredAt: events.map((e) => e.occurred_at),
        channel: events.map((e) => e.channel),
        touchpoint: events.map((e) => e.touchpoint),
        properties: events.map((e) => JSON.stringify(e.properties)),
      }),
    )
    const state = new Map(written.map((w) => [w.dedupeKey, w.inserted]))
    // The first of several identical events in a batch is the one written; the rest are unchanged.
    const seen = new Set<string>()
    return keyed.map(({ key }) => {
      const first = !seen.has(key)
      seen.add(key)
      return outcome(first && state.get(key) === true, first && state.get(key) === false)
    })
  }
}

function outcome(inserted: boolean, updated: boolean): Outcome {
  return inserted ? 'imported' : updated ? 'updated' : 'unchanged'
}

/** The caller's event id, or a hash of the event's content: the same event twice is one event. */
export function eventKey(event: EventRecord): string {
  if (event.event_id) return `id:${event.event_id}`
  const content = JSON.stringify([
    event.customer_id,
    event.type,
    event.occurred_at.toISOString(),
    event.channel,
    event.touchpoint,
    sortKeys(event.properties),
  ])
  return `h:${createHash('sha256').update(content).digest('base64url')}`
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    )
  }
  return value
}
