import { availableParallelism } from 'node:os'
import { parse as parseCsv } from 'csv-parse/sync'
import { type ReadImportOptions, readImportRows } from '../customers/read-import-file.js'
import { AnalysisPart, type PartOrders } from './analysis-part.js'
import { type FoldedOrders, type FoldReport, OrderFolder } from './fold-orders.js'
import { defaultSegmentSettings, type SegmentSettings } from './segment-settings.js'
import { segmentColumns } from './segments.sql.js'

/** One analysed customer, as the CSV output prints it (all values as text; empty for none). */
export type SegmentCsvRow = Record<
  | 'customer_id'
  | 'first_purchase'
  | 'last_purchase'
  | 'recency_days'
  | 'frequency'
  | 'monetary'
  | 'r'
  | 'f'
  | 'm'
  | 'segment'
  | 'abc'
  | 'xyz'
  | 'cv'
  | 'median_interval_days'
  | 'next_due'
  | 'habit_broken',
  string
>

export interface FileAnalysis {
  asOf: string | null
  /** The rows as records, made of `csv` when first read. */
  readonly rows: SegmentCsvRow[]
  /** The rows as CSV lines (RFC 4180, without the header), in customer id order. */
  csv: string
  report: FoldReport & { customers: number; customersAnalysed: number; customersSkipped: number }
  timings: Record<'read' | 'start' | 'query', number>
}

export interface AnalyzeFileOptions extends Pick<ReadImportOptions, 'columns' | 'dateFormat' | 'delimiter'> {
  asOf?: string
  settings?: SegmentSettings
  onProgress?: ReadImportOptions['onProgress']
  /** Called once the file is read, as the analysis of its orders starts. */
  onAnalysing?: (orders: number, customers: number) => void
  /** Where the prepared empty database is cached (default ~/.cache/rapport); false to never cache. */
  cacheDir?: string | false
  /** How many parts of the customers are analysed at once, each on a thread (default: 2, or 1 on one core). */
  parts?: number
}

/**
 * Analyses an order or order-lines file without a server: lines are folded into orders while the file
 * streams in, then the stored record's own SQL runs over them in in-memory embedded databases, one per part
 * of the customers, each on a thread of its own.
 */
export async function analyzeOrdersFile(
  path: string,
  options: AnalyzeFileOptions = {},
): Promise<FileAnalysis> {
  const started = performance.now()
  const count = Math.max(1, Math.floor(options.parts ?? Math.min(2, availableParallelism())))
  // The databases start while the file is read: both take seconds, and they overlap.
  const parts = Array.from({ length: count }, () => new AnalysisPart(options.cacheDir))
  try {
    const folder = new OrderFolder()
    for await (const _ of readImportRows(path, 'orders', options, (mapping, o) => folder.sink(mapping, o))) {
      // The rows fold as they are read.
    }
    const orders = folder.finish()
    const read = performance.now()
    options.onAnalysing?.(orders.customer.length, orders.customers.length)
    await Promise.all(parts.map((p) => p.ready))
    const ready = performance.now()
    const asOf = options.asOf ?? null
    const settings = options.settings ?? defaultSegmentSettings
    const split = splitOrders(orders, count)
    const counts = await Promise.all(parts.map((p, i) => p.figures(i, split[i]!, asOf, settings)))
    const results = await Promise.all(parts.map((p) => p.classify(counts, asOf, settings)))
    const csv = results.map((r) => r.csv).join('')
    const analysed = results.reduce((sum, r) => sum + r.customers, 0)
    const customers = orders.customers.length
    let rows: SegmentCsvRow[] | null = null
    return {
      asOf: asOf ?? results.find((r) => r.asOf !== null)?.asOf ?? null,
      get rows() {
        rows ??= csvRows(csv)
        return rows
      },
      csv,
      report: {
        ...folder.report,
        customers,
        customersAnalysed: analysed,
        customersSkipped: customers - analysed,
      },
      timings: { read: read - started, start: ready - started, query: performance.now() - ready },
    }
  } finally {
    await Promise.all(parts.map((p) => p.close()))
  }
}

/**
 * The orders in `count` parts by customer number. The numbers sort as the ids do (see FoldedOrders), so each
 * part's customers come before the next part's, the order the rules place ties in and the output is in. Each
 * part's orders are in customer and day order, the order the rules' windows read them in: the database's sort
 * then finds them sorted.
 */
function splitOrders(orders: FoldedOrders, count: number): PartOrders[] {
  const customers = orders.customers.length
  const firsts = Array.from({ length: count + 1 }, (_, p) => Math.ceil((p * customers) / count))
  const partOf = (customer: number) => Math.floor((customer * count) / Math.max(1, customers))
  const sizes = new Array<number>(count).fill(0)
  for (const c of orders.customer) sizes[partOf(c)]!++
  const parts = sizes.map((size, p) => ({
    first: firsts[p]!,
    ids: orders.customers.slice(firsts[p], firsts[p + 1]),
    customer: new Int32Array(size),
    day: new Int32Array(size),
    amount: [] as string[],
    status: [] as string[],
  }))
  const filled = new Array<number>(count).fill(0)
  for (const i of byCustomerAndDay(orders)) {
    const p = partOf(orders.customer[i]!)
    const part = parts[p]!
    part.customer[filled[p]!] = orders.customer[i]!
    part.day[filled[p]!++] = orders.day[i]!
    part.amount.push(orders.amount[i]!)
    part.status.push(orders.status[i]!)
  }
  return parts
}

/** The orders' indexes by customer number, then day: two stable counting sorts, by day and then by customer. */
function byCustomerAndDay(orders: FoldedOrders): Int32Array {
  if (orders.day.length === 0) return new Int32Array(0)
  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  for (const day of orders.day) {
    if (day < first) first = day
    if (day > last) last = day
  }
  const all = Int32Array.from(orders.day, (_, i) => i)
  const byDay = countingSort(all, (i) => orders.day[i]! - first, last - first + 1)
  return countingSort(byDay, (i) => orders.customer[i]!, orders.customers.length)
}

function countingSort(items: Int32Array, key: (item: number) => number, keys: number): Int32Array {
  const starts = new Int32Array(keys + 1)
  for (const item of items) starts[key(item) + 1]!++
  for (let k = 1; k <= keys; k++) starts[k]! += starts[k - 1]!
  const sorted = new Int32Array(items.length)
  for (const item of items) sorted[starts[key(item)]!++] = item
  return sorted
}

/** The CSV lines as records. Only a customer id can be quoted (and hold a line break). */
function csvRows(csv: string): SegmentCsvRow[] {
  const records = csv.includes('"')
    ? (parseCsv(csv) as string[][])
    : csv
        .split('\n')
        .slice(0, -1)
        .map((line) => line.split(','))
  return records.map((fields) => {
    const row = {} as SegmentCsvRow
    for (let i = 0; i < segmentColumns.length; i++) row[segmentColumns[i]!] = fields[i]!
    return row
  })
}
