import { type FileHandle, open } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { parse as parseCsv } from 'csv-parse/sync'
import quickselect from 'quickselect'
import {
  ImportFileError,
  orderStatus,
  RangeEndsInQuotes,
  type ReadImportOptions,
  type ReadRange,
  readImportRows,
} from '../customers/import-file.js'
import { AnalysisPart, type PartOrders } from './analysis-part.js'
import { type FoldedOrders, type FoldedRange, type FoldReport, OrderFolder } from './fold-orders.js'
import { idOrder } from './id-order.js'
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

export interface AnalyzeFileOptions
  extends Pick<ReadImportOptions, 'columns' | 'dateFormat' | 'delimiter' | 'encoding' | 'maxSize'> {
  asOf?: string
  settings?: SegmentSettings
  onProgress?: ReadImportOptions['onProgress']
  /** Called once the file is read, as the analysis of its orders starts. */
  onAnalysing?: (orders: number, customers: number) => void
  /** Where the prepared empty database is cached (default ~/.cache/rapport); false to never cache. */
  cacheDir?: string | false
  /** How many parts of the customers are analysed at once, each on a thread (default: 2, or 1 on one core). */
  parts?: number
  /**
   * With two parts or more, an uncompressed file of at least this many bytes is read by two threads, each a
   * range of it (default 8 MB: below that, a thread's start costs more than it saves).
   */
  splitBytes?: number
}

/**
 * The share of a split file its first reader takes (56 % measured best): the second reader's thread begins
 * later, and has its database to start before the orders come.
 */
const firstShare = 0.56

/**
 * Analyses an order or order-lines file without a server: lines are folded into orders while the file
 * streams in (a large file by two threads, a range each), then the stored record's own SQL runs over them in
 * in-memory embedded databases, one per part of the customers, each on a thread of its own.
 */
export async function analyzeOrdersFile(
  path: string,
  options: AnalyzeFileOptions = {},
): Promise<FileAnalysis> {
  const started = performance.now()
  const count = Math.max(1, Math.floor(options.parts ?? Math.min(2, availableParallelism())))
  const split = count > 1 ? await splitPoint(path, options.splitBytes ?? 8 << 20, options.encoding) : null
  // The databases start while the file is read (the helper's after its range): both take seconds, and they
  // overlap.
  const parts = Array.from(
    { length: count },
    (_, i) => new AnalysisPart(options.cacheDir, { folds: split !== null && i === count - 1 }),
  )
  try {
    const folder = await readOrders(path, options, split && { helper: parts[count - 1]!, split })
    const orders = folder.finish()
    const read = performance.now()
    options.onAnalysing?.(orders.customer.length, orders.customers.length)
    await Promise.all(parts.map((p) => p.ready))
    const ready = performance.now()
    const asOf = options.asOf ?? null
    const settings = options.settings ?? defaultSegmentSettings
    const partOrders = splitOrders(orders, count)
    const counts = await Promise.all(parts.map((p, i) => p.figures(i, partOrders[i]!, asOf, settings)))
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
    // The threads are stopped, not waited for: freeing their databases' memory takes a tenth of a second that
    // nothing here needs.
    for (const part of parts) part.close().catch(() => {})
  }
}

/**
 * The file's rows folded into orders. Split, the file is read in two ranges at once: the second on the
 * helper's thread, then absorbed into the first.
 */
async function readOrders(
  path: string,
  options: AnalyzeFileOptions,
  reading: { helper: AnalysisPart; split: Split } | null,
): Promise<OrderFolder> {
  if (reading === null) {
    const folder = new OrderFolder()
    await fold(path, options, folder)
    return folder
  }
  const { helper, split } = reading
  const bytes = [0, 0]
  const progress = (range: number) => (read: number) => {
    bytes[range] = read
    options.onProgress?.(bytes[0]! + bytes[1]!, split.size)
  }
  const { columns, dateFormat, delimiter, encoding, maxSize } = options
  const far = helper.fold(
    path,
    { start: split.at, end: split.size },
    { columns, dateFormat, delimiter, encoding, maxSize },
    progress(1),
  )
  far.catch(() => {})
  const folder = new OrderFolder()
  let lines: number
  try {
    lines = await fold(path, { ...options, onProgress: progress(0) }, folder, { start: 0, end: split.at })
  } catch (error) {
    if (!(error instanceof RangeEndsInQuotes)) throw error
    // A quoted field holds the line break the file was split at: read it whole after all.
    const whole = new OrderFolder()
    await fold(path, options, whole)
    return whole
  }
  let range: FoldedRange
  try {
    range = await far
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error
    // The second reader counts lines from its range's start: read the file whole to name the right line.
    const whole = new OrderFolder()
    await fold(path, options, whole)
    return whole
  }
  folder.absorb(range, lines)
  return folder
}

async function fold(
  path: string,
  options: ReadImportOptions,
  folder: OrderFolder,
  range?: ReadRange,
): Promise<number> {
  const rows = readImportRows(path, 'orders', options, (mapping, o) => folder.sink(mapping, o), range)
  // The rows fold as they are read; the end says how many lines they were.
  for (;;) {
    const next = await rows.next()
    if (next.done) return next.value
  }
}

/** Where a file is split for two readers: `at` starts the second one's range, which ends at `size`. */
interface Split {
  at: number
  size: number
}

/**
 * Where a second reader of an uncompressed file of at least `minimum` bytes takes over: the start of the first
 * line after its first share. Null when the file is read by one.
 */
async function splitPoint(path: string, minimum: number, encoding?: string): Promise<Split | null> {
  // A line break's byte 0x0A can be half of a UTF-16 character, so such a file is read from its start.
  if (path.endsWith('.gz') || encoding?.toLowerCase().startsWith('utf-16')) return null
  let file: FileHandle | null = null
  try {
    file = await open(path, 'r')
    const { size } = await file.stat()
    if (size < Math.max(1, minimum)) return null
    const bom = Buffer.alloc(2)
    await file.read(bom, 0, 2, 0)
    if ((bom[0] === 0xff && bom[1] === 0xfe) || (bom[0] === 0xfe && bom[1] === 0xff)) return null
    const from = Math.floor(size * firstShare)
    const window = Buffer.alloc(64 * 1024)
    const { bytesRead } = await file.read(window, 0, window.length, from)
    const lf = window.subarray(0, bytesRead).indexOf(10)
    return lf === -1 || from + lf + 1 >= size ? null : { at: from + lf + 1, size }
  } catch {
    // Reading the file whole reports what is wrong with it.
    return null
  } finally {
    await file?.close()
  }
}

/**
 * The orders in `count` parts of the customers, each a stretch of the ids' order (the order the rules place ties
 * in and the output is in): the ids that start the parts are order statistics, found without sorting every id.
 * Each part's thread sorts its own (see sortPartOrders).
 */
function splitOrders(orders: FoldedOrders, count: number): PartOrders[] {
  const ids = orders.customers
  const compare = idOrder(ids)
  const starts: string[] = []
  const pool = [...ids]
  for (let p = 1, left = 0; p < count; p++) {
    const k = Math.ceil((p * ids.length) / count)
    if (k >= ids.length) break
    quickselect(pool, k, left, pool.length - 1, compare)
    starts.push(pool[k]!)
    left = k
  }
  const partIds = Array.from({ length: count }, () => [] as string[])
  const partOf = new Int32Array(ids.length)
  const local = new Int32Array(ids.length)
  ids.forEach((id, c) => {
    let p = 0
    while (p < starts.length && compare(id, starts[p]!) >= 0) p++
    partOf[c] = p
    local[c] = partIds[p]!.push(id) - 1
  })
  const sizes = new Int32Array(count)
  for (const c of orders.customer) sizes[partOf[c]!]!++
  let first = 0
  const parts = partIds.map((ids, p): PartOrders => {
    const size = sizes[p]!
    const part = {
      first,
      ids,
      customer: new Int32Array(size),
      day: new Int32Array(size),
      units: new Float64Array(size),
      big: [],
      status: new Uint8Array(size),
    }
    first += ids.length
    return part
  })
  const filled = new Int32Array(count)
  for (let i = 0; i < orders.customer.length; i++) {
    const c = orders.customer[i]!
    const part = parts[partOf[c]!]!
    const k = filled[partOf[c]!]!++
    part.customer[k] = local[c]!
    part.day[k] = orders.day[i]!
    part.units[k] = orders.units[i]!
    if (Number.isNaN(orders.units[i])) part.big.push([k, orders.big.get(i)!.toString()])
    part.status[k] = statusCodes.get(orders.status[i]!)!
  }
  return parts
}

const statusCodes = new Map(orderStatus.options.map((status, code) => [status as string, code]))

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
