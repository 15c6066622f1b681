import type { Command } from 'commander'
import { CliError, resolveWorkspace, UsageError, withDb } from '../cli/context.js'
import { fileProgress } from '../cli/file-progress.js'
import { withInputFile } from '../cli/input-file.js'
import {
  checkEncoding,
  fileOptionHelp,
  ImportFileError,
  parseColumnsOption,
  parseSize,
} from '../customers/import-file.js'
import { sql } from '../db/sql.js'
import { neutraliseFirstColumnBytes, stringifyCsv } from '../http/stringify-csv.js'
import { analyzeOrdersFile, type SegmentCsvRow } from './analyze-file.js'
import { segmentColumns } from './segments.sql.js'

interface Options {
  orders?: string
  columns?: string
  dateFormat: string
  delimiter?: string
  encoding?: string
  maxSize?: string
  asOf?: string
  format: string
  workspace?: string
}

/** `rapport analyze segments`: RFM, segments, ABC, XYZ and habits of a file, or recomputed for a workspace. */
export function registerSegmentsCommand(analyze: Command): void {
  analyze
    .command('segments')
    .description(
      'RFM scores, segments, ABC/XYZ classes and purchase habits: of an orders file (no server needed), or recomputed and stored for a workspace',
    )
    .option(
      '--orders <file>',
      'analyse this orders or order-lines file (CSV/TSV, .gz or .parquet; - for standard input) instead of a workspace',
    )
    .option('--columns <mapping>', 'map canonical columns to the file\'s headers: "customer_id=CustomerID,…"')
    .option('--date-format <pattern>', 'ISO (default) or a pattern such as M/D/YYYY H:mm', 'ISO')
    .option('--delimiter <char>', 'force the delimiter instead of detecting it')
    .option('--encoding <name>', fileOptionHelp.encoding)
    .option('--max-size <size>', fileOptionHelp.maxSize)
    .option('--as-of <date>', 'analysis date YYYY-MM-DD (default: the day after the latest order)')
    .option('--format <format>', 'csv or json (a workspace recomputation prints a summary unless given)', '')
    .option('--workspace <id|name>', 'the workspace to recompute (without --orders)')
    .addHelpText(
      'after',
      `
One row per analysed customer (at least one order with a positive amount before the analysis date):
  ${segmentColumns.join(',')}
Rows without a customer id are skipped and counted (on stderr).

Example, the UCI Online Retail order lines:
  rapport analyze segments --orders online_retail.csv.gz \\
    --columns "customer_id=CustomerID,order_id=InvoiceNo,ordered_at=InvoiceDate,quantity=Quantity,unit_price=UnitPrice,product_id=StockCode"`,
    )
    .action(async (o: Options) => {
      if (o.asOf !== undefined && !isDate(o.asOf)) throw new UsageError('--as-of: a date YYYY-MM-DD')
      if (!['', 'csv', 'json'].includes(o.format)) throw new UsageError('--format: csv or json')
      if (o.orders) await analyzeFile(o.orders, o)
      else await recompute(o)
    })
}

function isDate(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
    new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
  )
}

async function analyzeFile(file: string, o: Options): Promise<void> {
  let columns: Record<string, string> | undefined
  let encoding: string | undefined
  let maxSize: number | undefined
  try {
    columns = o.columns ? parseColumnsOption(o.columns) : undefined
    encoding = o.encoding === undefined ? undefined : checkEncoding(o.encoding)
    maxSize = o.maxSize === undefined ? undefined : parseSize(o.maxSize)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const progress = await fileProgress()
  let analysis: Awaited<ReturnType<typeof analyzeOrdersFile>>
  try {
    analysis = await withInputFile(file, (path) =>
      analyzeOrdersFile(path, {
        columns,
        dateFormat: o.dateFormat,
        delimiter: o.delimiter,
        encoding,
        maxSize,
        asOf: o.asOf,
        onProgress: progress.onProgress,
        // The analysis has nothing to count: say what is going on.
        onAnalysing: (orders, customers) =>
          progress.done(
            `analysing ${orders.toLocaleString('en')} orders of ${customers.toLocaleString('en')} customers…`,
          ),
      }),
    )
  } catch (error) {
    if (error instanceof ImportFileError) throw new CliError(error.message)
    throw error
  } finally {
    progress.done()
  }
  const r = analysis.report
  if (o.format === 'json') {
    process.stdout.write(
      `${JSON.stringify({ asOf: analysis.asOf, report: r, customers: analysis.rows }, null, 2)}\n`,
    )
  } else {
    process.stdout.write(`${segmentColumns.join(',')}\n`)
    process.stdout.write(neutraliseFirstColumnBytes(analysis.csv))
  }
  process.stderr.write(
    `as of ${analysis.asOf ?? '-'}: ${r.customersAnalysed} customers analysed, ${r.customersSkipped} skipped (no purchase); rows ${r.rows}: ${r.rowsAnalysed} in ${r.orders} orders, ${r.rowsWithoutCustomer} without customer id, ${r.rowsRejected} rejected\n`,
  )
  for (const e of r.errors) process.stderr.write(`  line ${e.line}: ${e.message}\n`)
  if (r.rows > 0 && r.rowsAnalysed === 0) process.exitCode = 1
}

function csv(rows: SegmentCsvRow[]): string {
  const parts = [stringifyCsv([[...segmentColumns]])]
  // Written in chunks: a million customers make one string of ~100 MB otherwise.
  for (let i = 0; i < rows.length; i += 10_000) {
    parts.push(stringifyCsv(rows.slice(i, i + 10_000).map((row) => segmentColumns.map((c) => row[c]))))
  }
  return parts.join('')
}

async function recompute(o: Options): Promise<void> {
  // Loaded here: a file's analysis, the common case, needs neither.
  const [{ currentResults }, { recomputeSegments }] = await Promise.all([
    import('./current-results.js'),
    import('./recompute-segments.js'),
  ])
  await withDb(async (db) => {
    const ws = await resolveWorkspace(db, o.workspace)
    const result = await recomputeSegments(db, ws.id, { asOf: o.asOf })
    if (o.format === '') {
      console.log(
        `${ws.name}: ${result.customers} customers analysed as of ${result.asOf ?? '-'} in ${(result.millis / 1000).toFixed(1)} s`,
      )
      const sizes = await db.query<{ segment: string; customers: number; monetary: string }>(sql`
        select segment, count(*)::int as customers, trim_scale(sum(monetary))::text as monetary
        from ${currentResults(ws.id)} s group by segment order by count(*) desc`)
      for (const s of sizes)
        console.log(`  ${s.segment.padEnd(20)} ${String(s.customers).padStart(8)}  ${s.monetary}`)
      return
    }
    const rows =
      await db.query<SegmentCsvRow>(sql`select c.external_id as customer_id, s.first_purchase::text,
        s.last_purchase::text, s.recency_days::text, s.frequency::text, trim_scale(s.monetary)::text as monetary,
        s.r::text, s.f::text, s.m::text, s.segment, s.abc, coalesce(s.xyz, '') as xyz, coalesce(s.cv::text, '') as cv,
        coalesce(trim_scale(s.median_interval_days)::text, '') as median_interval_days,
        coalesce(s.next_due::text, '') as next_due, s.habit_broken::text
      from ${currentResults(ws.id)} s join customers c on c.id = s.customer_id
      order by c.external_id collate "C"`)
    if (o.format === 'json')
      process.stdout.write(`${JSON.stringify({ asOf: result.asOf, customers: rows })}\n`)
    else process.stdout.write(csv(rows))
  })
}
