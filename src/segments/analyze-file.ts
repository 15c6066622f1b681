import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { parse as parseCsv } from 'csv-parse/sync'
import { type ReadImportOptions, readImportFile } from '../customers/read-import-file.js'
import { type CopyValue, copyText } from '../db/copy.js'
import type { Db } from '../db/db.js'
import { pgliteParsers, wrapPglite } from '../db/pglite-db.js'
import { type Sql, sql } from '../db/sql.js'
import { type FoldedOrders, type FoldReport, OrderFolder } from './fold-orders.js'
import { defaultSegmentSettings, type SegmentSettings } from './segment-settings.js'
import { type OrderSource, segmentColumns, segmentRowsSql } from './segments.sql.js'

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
  rows: SegmentCsvRow[]
  /** The same rows as CSV lines (RFC 4180, without the header), as the database wrote them. */
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
}

/**
 * Analyses an order or order-lines file without a server: lines are folded into orders while the file
 * streams in, then the stored record's own SQL runs over them in an in-memory embedded database.
 */
export async function analyzeOrdersFile(
  path: string,
  options: AnalyzeFileOptions = {},
): Promise<FileAnalysis> {
  const started = performance.now()
  // The database starts while the file is read: both take seconds, and they overlap.
  const starting = startEmbedded(options.cacheDir)
  starting.catch(() => {})
  const folder = new OrderFolder()
  for await (const row of readImportFile(path, 'orders', options)) folder.add(row)
  const orders = folder.finish()
  const read = performance.now()
  options.onAnalysing?.(orders.customer.length, orders.customers.length)
  const pg = await starting
  const ready = performance.now()
  try {
    const db = wrapPglite(pg)
    // Sorts and hashes of a few hundred thousand orders spill to (in-memory) files at the default 4 MB. Without
    // statistics on a CTE the planner takes `having` to leave a few dozen customers and joins their habits in a
    // nested loop: 125,000 orders then took 2 minutes instead of 2 seconds.
    await db.exec(`set work_mem = '512MB'; set enable_nestloop = off`)
    await loadFolded(db, orders)
    const source: OrderSource = {
      orders: sql`select customer_id, date '1970-01-01' + day as day, amount, status from folded_orders offset 0`,
      keys: sql`select customer_id, external_id from customer_keys`,
    }
    const { asOf, rows, csv } = await queryCsvRows(
      pg,
      segmentRowsSql(source, options.asOf ?? null, options.settings ?? defaultSegmentSettings),
    )
    const customers = orders.customers.length
    return {
      asOf: options.asOf ?? asOf,
      rows,
      csv,
      report: {
        ...folder.report,
        customers,
        customersAnalysed: rows.length,
        customersSkipped: customers - rows.length,
      },
      timings: { read: read - started, start: ready - started, query: performance.now() - ready },
    }
  } finally {
    await pg.close()
  }
}

/** The rules' rows as the CSV prints them, in customer id order, and their analysis date (null for none). */
async function queryCsvRows(
  pg: PGlite,
  segmentRows: Sql,
): Promise<{ asOf: string | null; rows: SegmentCsvRow[]; csv: string }> {
  // The rows leave PGlite as one COPY of CSV text: decoding a query result costs more per field than the
  // SQL itself, and COPY takes no parameters, hence the table in between.
  await pg.query(
    `create temp table analysed as select external_id as customer_id, first_purchase, last_purchase, recency_days,
      frequency, trim_scale(monetary) as monetary, r, f, m, segment, abc, xyz, cv,
      trim_scale(median_interval_days) as median_interval_days, next_due, habit_broken::text as habit_broken,
      as_of from (${segmentRows.text}) s`,
    segmentRows.values as unknown[],
  )
  const [first] = (await pg.query<{ as_of: string }>('select as_of::text from analysed limit 1')).rows
  const { blob } = await pg.query(`copy (select ${segmentColumns.join(', ')} from analysed
    order by customer_id collate "C") to '/dev/blob' with (format csv)`)
  const text = (await blob?.text()) ?? ''
  // Only a customer id can need quotes; the other fields are dates, numbers and fixed words.
  const records = text.includes('"')
    ? (parseCsv(text) as string[][])
    : text
        .split('\n')
        .slice(0, -1)
        .map((line) => line.split(','))
  const rows = records.map((fields) => {
    const row = {} as SegmentCsvRow
    for (let i = 0; i < segmentColumns.length; i++) row[segmentColumns[i]!] = fields[i]!
    return row
  })
  return { asOf: first?.as_of ?? null, rows, csv: text }
}

/**
 * The folded orders into two unlogged tables (no WAL to write for a database that is thrown away). The rules look up
 * the ids of the customers whose ties straddle an ABC threshold one by one, hence the key.
 */
async function loadFolded(db: Db, orders: FoldedOrders): Promise<void> {
  await db.exec(`create unlogged table folded_orders
      (customer_id int, day int, amount numeric, status text);
    create unlogged table customer_keys (customer_id int primary key, external_id text)`)
  const o = orders
  await db.copyFrom(
    'folded_orders',
    ['customer_id', 'day', 'amount', 'status'],
    copyText(rowsOf(o.customer.length, (i) => [o.customer[i]!, o.day[i]!, o.amount[i]!, o.status[i]!])),
  )
  await db.copyFrom(
    'customer_keys',
    ['customer_id', 'external_id'],
    copyText(rowsOf(o.customers.length, (i) => [i, o.customers[i]!])),
  )
}

function* rowsOf(n: number, row: (i: number) => CopyValue[]): Generator<CopyValue[]> {
  for (let i = 0; i < n; i++) yield row(i)
}

/**
 * An empty in-memory PGlite. Creating one runs initdb (seconds); loading a dump of a fresh one is several
 * times faster, so the dump is kept in a cache directory per PGlite version and reused.
 */
async function startEmbedded(cacheDir: string | false | undefined): Promise<PGlite> {
  const dir =
    cacheDir === false
      ? null
      : (cacheDir ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'rapport'))
  const file = dir ? join(dir, `pglite-${pgliteVersion()}-empty.tar`) : null
  if (file) {
    try {
      const blob = new Blob([readFileSync(file)])
      return await PGlite.create({ loadDataDir: blob, parsers: pgliteParsers })
    } catch {
      // No cached database yet (or an unreadable one): create it below.
    }
  }
  const pg = await PGlite.create({ parsers: pgliteParsers })
  if (dir && file) {
    try {
      const dump = await pg.dumpDataDir('none')
      mkdirSync(dir, { recursive: true })
      writeFileSync(`${file}.${process.pid}`, Buffer.from(await dump.arrayBuffer()))
      renameSync(`${file}.${process.pid}`, file)
    } catch {
      // A cache that cannot be written only costs time.
    }
  }
  return pg
}

function pgliteVersion(): string {
  try {
    // The package's exports hide package.json: find it beside the resolved entry point.
    let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'))
    while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir)
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}
