import { parentPort, workerData } from 'node:worker_threads'
import type { PGlite } from '@electric-sql/pglite'
import { ImportFileError, readImportRows } from '../customers/import-file.js'
import { wrapPglite } from '../db/pglite-db.js'
import { type Sql, sql } from '../db/sql.js'
import type { PartMessage, PartRequest, PartRows } from './analysis-part.js'
import { type FoldedRange, OrderFolder } from './fold-orders.js'
import { ordersCopy, ordersCopyColumns } from './orders-copy.js'
import {
  classifiedRowsSql,
  countKinds,
  customerFiguresSql,
  figureCountsSql,
  segmentColumns,
} from './segments.sql.js'
import { sortPartOrders } from './sort-part-orders.js'
import { startEmbedded } from './start-embedded.js'

// The thread of one AnalysisPart: its embedded database, and the rules run in it on its part of the customers.

const port = parentPort!
const post = (message: PartMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer)
const { cacheDir, folds } = workerData as { cacheDir: string | false | undefined; folds: boolean }
let starting: Promise<PGlite> | null = null
// A thread that folds a range of the file starts its database after that: the two would slow each other, and
// the database is not needed before the whole file is folded.
if (!folds) start()

function start(): Promise<PGlite> {
  if (starting) return starting
  starting = startEmbedded(cacheDir, {
    // Sorts and hashes of a few hundred thousand orders spill to (in-memory) files at the default 4 MB, and the
    // figures' temp table to them at the default 8 MB of temp buffers.
    work_mem: '512MB',
    temp_buffers: '512MB',
    // Every table here is a temp table, in temp buffers: the shared ones hold the catalogs only. The default
    // 128 MB took a tenth of a second to set up.
    shared_buffers: '16MB',
    // Extending a file by posix_fallocate resizes the in-memory file to the byte, copying all of it, every 64
    // blocks; writing zeros grows it as writes do, in steps of an eighth.
    file_extend_method: 'write_zeros',
  })
  starting.then(
    () => post({ kind: 'ready' }),
    (error: unknown) => post({ kind: 'failed', message: messageOf(error) }),
  )
  return starting
}

let part = 0
let ids: { first: number; ids: string[] } = { first: 0, ids: [] }
// Requests run one after the other, in the order they came.
let queue: Promise<void> = Promise.resolve()
port.on('message', (request: PartRequest) => {
  queue = queue.then(async () => {
    try {
      if (request.kind === 'fold') {
        try {
          const value = await fold(request)
          return post({ kind: 'reply', ok: true, value }, [
            value.customer.buffer,
            value.day.buffer,
            value.units.buffer,
            value.orderHashes.buffer,
          ])
        } finally {
          // While the caller absorbs the range.
          start()
        }
      }
      const pg = await start()
      const value = request.kind === 'figures' ? await figures(pg, request) : await classify(pg, request)
      post({ kind: 'reply', ok: true, value })
    } catch (error) {
      post({
        kind: 'reply',
        ok: false,
        message: messageOf(error),
        importFile: error instanceof ImportFileError,
      })
    }
  })
})

async function fold(request: Extract<PartRequest, { kind: 'fold' }>): Promise<FoldedRange> {
  const folder = new OrderFolder()
  const options = { ...request.options, onProgress: (bytes: number) => post({ kind: 'progress', bytes }) }
  for await (const _ of readImportRows(
    request.path,
    'orders',
    options,
    (m, o) => folder.sink(m, o),
    request.range,
  )) {
    // The rows fold as they are read.
  }
  return folder.range()
}

async function figures(pg: PGlite, request: Extract<PartRequest, { kind: 'figures' }>): Promise<string> {
  part = request.part
  const orders = sortPartOrders(request.orders)
  ids = { first: orders.first, ids: orders.ids }
  const db = wrapPglite(pg)
  // Without statistics the planner takes a grouping to leave a few dozen customers and joins their habits in a
  // nested loop: 125,000 orders then took 2 minutes instead of 2 seconds.
  await db.exec(`set enable_nestloop = off; create temp table folded_orders (${ordersCopyColumns})`)
  await pg.query(`copy folded_orders from '/dev/blob' with (format binary)`, [], {
    blob: new Blob([ordersCopy(orders)]),
  })
  const source = sql`select customer_id, day, month_no, amount, status from folded_orders`
  await run(
    pg,
    sql`create temp table figures as ${customerFiguresSql(source, request.asOf, request.settings, { purchaseMonths: false })}`,
  )
  await run(pg, sql`create temp table ${counts(part)} as ${figureCountsSql(sql`figures`)}`)
  const { blob } = await pg.query(`copy ${counts(part).text} to '/dev/blob' with (format csv)`)
  return (await blob?.text()) ?? ''
}

async function classify(pg: PGlite, request: Extract<PartRequest, { kind: 'classify' }>): Promise<PartRows> {
  const parts = request.counts.map((_, p) => p)
  for (const [p, text] of request.counts.entries()) {
    if (p === part) continue
    await pg.query(`create temp table ${counts(p).text} (like ${counts(part).text})`)
    await pg.query(`copy ${counts(p).text} from '/dev/blob' with (format csv)`, [], {
      blob: new Blob([text]),
    })
  }
  const all = parts.map((p) => `select ${p} as part, * from ${counts(p).text}`).join(' union all ')
  await pg.query(`create temp view all_counts as ${all}`)
  const rows = classifiedRowsSql({
    figures: sql`figures`,
    counts: sql`all_counts`,
    asOf: request.asOf,
    settings: request.settings,
    tiesBefore: sql`select monetary, customers from all_counts
      where kind = ${countKinds.monetary} and part < ${part}`,
  })
  // The rows leave the database as one COPY of CSV text: decoding a query result costs more per field than the
  // SQL itself. COPY takes no parameters, so the values are written in; as_of ends every line.
  const copy = sql`copy (select ${sql.raw(segmentColumns.join(', '))}, as_of from (select customer_id, first_purchase,
      last_purchase, recency_days, frequency, trim_scale(monetary) as monetary, r, f, m, segment, abc, xyz, cv,
      trim_scale(median_interval_days) as median_interval_days, next_due, habit_broken::text as habit_broken,
      as_of from (${rows}) s) s) to '/dev/blob' with (format csv)`
  const { blob } = await pg.query(copy.inlined)
  return withIds((await blob?.text()) ?? '')
}

/**
 * COPY's CSV lines in customer number order (the ids' order), with the customers' ids for the numbers that
 * start them and without the analysis date that ends them; how many they are, and that date. Ordering the lines
 * here costs less than a sort of the rows in the database.
 */
function withIds(text: string): PartRows {
  const lines: string[] = new Array(ids.ids.length)
  let customers = 0
  let asOf: string | null = null
  for (let start = 0; start < text.length; customers++) {
    const comma = text.indexOf(',', start)
    const end = text.indexOf('\n', comma)
    const last = text.lastIndexOf(',', end)
    asOf ??= text.slice(last + 1, end)
    const at = Number(text.slice(start, comma)) - ids.first
    const id = ids.ids[at]
    if (id === undefined) throw new Error(`classified row ${at} names no customer of this part`)
    // The other fields are dates, numbers and fixed words, which need no quotes.
    lines[at] = `${/[",\r\n]/.test(id) ? `"${id.replaceAll('"', '""')}"` : id}${text.slice(comma, last)}\n`
    start = end + 1
  }
  let csv = ''
  for (const line of lines) if (line !== undefined) csv += line
  return { asOf, csv, customers }
}

const counts = (p: number) => sql.raw(`counts_${p}`)

async function run(pg: PGlite, statement: Sql): Promise<void> {
  await pg.query(statement.text, statement.values)
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
