import { stat } from 'node:fs/promises'
import { parse as parseCsv } from 'csv-parse/sync'
import type { ReadImportOptions } from '../customers/import-file.js'
import { openDuckDb } from '../db/duckdb.js'
import { sql } from '../db/sql.js'
import { type FoldedFile, type FoldOptions, type FoldReport, foldOrdersFile } from './fold-orders.js'
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
  /** The rows as CSV lines (RFC 4180, without the header), in customer id order. */
  csv: string
  report: FoldReport & { customers: number; customersAnalysed: number; customersSkipped: number }
  timings: Record<'read' | 'load' | 'query', number>
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
  const nothing = (folded: Pick<FoldedFile, 'report' | 'customers' | 'reader'>): FileAnalysis => ({
    asOf: options.asOf ?? null,
    rows: [],
    csv: '',
    report: {
      ...folded.report,
      customers: folded.customers,
      customersAnalysed: 0,
      customersSkipped: folded.customers,
    },
    timings: { read: performance.now() - started, load: 0, query: 0 },
    reader: folded.reader,
  })
  if (head.empty) {
    options.onAnalysing?.(0, 0)
    // Nothing to classify: no database to start.
    const report = {
      rows: 0,
      rowsAnalysed: 0,
      rowsWithoutCustomer: 0,
      rowsRejected: 0,
      errors: [],
      orders: 0,
    }
    return nothing({ report, customers: 0, reader: 'javascript' })
  }
  const duck = await openDuckDb()
  try {
    const { size } = await stat(path)
    const onProgress = options.onProgress
    const folded = await foldOrdersFile(
      duck,
      path,
      head,
      options,
      onProgress && ((done) => onProgress(Math.round(done * size), size)),
    )
    if (folded.reader === 'duckdb') onProgress?.(size, size)
    const { report, customers, reader } = folded
    const read = performance.now()
    options.onAnalysing?.(report.orders, customers)
    if (report.orders === 0) return nothing(folded)
    const loaded = performance.now()
    const asOf = options.asOf ?? null
    const source = sql`select customer_id, date '1970-01-01' + day as day,
        year(date '1970-01-01' + day) * 12 + month(date '1970-01-01' + day) - 1 as month_no, amount, status
      from folded_orders`
    const classified = segmentRowsSql(
      { orders: source },
      asOf,
      // The settings' schema loads zod, which a file without orders does without.
      options.settings ?? (await import('./segment-settings.js')).defaultSegmentSettings,
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
    // One text of all the lines, made in DuckDB: a value pulled into JavaScript costs more than the line itself.
    const [result] = await duck.rows<{ csv: string | null; customers: bigint; as_of: string | null }>(
      sql`select string_agg(line, '' order by customer_id) as csv, count(*) as customers,
        any_value(as_of)::varchar as as_of
      from (select ${line} || chr(10) as line, customer_id, as_of from (${classified}) s)`,
    )
    const csv = result?.csv ?? ''
    const analysed = Number(result?.customers ?? 0)
    let parsed: SegmentCsvRow[] | null = null
    return {
      asOf: asOf ?? result?.as_of ?? null,
      get rows() {
        parsed ??= parseCsv(csv, { columns: [...segmentColumns] }) as SegmentCsvRow[]
        return parsed
      },
      csv,
      report: {
        ...report,
        customers,
        customersAnalysed: analysed,
        customersSkipped: customers - analysed,
      },
      timings: { read: read - started, load: loaded - read, query: performance.now() - loaded },
      reader,
    }
  } finally {
    duck.close()
  }
}
