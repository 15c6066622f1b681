import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { type ReadImportOptions, readImportFile } from '../customers/read-import-file.js'
import { pgliteParsers, wrapPglite } from '../db/pglite-db.js'
import { sql } from '../db/sql.js'
import { type FoldReport, OrderFolder } from './fold-orders.js'
import { defaultSegmentSettings, type SegmentSettings } from './segment-settings.js'
import { defaultAsOfSql, type OrderSource, segmentRowsSql } from './segments.sql.js'

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
  report: FoldReport & { customers: number; customersAnalysed: number; customersSkipped: number }
  timings: Record<'read' | 'start' | 'query', number>
}

export interface AnalyzeFileOptions extends Pick<ReadImportOptions, 'columns' | 'dateFormat' | 'delimiter'> {
  asOf?: string
  settings?: SegmentSettings
  onProgress?: ReadImportOptions['onProgress']
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
  const pg = await starting
  const ready = performance.now()
  try {
    const db = wrapPglite(pg)
    const source: OrderSource = {
      orders: sql`select u.c as customer_id, to_timestamp(u.t) as ordered_at, u.a as amount, u.s as status
        from unnest(string_to_array(${orders.customer.join(',')}, ',')::int[],
          string_to_array(${orders.orderedAt.join(',')}, ',')::float8[],
          string_to_array(${orders.amount.join(',')}, ',')::numeric[],
          string_to_array(${orders.status.join(',')}, ',')) as u(c, t, a, s)`,
      keys: sql`select (k.n - 1)::int as customer_id, k.id as external_id
        from unnest(${orders.customers}::text[]) with ordinality as k(id, n)`,
    }
    const asOf =
      options.asOf ?? (await db.query<{ asOf: string | null }>(defaultAsOfSql(source)))[0]?.asOf ?? null
    const rows = asOf
      ? await db.query<SegmentCsvRow>(sql`select external_id as customer_id, first_purchase::text,
          last_purchase::text, recency_days::text, frequency::text, trim_scale(monetary)::text as monetary,
          r::text, f::text, m::text, segment, abc, coalesce(xyz, '') as xyz, coalesce(cv::text, '') as cv,
          coalesce(trim_scale(median_interval_days)::text, '') as median_interval_days,
          coalesce(next_due::text, '') as next_due, habit_broken::text
        from (${segmentRowsSql(source, asOf, options.settings ?? defaultSegmentSettings)}) s
        order by external_id collate "C"`)
      : []
    const customers = orders.customers.length
    return {
      asOf,
      rows,
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
