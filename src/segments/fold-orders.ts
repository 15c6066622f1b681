import {
  createRecordBuilder,
  type ImportRow,
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
  errors: RowError[]
  orders: number
}

interface RowError {
  line: number
  field: string | null
  message: string
}

export interface FoldedFile {
  report: FoldReport
  customers: number
  /** Which reader folded the file: DuckDB, or the import's own when a row was in doubt. */
  reader: 'duckdb' | 'javascript'
  /** The first rows without a customer id (the JavaScript reader's only), as forecasts report them. */
  withoutCustomer: RowError[]
}

export interface FoldOptions extends ReadImportOptions {
  /** 'javascript': the import's row-by-row reader only, as before DuckDB read the files (for comparisons). */
  reader?: 'duckdb' | 'javascript'
  /**
   * For forecasts: the view `file_purchases` as well, and the lines of rows without a customer id, which they
   * name (DuckDB's reader has none, so such a file goes to the JavaScript reader).
   */
  purchases?: boolean
}

/**
 * Folds an orders file into `duck`'s view `folded_orders` (customer_id, day, amount, status: an order's amount
 * is the exact sum of its rows, its customer, day and status its first row's) and, with `purchases`, the view
 * `file_purchases` (customer_id, day, amount of each row neither cancelled nor returned nor negative). DuckDB reads the file
 * when its checks vouch for every row; otherwise the import's reader does, and words each bad row on its line.
 */
export async function foldOrdersFile(
  duck: DuckDb,
  path: string,
  head: FileHead,
  options: FoldOptions,
  onShare?: (done: number) => void,
): Promise<FoldedFile> {
  if (options.reader !== 'javascript') {
    const folded = await foldOrdersInDuckDb(duck, head, onShare, options.purchases)
    if (folded && !(options.purchases && folded.rowsWithoutCustomer > 0)) {
      const { customers, ...counts } = folded
      const report = { ...counts, rowsRejected: 0, errors: [] }
      return { report, customers, reader: 'duckdb', withoutCustomer: [] }
    }
    await duck.connection.run('drop view if exists folded_orders; drop view if exists file_purchases')
  }
  return foldInJavaScript(duck, path, options)
}

/** The import's own reader and checks, row by row, its good rows appended to DuckDB and folded there. */
async function foldInJavaScript(duck: DuckDb, path: string, options: FoldOptions): Promise<FoldedFile> {
  const report: FoldReport = {
    rows: 0,
    rowsAnalysed: 0,
    rowsWithoutCustomer: 0,
    rowsRejected: 0,
    errors: [],
    orders: 0,
  }
  const withoutCustomer: RowError[] = []
  await duck.connection.run(`create table file_rows (line integer, customer_id varchar, order_id varchar,
    day integer, amount varchar, quantity varchar, unit_price varchar, status varchar)`)
  const appender = await duck.connection.createAppender('file_rows')
  const append = (line: number, o: OrderRecord) => {
    const day = Math.floor(o.ordered_at.getTime() / 86_400_000)
    const lines = o.lines ?? [{ quantity: null, unit_price: null }]
    for (const l of lines) {
      appender.appendInteger(line)
      appender.appendVarchar(o.customer_id)
      appender.appendVarchar(o.order_id)
      appender.appendInteger(day)
      for (const value of [o.amount, l.quantity, l.unit_price])
        value == null ? appender.appendNull() : appender.appendVarchar(value)
      appender.appendVarchar(o.status)
      appender.endRow()
    }
  }
  const add = (row: ImportRow<OrderRecord>) => {
    report.rows++
    if ('record' in row) {
      report.rowsAnalysed++
      return append(row.line, row.record)
    }
    const noCustomer =
      row.error.field === 'customer_id' && / is empty$|^customer_id: /.test(row.error.message)
    const [count, list] = noCustomer
      ? (['rowsWithoutCustomer', withoutCustomer] as const)
      : (['rowsRejected', report.errors] as const)
    report[count]++
    if (list.length < 20) list.push({ line: row.line, ...row.error })
  }
  const rows = readImportRows(path, 'orders', options, (mapping, o) => {
    // Rows the plain checks vouch for skip the schema, which words what is wrong with the others.
    const plain = plainOrderFields(mapping, o)
    const build = createRecordBuilder('orders', mapping, o)
    const record = { currency: 'EUR', lines: undefined as OrderRecord['lines'] } as OrderRecord
    return {
      row: (fields, line) => {
        const v = plain(fields)
        if (v === null || v.customerId === '') return add(build(fields, line))
        report.rows++
        report.rowsAnalysed++
        record.customer_id = v.customerId
        record.order_id = v.orderId
        record.ordered_at = new Date(v.time)
        record.status = v.status
        record.amount = v.amount
        record.lines =
          v.amount === undefined
            ? [{ product_id: '', quantity: v.quantity!, unit_price: v.unitPrice! }]
            : undefined
        append(line, record)
      },
      refused: (line, message) => add({ line, error: { field: null, message } }),
    }
  })
  while (!(await rows.next()).done) {
    // The rows are appended as they are read.
  }
  appender.closeSync()
  // Amounts of at most 15 digits and 4 decimals: their products and sums are exact in decimal(38, 8).
  await duck.connection.run(`create temp view file_row_amounts as
    select line, customer_id, order_id, day, status,
      sum(coalesce(amount::decimal(38, 8), quantity::decimal(19, 4) * unit_price::decimal(19, 4))) as amount
    from file_rows group by all;
    create temp view folded_orders as
    select arg_min(customer_id, line) as customer_id, arg_min(day, line) as day, sum(amount) as amount,
      arg_min(status, line) as status
    from file_row_amounts group by order_id;
    create temp view file_purchases as select customer_id, day, amount from file_row_amounts
    where amount >= 0 and status not in ('cancelled', 'returned')`)
  const [counts] = await duck.rows<{ orders: bigint; customers: bigint }>(
    sql`select count(*) as orders, count(distinct customer_id) as customers from folded_orders`,
  )
  report.orders = Number(counts?.orders ?? 0)
  return { report, customers: Number(counts?.customers ?? 0), reader: 'javascript', withoutCustomer }
}
