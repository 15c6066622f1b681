import { type Db, one } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import { tidyTable } from '../db/tidy-table.js'
import { allCustomers, type CustomerPart, customerParts, inPart } from './customer-parts.js'
import { emitSegmentChanges } from './segment-changes.js'
import { getSegmentSettings, type SegmentSettings } from './segment-settings.js'
import {
  classifiedRowsSql,
  customerFiguresSql,
  figureCountsSql,
  type OrderSource,
  segmentRowsSql,
} from './segments.sql.js'

export interface RecomputeOptions {
  /** The analysis date, YYYY-MM-DD; by default the day after the workspace's latest order. */
  asOf?: string
  /** Thresholds to use instead of the workspace's stored ones. */
  settings?: SegmentSettings
  /**
   * On PostgreSQL, how many connections share the work, each taking a part of the customers (default 2, the
   * cores of the machine the figures were measured on). 1, and PGlite, compute in one statement.
   */
  connections?: number
}

export interface RecomputeResult {
  /** The analysis date; by default null when no customer has a purchase. */
  asOf: string | null
  customers: number
  millis: number
}

/** The workspace's orders as the rules read them; with a part, only those of its customers. */
export function storedOrders(workspaceId: string, part: CustomerPart = allCustomers): OrderSource {
  return {
    // The day converted once (offset 0), its month from it.
    orders: sql`select customer_id, day, (date_part('year', day) * 12 + date_part('month', day) - 1)::int as month_no,
      amount, status
      from (select customer_id, (ordered_at at time zone 'UTC')::date as day, amount, status from orders
        where workspace_id = ${workspaceId} and ${inPart(sql`customer_id`, part)} offset 0) o`,
    keys: sql`select id as customer_id, external_id from customers where workspace_id = ${workspaceId}`,
  }
}

/** One org unit's customers and revenue in one segment, as a part of the results counted them. */
interface SnapshotPart {
  unit: string | null
  segment: string
  customers: number
  monetary: string
  asOf: string
}

const resultColumns = sql`workspace_id, generation, customer_id, as_of, first_purchase, last_purchase, recency_days,
  frequency, monetary, r, f, m, segment, abc, xyz, cv, median_interval_days, interval_cv, next_due, habit_broken,
  purchase_months`

/**
 * Recomputes every customer's scores, segment and classes from the stored orders as a new generation of results,
 * makes it the current one and records the segment sizes of its analysis date. Call it after imports, outside a
 * transaction: it runs its own, and vacuums the results after them.
 *
 * On PostgreSQL the work is split by customer over several connections of its own: each computes its customers'
 * figures into a staging table, then, ranked among all of them, their results. A single statement cannot do that:
 * PostgreSQL plans no parallel query for a statement that writes, and the windows over the orders would not run
 * in parallel anyway.
 * @example await recomputeSegments(db, workspaceId)
 */
export async function recomputeSegments(
  db: Db,
  workspaceId: string,
  options: RecomputeOptions = {},
): Promise<RecomputeResult> {
  const started = performance.now()
  const settings = options.settings ?? (await getSegmentSettings(db, workspaceId))
  const asOf = options.asOf ?? null
  const connections = options.connections ?? 2
  const result =
    db.connect && connections > 1
      ? await recomputeInParts(db.connect.bind(db), workspaceId, asOf, settings, connections)
      : await recomputeAtOnce(db, workspaceId, asOf, settings)
  return { asOf: result.asOf, customers: result.customers, millis: performance.now() - started }
}

// One recomputation at a time per workspace; a second waits and then replaces the first's results. A delete of
// customers takes the same lock (migration 009).
const workspaceLock = (workspaceId: string) => sql`4403, hashtext(${workspaceId})`

async function prepare(db: Db, scope: 'local' | 'session') {
  const set = sql.raw(scope === 'local' ? 'set local' : 'set')
  // The results come from the orders of the workspace's customers, under the lock a delete of customers takes
  // (migration 016): they need no check of their customers.
  await db.query(sql`${set} rapport.results_from_orders = on`)
  // Nothing here is worth a nested loop, and the planner cannot know how many rows an insert returns: looking up
  // each one's customer would take seconds.
  await db.query(sql`${set} enable_nestloop = off`)
  if (db.kind !== 'postgres') return
  // The default 4 MB makes every grouping and window over a million orders spill to disk.
  await db.query(sql`${set} work_mem = '256MB'`)
  // Compiling the query takes seconds longer than running it.
  await db.query(sql`${set} jit = off`)
  // Reading the orders in customer order through orders_customer, to save a sort, visits the table at random:
  // 18 s instead of 2 for 3.3 million orders.
  await db.query(sql`${set} enable_indexscan = off`)
}

async function recomputeAtOnce(db: Db, workspaceId: string, asOf: string | null, settings: SegmentSettings) {
  const result = await db.transaction(async (tx) => {
    if (tx.kind === 'postgres')
      await tx.query(sql`select pg_advisory_xact_lock(${workspaceLock(workspaceId)})`)
    await prepare(tx, 'local')
    const generation = await nextGeneration(tx)
    const rows = sql`select * from (${segmentRowsSql(storedOrders(workspaceId), asOf, settings)}) s`
    const parts = await insertResults(tx, workspaceId, generation, rows)
    const result = await makeCurrent(tx, workspaceId, generation, asOf, parts)
    return { ...result, deleted: await deleteOlderResults(tx, workspaceId, generation) }
  })
  await tidyTable(db, 'segment_results', { inserted: result.customers, deleted: result.deleted })
  return result
}

async function recomputeInParts(
  connect: () => Promise<Db>,
  workspaceId: string,
  asOf: string | null,
  settings: SegmentSettings,
  connections: number,
) {
  const sessions = await openSessions(connect, connections)
  const [lead] = sessions as [Db, ...Db[]]
  const parts = customerParts(connections)
  // The workspace's own staging table: only the holder of the workspace's lock uses it.
  const suffix = workspaceId.replaceAll('-', '')
  const staging = sql.raw(`segment_figures_${suffix}`)
  const counts = sql.raw(`segment_counts_${suffix}`)
  let locked = false
  let generation: string | undefined
  let current = false
  try {
    await lead.query(sql`select pg_advisory_lock(${workspaceLock(workspaceId)})`)
    locked = true
    await Promise.all(sessions.map((session) => prepare(session, 'session')))
    await lead.query(sql`drop table if exists ${staging}, ${counts}`)
    // Unlogged: the figures live for one recomputation, and a crash would only mean computing them again.
    await lead.query(sql`create unlogged table ${staging} (customer_id uuid not null, frequency integer not null,
      monetary numeric not null, first_purchase date, last_purchase date, first_month integer not null,
      last_month integer not null, last_day date not null, month_squares numeric not null, purchase_months integer[],
      gaps bigint, gap_total bigint, gap_squares bigint, median numeric)`)
    await lead.query(sql`create unlogged table ${counts} (kind integer not null, last_purchase date, frequency integer,
      monetary numeric, customers bigint not null, last_month integer, last_day date)`)
    await Promise.all(
      sessions.map((session, i) =>
        session.query(sql`with figures as materialized (
            ${customerFiguresSql(storedOrders(workspaceId, parts[i]).orders, asOf, settings)}
          ),
          staged as (insert into ${staging} select * from figures)
          insert into ${counts} ${figureCountsSql(sql`figures`)}`),
      ),
    )
    generation = await nextGeneration(lead)
    const counted = await Promise.all(
      sessions.map((session, i) => {
        const keys = storedOrders(workspaceId).keys
        const rows = classifiedRowsSql({
          figures: staging,
          counts,
          keys,
          asOf,
          settings,
          part: inPart(sql`customer_id`, parts[i] ?? allCustomers),
        })
        return insertResults(session, workspaceId, generation!, rows, parts[i])
      }),
    )
    const result = await lead.transaction((tx) =>
      makeCurrent(tx, workspaceId, generation!, asOf, counted.flat()),
    )
    current = true
    // The previous generation, and any a failed recomputation left, out of sight now.
    const deleted = await Promise.all(
      sessions.map((session, i) => deleteOlderResults(session, workspaceId, generation!, parts[i])),
    )
    const written = { inserted: result.customers, deleted: deleted.reduce((a, b) => a + b, 0) }
    await tidyTable(lead, 'segment_results', written)
    return result
  } finally {
    if (locked) {
      // A failed recomputation's results would otherwise wait for the next one to be deleted.
      if (generation && !current) {
        await lead
          .query(
            sql`delete from segment_results where workspace_id = ${workspaceId} and generation = ${generation}`,
          )
          .catch(() => {})
      }
      await lead.query(sql`drop table if exists ${staging}, ${counts}`).catch(() => {})
    }
    // Closing the lead's connection releases the workspace's lock.
    await Promise.all(sessions.map((session) => session.close().catch(() => {})))
  }
}

/** `count` connections of their own, or none: those that opened are closed again when one fails. */
async function openSessions(connect: () => Promise<Db>, count: number): Promise<Db[]> {
  const opened = await Promise.allSettled(Array.from({ length: count }, connect))
  const sessions = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []))
  const failed = opened.find((o) => o.status === 'rejected')
  if (failed) {
    await Promise.all(sessions.map((session) => session.close().catch(() => {})))
    throw failed.reason
  }
  return sessions
}

/** Deletes the part's results of generations before this one; returns how many. */
async function deleteOlderResults(
  db: Db,
  workspaceId: string,
  generation: string,
  part: CustomerPart = allCustomers,
): Promise<number> {
  const rows = await db.query<{ rows: number }>(sql`with deleted as (
      delete from segment_results where workspace_id = ${workspaceId} and generation < ${generation}
        and ${inPart(sql`customer_id`, part)} returning 1
    ) select count(*)::int as rows from deleted`)
  return one(rows, 'count of deleted segment results').rows
}

async function nextGeneration(db: Db): Promise<string> {
  const rows = await db.query<{ generation: string }>(sql`select nextval('segment_generation') as generation`)
  return one(rows, 'next segment generation').generation
}

/**
 * Inserts the rows as results of the generation, and counts them by org unit and segment for the snapshot. The
 * counts come from the rows as they are inserted: read back, the fresh rows have no statistics yet, and the planner
 * would look up a million customers one by one.
 */
async function insertResults(
  db: Db,
  workspaceId: string,
  generation: string,
  rows: Sql,
  part: CustomerPart = allCustomers,
): Promise<SnapshotPart[]> {
  return db.query<SnapshotPart>(sql`with inserted as (
      insert into segment_results (${resultColumns})
      select ${workspaceId}, ${generation}, customer_id, as_of, first_purchase, last_purchase, recency_days,
        frequency, monetary, r, f, m, segment, abc, xyz, cv, median_interval_days, interval_cv, next_due,
        habit_broken, purchase_months
      from (${rows}) s
      returning customer_id, as_of, segment, monetary
    )
    select c.org_unit_id as unit, r.segment, count(*)::int as customers, sum(r.monetary)::text as monetary,
      max(r.as_of)::text as "asOf"
    from inserted r join customers c on c.id = r.customer_id and c.workspace_id = ${workspaceId}
      and ${inPart(sql`c.id`, part)}
    group by c.org_unit_id, r.segment`)
}

/**
 * Makes the generation the workspace's current results and replaces the segment sizes of its analysis date with
 * the parts' counts.
 */
async function makeCurrent(
  tx: Db,
  workspaceId: string,
  generation: string,
  asOf: string | null,
  parts: SnapshotPart[],
): Promise<Omit<RecomputeResult, 'millis'>> {
  const analysed = asOf ?? parts[0]?.asOf ?? null
  const customers = parts.reduce((sum, part) => sum + part.customers, 0)
  await emitSegmentChanges(tx, workspaceId, generation)
  await tx.query(sql`insert into segment_generations (workspace_id, generation, as_of, customers)
    values (${workspaceId}, ${generation}, ${analysed}, ${customers})
    on conflict (workspace_id) do update set generation = excluded.generation, as_of = excluded.as_of,
      customers = excluded.customers, computed_at = now()`)
  if (analysed !== null) {
    await tx.query(
      sql`delete from segment_snapshots where workspace_id = ${workspaceId} and as_of = ${analysed}`,
    )
    await tx.query(sql`insert into segment_snapshots (workspace_id, as_of, org_unit_id, segment, customers, monetary)
      select ${workspaceId}, ${analysed}, p.unit, p.segment, sum(p.customers), sum(p.monetary)
      from jsonb_to_recordset(${JSON.stringify(parts)}::jsonb) as p(unit uuid, segment text, customers integer,
        monetary numeric)
      group by p.unit, p.segment`)
  }
  return { asOf: analysed, customers }
}
