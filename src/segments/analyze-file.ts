import { parse as parseCsv } from 'csv-parse/sync'
import type { ReadImportOptions } from '../customers/import-file.js'
import { openDuckDb } from '../db/duckdb.js'
import { sql } from '../db/sql.js'
import {
  emptyReport,
  type FoldedFile,
  type FoldOptions,
  type FoldReport,
  foldOrdersFile,
} from './fold-orders.js'
import { readFileHead } from './fold-orders-in-duckdb.js'
import type { SegmentSettings } from './segment-settings.js'
import { segmentColumns, segmentRowsSql } from './segments.sql.js'
import { duckdbDialect } from './sql-dialect.js'

/** One analysed customer, as the CSV output prints it (all values as text; empty for none). */
export type SegmentCsvRow = Record<(typeof segmentColumns)[number], string>

export interface FileAnalysis {
  asOf: string | null
  /** The rows as records, made of `csv` when first read. */
  readonly rows: SegmentCsvRow[]
  /** The rows as CSV lines (RFC 4180, UTF-8, without the header), in customer id order. */
  csv: Buffer
  report: FoldReport & { customers: number; customersAnalysed: number; customersSkipped: number }
  timings: Record<'read' | 'query', number>
  reader: FoldedFile['reader']
}

export interface AnalyzeFileOptions
  extends Pick<FoldOptions, 'columns' | 'dateFormat' | 'delimiter' | 'encoding' | 'maxSize' | 'reader'> {
  asOf?: string
  settings?: SegmentSettings
  onProgress?: ReadImportOptions['onProgress']
  /** Called once the file is read, as the analysis of its orders starts. */
  onAnalysing?: (orders: number, customers: number) => void
}

// The CSV lines are made in SQL, by one concat (which reads a null as ''): only an id may need quotes; the other
// fields are dates, numbers and words.
const csvField = (column: (typeof segmentColumns)[number]) => {
  const v = sql.raw(column)
  if (column === 'customer_id')
    return sql`case when regexp_matches(${v}, '[",\r\n]') then '"' || replace(${v}, '"', '""') || '"' else ${v} end`
  if (column === 'cv') return sql`printf('%.4f', ${v})`
  if (column === 'monetary' || column === 'median_interval_days')
    return sql`rtrim(rtrim(${v}::varchar, '0'), '.')`
  return v
}
const csvLine = sql`concat(${sql.join(segmentColumns.map(csvField), ", ',', ")}, chr(10))`

/**
 * Analyses an order or order-lines file (CSV/TSV, gzip or Parquet) without a server: its rows are folded into
 * orders in DuckDB (foldOrdersFile), then the stored record's own SQL classifies them.
 */
export async function analyzeOrdersFile(
  path: string,
  options: AnalyzeFileOptions = {},
): Promise<FileAnalysis> {
  const started = performance.now()
  const head = await readFileHead(path, options)
  // A file of a header alone starts no database.
  const duck = head.empty ? null : await openDuckDb()
  try {
    const folded: FoldedFile = duck
      ? await foldOrdersFile(duck, path, head, options)
      : { report: emptyReport(), customers: 0, reader: 'javascript' }
    const { report, customers, reader } = folded
    const read = performance.now()
    options.onAnalysing?.(report.orders, customers)
    let result: { csv: Buffer | null; customers: bigint; as_of: string | null } | undefined
    if (duck && report.orders > 0) {
      const source = sql`select customer_id, date '1970-01-01' + day as day,
          year(date '1970-01-01' + day) * 12 + month(date '1970-01-01' + day) - 1 as month_no, amount, status
        from folded_orders`
      const settings = options.settings ?? (await import('./segment-settings.js')).defaultSegmentSettings
      // The file's CSV shows no months.
      const classified = segmentRowsSql({ orders: source }, options.asOf ?? null, settings, duckdbDialect, {
        purchaseMonths: false,
      })
      // One text of all the lines, made in DuckDB: a value pulled into JavaScript costs more than the line itself.
      // As bytes (encode): they go out as they are, not decoded into a string and encoded again.
      ;[result] = await duck.rows<NonNullable<typeof result>>(
        sql`select encode(string_agg(${csvLine}, '' order by customer_id)) as csv, count(*) as customers,
          any_value(as_of)::varchar as as_of from (${classified}) s`,
      )
    }
    const csv = result?.csv ?? Buffer.alloc(0)
    const analysed = Number(result?.customers ?? 0)
    let parsed: SegmentCsvRow[] | null = null
    return {
      asOf: options.asOf ?? result?.as_of ?? null,
      get rows() {
        parsed ??= parseCsv(csv, { columns: [...segmentColumns] }) as SegmentCsvRow[]
        return parsed
      },
      csv,
      report: { ...report, customers, customersAnalysed: analysed, customersSkipped: customers - analysed },
      timings: { read: read - started, query: performance.now() - read },
      reader,
    }
  } finally {
    duck?.close()
  }
}
