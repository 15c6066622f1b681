import { stat } from 'node:fs/promises'
import { parse as parseCsv } from 'csv-parse/sync'
import { orderStatus, type ReadImportOptions, readImportRows } from '../customers/import-file.js'
import { openDuckDb } from '../db/duckdb.js'
import { sql } from '../db/sql.js'
import { type FoldedOrders, type FoldReport, OrderFolder } from './fold-orders.js'
import { foldOrdersInDuckDb, readFileHead } from './fold-orders-in-duckdb.js'
import { defaultSegmentSettings, type SegmentSettings } from './segment-settings.js'
import { segmentColumns, segmentRowsSql } from './segments.sql.js'
import { duckdbDialect } from './sql-dialect.js'

/** One analysed customer, as the CSV output prints it (all values as text; empty for none). */
export type SegmentCsvRow = Record<(typeof segmentColumns)[number], string>

export interface FileAnalysis {
  asOf: string | null
  /** The rows as records, made of `csv` when first read. */
  readonly rows: SegmentCsvRow[]
  /** The rows as CSV lines (RFC 4180, without the header), in customer id order. */
  csv: string
  report: FoldReport & { customers: number; customersAnalysed: number; customersSkipped: number }
  timings: Record<'read' | 'load' | 'query', number>
  /** Which reader folded the file: DuckDB, or the import's own when a row was in doubt. */
  reader: 'duckdb' | 'javascript'
}

export interface AnalyzeFileOptions
  extends Pick<ReadImportOptions, 'columns' | 'dateFormat' | 'delimiter' | 'encoding' | 'maxSize'> {
  asOf?: string
  settings?: SegmentSettings
  onProgress?: ReadImportOptions['onProgress']
  /** Called once the file is read, as the analysis of its orders starts. */
  onAnalysing?: (orders: number, customers: number) => void
  /** 'javascript': the import's row-by-row reader only, as before DuckDB read the files (for comparisons). */
  reader?: 'duckdb' | 'javascript'
}

/**
 * Analyses an order or order-lines file (CSV/TSV, gzip or Parquet) without a server: DuckDB reads and folds its
 * rows into orders with the import's checks in SQL (a file with a row in doubt is read by the import's own reader
 * instead, so a bad row is reported on its line), then the stored record's own SQL classifies them.
 */
export async function analyzeOrdersFile(
  path: string,
  options: AnalyzeFileOptions = {},
): Promise<FileAnalysis> {
  const started = performance.now()
  const head = await readFileHead(path, options)
  let reader: FileAnalysis['reader'] = 'javascript'
  const nothing = (report: FoldReport, customers: number): FileAnalysis => {
    const none = performance.now()
    return {
      asOf: options.asOf ?? null,
      rows: [],
      csv: '',
      report: { ...report, customers, customersAnalysed: 0, customersSkipped: customers },
      timings: { read: none - started, load: 0, query: 0 },
      reader,
    }
  }
  const noRows = { rows: 0, rowsAnalysed: 0, rowsWithoutCustomer: 0, rowsRejected: 0, errors: [], orders: 0 }
  if (head.empty) {
    options.onAnalysing?.(0, 0)
    // Nothing to classify: no database to start.
    return nothing(noRows, 0)
  }
  const duck = await openDuckDb()
  try {
    const { size } = await stat(path)
    const onProgress = options.onProgress
    const inSql =
      options.reader === 'javascript'
        ? null
        : await foldOrdersInDuckDb(
            duck,
            head,
            onProgress && ((done) => onProgress(Math.round(done * size), size)),
          )
    let report: FoldReport
    let customers: number
    if (inSql) {
      onProgress?.(size, size)
      report = { ...noRows, ...inSql }
      reader = 'duckdb'
      customers = inSql.customers
    } else {
      const folded = await foldInJavaScript(path, options)
      report = folded.report
      customers = folded.orders.customers.length
      if (folded.orders.customer.length > 0) await loadOrders(duck.connection, folded.orders)
    }
    const read = performance.now()
    options.onAnalysing?.(report.orders, customers)
    if (report.orders === 0) return nothing(report, customers)
    const loaded = performance.now()
    const asOf = options.asOf ?? null
    const source = sql`select customer_id, date '1970-01-01' + day as day,
        year(date '1970-01-01' + day) * 12 + month(date '1970-01-01' + day) - 1 as month_no, amount, status
      from folded_orders`
    const classified = segmentRowsSql(
      { orders: source },
      asOf,
      options.settings ?? defaultSegmentSettings,
      duckdbDialect,
      // The file's CSV shows no months.
      { purchaseMonths: false },
    )
    // The CSV lines are made in SQL: only an id may need quotes; the other fields are dates, numbers and words.
    const text = (v: string) => sql`coalesce((${sql.raw(v)})::varchar, '')`
    const trimmed = (v: string) => sql`coalesce(rtrim(rtrim((${sql.raw(v)})::varchar, '0'), '.'), '')`
    const line = sql.join(
      [
        sql`case when regexp_matches(customer_id, '[",\r\n]')
          then '"' || replace(customer_id, '"', '""') || '"' else customer_id end`,
        text('first_purchase'),
        text('last_purchase'),
        text('recency_days'),
        text('frequency'),
        trimmed('monetary'),
        text('r'),
        text('f'),
        text('m'),
        text('segment'),
        text('abc'),
        text('xyz'),
        sql`coalesce(printf('%.4f', cv), '')`,
        trimmed('median_interval_days'),
        text('next_due'),
        text('habit_broken'),
      ],
      " || ',' || ",
    )
    const result = await duck.rows<{ line: string; as_of: Date }>(
      sql`select ${line} as line, as_of::varchar as as_of from (${classified}) s order by customer_id`,
    )
    const csv = result.map((r) => `${r.line}\n`).join('')
    let parsed: SegmentCsvRow[] | null = null
    return {
      asOf: asOf ?? (result[0] ? String(result[0].as_of) : null),
      get rows() {
        parsed ??= csvRows(csv)
        return parsed
      },
      csv,
      report: {
        ...report,
        customers,
        customersAnalysed: result.length,
        customersSkipped: customers - result.length,
      },
      timings: { read: read - started, load: loaded - read, query: performance.now() - loaded },
      reader,
    }
  } finally {
    duck.close()
  }
}

const statusCodes = new Map(orderStatus.options.map((status, code) => [status as string, code]))

/**
 * The folded orders into DuckDB, their customers by number (DuckDB orders the ids by their UTF-8 bytes, as the
 * stored record's collate "C" does, so ties fall as they do there).
 */
async function loadOrders(
  connection: Awaited<ReturnType<typeof openDuckDb>>['connection'],
  orders: FoldedOrders,
): Promise<void> {
  await connection.run(`create table customers (no integer, id varchar);
    create table orders (customer integer, day integer, units double, big decimal(38, 0), status utinyint)`)
  const customers = await connection.createAppender('customers')
  orders.customers.forEach((id, no) => {
    customers.appendInteger(no)
    customers.appendVarchar(id)
    customers.endRow()
  })
  customers.closeSync()
  const { DuckDBDecimalValue } = await import('@duckdb/node-api')
  const appender = await connection.createAppender('orders')
  for (let i = 0; i < orders.customer.length; i++) {
    appender.appendInteger(orders.customer[i]!)
    appender.appendInteger(orders.day[i]!)
    const units = orders.units[i]!
    if (Number.isNaN(units)) {
      appender.appendNull()
      appender.appendDecimal(new DuckDBDecimalValue(orders.big.get(i)!, 38, 0))
    } else {
      appender.appendDouble(units)
      appender.appendNull()
    }
    appender.appendUTinyInt(statusCodes.get(orders.status[i]!)!)
    appender.endRow()
  }
  appender.closeSync()
  const statuses = orderStatus.options.map((s) => `'${s}'`).join(', ')
  await connection.run(`create temp view folded_orders as
    select c.id as customer_id, o.day, coalesce(o.big::decimal(38, 0), o.units::decimal(38, 0))
        * 0.00000001::decimal(9, 8) as amount, [${statuses}][o.status + 1] as status
    from orders o join customers c on c.no = o.customer`)
}

/** The import's own reader and checks, row by row: each bad row is reported on its line. */
async function foldInJavaScript(
  path: string,
  options: AnalyzeFileOptions,
): Promise<{ report: FoldReport; orders: FoldedOrders }> {
  const folder = new OrderFolder()
  const rows = readImportRows(path, 'orders', options, (mapping, o) => folder.sink(mapping, o))
  while (!(await rows.next()).done) {
    // The rows fold as they are read.
  }
  const orders = folder.finish()
  return { report: folder.report, orders }
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
