import { stat } from 'node:fs/promises'
import {
  type ImportRow,
  lineAmount,
  loadRecordBuilder,
  type OrderRecord,
  plainOrderFields,
  type ReadImportOptions,
  readImportRows,
} from '../customers/import-file.js'
import type { DuckDb } from '../db/duckdb.js'
import { sql } from '../db/sql.js'
import { type FileHead, foldOrdersInDuckDb } from './fold-orders-in-duckdb.js'

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

/** The report of a file without rows. */
export const emptyReport = (): FoldReport => ({
  rows: 0,
  rowsAnalysed: 0,
  rowsWithoutCustomer: 0,
  rowsRejected: 0,
  errors: [],
  orders: 0,
})

export interface FoldedFile {
  report: FoldReport
  customers: number
  /** Which reader folded the file: DuckDB, or the import's own when a row was in doubt. */
  reader: 'duckdb' | 'javascript'
}

export interface FoldOptions extends ReadImportOptions {
  /** 'javascript': the import's row-by-row reader only, as before DuckDB read the files (for comparisons). */
  reader?: 'duckdb' | 'javascript'
  /** For forecasts: the view `file_purchases` as well. */
  purchases?: boolean
}

/**
 * Folds an orders file into `duck`'s view `folded_orders` (customer_id, day, amount, status: an order's amount
 * is the exact sum of its rows, its customer, day and status its first row's) and, with `purchases`, the view
 * `file_purchases` (customer_id, day, amount: rows whose sums per customer and day are that day's rows neither
 * cancelled nor returned nor negative). DuckDB reads the file when its checks vouch for every row; otherwise the
 * import's reader does, and words each bad row on its line.
 */
export async function foldOrdersFile(
  duck: DuckDb,
  path: string,
  head: FileHead,
  options: FoldOptions,
): Promise<FoldedFile> {
  if (options.reader !== 'javascript') {
    // DuckDB tells the share of its work done; the JavaScript reader, the bytes it read.
    const { size } = await stat(path)
    const onProgress = options.onProgress
    const onShare = onProgress && ((done: number) => onProgress(Math.round(done * size), size))
    const folded = await foldOrdersInDuckDb(duck, head, onShare, options.purchases)
    if (folded) {
      onProgress?.(size, size)
      const { customers, ...counts } = folded
      return { report: { ...counts, rowsRejected: 0, errors: [] }, customers, reader: 'duckdb' }
    }
  }
  return foldInJavaScript(duck, path, options)
}

/** The import's own reader and checks, row by row, its good rows appended to DuckDB and folded there. */
async function foldInJavaScript(duck: DuckDb, path: string, options: FoldOptions): Promise<FoldedFile> {
  const report = emptyReport()
  const createRecordBuilder = await loadRecordBuilder()
  await duck.connection.run(`create table file_rows (customer_id varchar, order_id varchar,
    day integer, status varchar, units hugeint)`)
  const appender = await duck.connection.createAppender('file_rows')
  // One good row, its amount in units of 10⁻⁸ (exact), in the file's order: an order's first row has its least rowid.
  const append = (customer: string, order: string, time: number, status: string, units: bigint) => {
    report.rowsAnalysed++
    appender.appendVarchar(customer)
    appender.appendVarchar(order)
    appender.appendInteger(Math.floor(time / 86_400_000))
    appender.appendVarchar(status)
    appender.appendHugeInt(units)
    appender.endRow()
  }
  const add = (row: ImportRow<OrderRecord>) => {
    report.rows++
    if ('record' in row) {
      const o = row.record
      const amount =
        o.amount === undefined
          ? (o.lines ?? []).reduce((sum, l) => sum + lineAmount(l.quantity, l.unit_price), 0n)
          : lineAmount(o.amount, '1')
      return append(o.customer_id, o.order_id, o.ordered_at.getTime(), o.status, amount)
    }
    if (row.error.field === 'customer_id' && / is empty$|^customer_id: /.test(row.error.message))
      return void report.rowsWithoutCustomer++
    report.rowsRejected++
    if (report.errors.length < 20) report.errors.push({ line: row.line, ...row.error })
  }
  const rows = readImportRows(path, 'orders', options, (mapping, o) => {
    // Rows the plain checks vouch for skip the schema, which words what is wrong with the others.
    const plain = plainOrderFields(mapping, o)
    const build = createRecordBuilder('orders', mapping, o)
    return {
      row: (fields, line) => {
        const v = plain(fields)
        if (v === null) return add(build(fields, line))
        report.rows++
        if (v.customerId === '') return void report.rowsWithoutCustomer++
        const amount =
          v.amount === undefined ? lineAmount(v.quantity!, v.unitPrice!) : lineAmount(v.amount, '1')
        append(v.customerId, v.orderId, v.time, v.status, amount)
      },
      refused: (line, message) => add({ line, error: { field: null, message } }),
    }
  })
  while (!(await rows.next()).done) {
    // The rows are appended as they are read.
  }
  appender.closeSync()
  const exact = (units: string) => `${units}::decimal(38, 0) * 0.00000001::decimal(9, 8)`
  await duck.connection.run(`create temp view folded_orders as
    select arg_min(customer_id, rowid) as customer_id, arg_min(day, rowid) as day,
      ${exact('sum(units)')} as amount, arg_min(status, rowid) as status
    from file_rows group by order_id;
    create temp view file_purchases as select customer_id, day, ${exact('units')} as amount from file_rows
    where units >= 0 and status not in ('cancelled', 'returned')`)
  const [counts] = await duck.rows<{ orders: bigint; customers: bigint }>(
    sql`select count(*) as orders, count(distinct customer_id) as customers from folded_orders`,
  )
  report.orders = Number(counts?.orders ?? 0)
  return { report, customers: Number(counts?.customers ?? 0), reader: 'javascript' }
}
