import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { getSegmentSettings, type SegmentSettings } from './segment-settings.js'
import { type OrderSource, segmentRowsSql } from './segments.sql.js'

export interface RecomputeOptions {
  /** The analysis date, YYYY-MM-DD; by default the day after the workspace's latest order. */
  asOf?: string
  /** Thresholds to use instead of the workspace's stored ones. */
  settings?: SegmentSettings
}

export interface RecomputeResult {
  /** The analysis date; by default null when no customer has a purchase. */
  asOf: string | null
  customers: number
  millis: number
}

/** The workspace's orders as the rules read them. */
export function storedOrders(workspaceId: string): OrderSource {
  return {
    orders: sql`select customer_id, (ordered_at at time zone 'UTC')::date as day, amount, status from orders
      where workspace_id = ${workspaceId} offset 0`,
    keys: sql`select id as customer_id, external_id from customers where workspace_id = ${workspaceId}`,
  }
}

/**
 * Recomputes every customer's scores, segment and classes from the stored orders, replacing the previous
 * results and recording the segment sizes of this analysis date. Call it after imports.
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
  return db.transaction(async (tx) => {
    // One recomputation at a time per workspace; a second waits and then replaces the first's results.
    if (tx.kind === 'postgres') {
      await tx.query(sql`select pg_advisory_xact_lock(4403, hashtext(${workspaceId}))`)
      // The default 4 MB makes every grouping and window over a million orders spill to disk.
      await tx.query(sql`set local work_mem = '256MB'`)
      // Compiling the query takes seconds longer than running it.
      await tx.query(sql`set local jit = off`)
      // Reading the orders in customer order through orders_customer, to save a sort, visits the table at random:
      // 18 s instead of 2 for 3.3 million orders.
      await tx.query(sql`set local enable_indexscan = off`)
    }
    await tx.query(sql`delete from segment_results where workspace_id = ${workspaceId}`)
    // One statement: the results, then the segment sizes of their analysis date (replacing any of that date).
    // The sizes come from the rows as they are inserted: read back, the fresh rows have no statistics yet, and
    // the planner would look up a million customers one by one.
    const [inserted] = await tx.query<{ asOf: string | null; customers: number }>(sql`with rows as (
        insert into segment_results (workspace_id, customer_id, as_of, first_purchase, last_purchase, recency_days,
          frequency, monetary, r, f, m, segment, abc, xyz, cv, median_interval_days, interval_cv, next_due,
          habit_broken, purchase_months)
        select ${workspaceId}, customer_id, as_of, first_purchase, last_purchase, recency_days, frequency,
          monetary, r, f, m, segment, abc, xyz, cv, median_interval_days, interval_cv, next_due, habit_broken,
          purchase_months
        from (${segmentRowsSql(storedOrders(workspaceId), asOf, settings)}) s
        returning customer_id, as_of, segment, monetary
      ),
      analysed as (select max(as_of) as as_of from rows),
      replaced as (
        delete from segment_snapshots where workspace_id = ${workspaceId}
          and as_of = coalesce(${asOf}::date, (select as_of from analysed))
      ),
      snapshot as (
        insert into segment_snapshots (workspace_id, as_of, org_unit_id, segment, customers, monetary)
        select ${workspaceId}, r.as_of, c.org_unit_id, r.segment, count(*), sum(r.monetary)
        from rows r join customers c on c.id = r.customer_id and c.workspace_id = ${workspaceId}
        group by r.as_of, c.org_unit_id, r.segment
        returning customers
      )
      select coalesce(${asOf}::date, (select as_of from analysed))::text as "asOf",
        (select coalesce(sum(customers), 0)::int from snapshot) as customers`)
    return { asOf: inserted!.asOf, customers: inserted!.customers, millis: performance.now() - started }
  })
}
