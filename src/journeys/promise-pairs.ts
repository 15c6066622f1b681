import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'

// The pairs of start and end events that promises are read from (migration 038). Event triggers keep every kept kind
// current; a new kind is built from the events it already has: at once when they are few, else by the background
// build in chunks of customers, each its own short transaction, so that ingest never waits for more than a chunk.

/** Below this many events of the types, a build runs at once in the caller's transaction. */
export const INLINE_BUILD_EVENTS = 50_000
/** Customers per chunk of a background build. */
export const BUILD_CHUNK_CUSTOMERS = 20_000

export interface PromiseKind {
  startEvent: string
  endEvent: string
}

/** Whether the workspace has fewer than `limit` events of these types (read from the type index, stops at limit). */
export async function fewEvents(
  db: Db,
  workspaceId: string,
  types: string[],
  limit: number,
): Promise<boolean> {
  const [row] = await db.query<{ n: number }>(sql`select count(*)::int as n from (select 1 from events
    where workspace_id = ${workspaceId} and type = any(${types}::text[]) limit ${limit}) x`)
  return (row?.n ?? 0) < limit
}

/**
 * Brings the kept kinds in line with the workspace's promises: kinds no promise names go (with their pairs), new
 * ones are added and, when their events are few, built at once. The events are locked against writes meanwhile, so
 * that no event lands between the build's read and the kind becoming visible to the triggers.
 */
export async function keepPromiseKinds(tx: Db, workspaceId: string, inlineLimit = INLINE_BUILD_EVENTS) {
  await tx.query(sql`delete from journey_promise_kinds k where k.workspace_id = ${workspaceId}
    and not exists (select 1 from journey_promises p where p.workspace_id = k.workspace_id
      and p.start_event = k.start_event and p.end_event = k.end_event)`)
  const added =
    await tx.query<PromiseKind>(sql`insert into journey_promise_kinds (workspace_id, start_event, end_event)
    select distinct workspace_id, start_event, end_event from journey_promises where workspace_id = ${workspaceId}
    on conflict do nothing
    returning start_event as "startEvent", end_event as "endEvent"`)
  for (const kind of added) {
    if (!(await fewEvents(tx, workspaceId, [kind.startEvent, kind.endEvent], inlineLimit))) continue
    if (tx.kind === 'postgres') await tx.query(sql`lock table events in share mode`)
    await refreshPairs(tx, workspaceId, kind, sql`true`)
    await tx.query(sql`update journey_promise_kinds set built = true where workspace_id = ${workspaceId}
      and start_event = ${kind.startEvent} and end_event = ${kind.endEvent}`)
  }
}

/** Recomputes the kind's pairs of the customers `which` selects (a condition on customer_id). */
async function refreshPairs(db: Db, workspaceId: string, kind: PromiseKind, which: Sql): Promise<void> {
  await db.query(sql`delete from journey_promise_pairs where workspace_id = ${workspaceId}
    and start_event = ${kind.startEvent} and end_event = ${kind.endEvent} and ${which}`)
  await db.query(sql`insert into journey_promise_pairs (workspace_id, start_event, end_event, customer_id,
      started_at, ended_at)
    select ${workspaceId}, ${kind.startEvent}, ${kind.endEvent}, customer_id, started_at, ended_at
    from journey_promise_pairs_from_events(${workspaceId}, ${kind.startEvent}, ${kind.endEvent})
    where ${which}`)
}

/**
 * Builds a kind's pairs from the events, chunk by chunk of customers (in id order), each chunk in a transaction of
 * its own that holds the kind's row: the triggers of concurrent ingests wait for that chunk at most.
 */
export async function buildPromiseKind(
  db: Db,
  workspaceId: string,
  kind: PromiseKind,
  chunk = BUILD_CHUNK_CUSTOMERS,
): Promise<void> {
  let after: string | null = null
  for (;;) {
    const upTo: string | null = await chunkEnd(db, workspaceId, after, chunk)
    const done = await db.transaction(async (tx) => {
      const [held] =
        await tx.query(sql`select built from journey_promise_kinds where workspace_id = ${workspaceId}
        and start_event = ${kind.startEvent} and end_event = ${kind.endEvent} for update`)
      if (!held) return true
      const range = sql.join(
        [
          after === null ? sql`true` : sql`customer_id > ${after}::uuid`,
          upTo === null ? sql`true` : sql`customer_id <= ${upTo}::uuid`,
        ],
        ' and ',
      )
      await refreshPairs(tx, workspaceId, kind, range)
      if (upTo === null)
        await tx.query(sql`update journey_promise_kinds set built = true where workspace_id = ${workspaceId}
          and start_event = ${kind.startEvent} and end_event = ${kind.endEvent}`)
      return upTo === null
    })
    if (done) return
    after = upTo
  }
}

/** The id of the `chunk`-th customer after `after` (in id order), or null when fewer are left. */
export async function chunkEnd(db: Db, workspaceId: string, after: string | null, chunk: number) {
  const [row] = await db.query<{
    id: string
  }>(sql`select id from customers where workspace_id = ${workspaceId}
    and ${after === null ? sql`true` : sql`id > ${after}::uuid`} order by id offset ${chunk - 1} limit 1`)
  return row?.id ?? null
}

/** Builds every kind not built yet, of every workspace (the background build). */
export async function buildPendingPromiseKinds(db: Db, chunk = BUILD_CHUNK_CUSTOMERS): Promise<void> {
  const pending = await db.query<
    PromiseKind & { workspaceId: string }
  >(sql`select workspace_id as "workspaceId",
    start_event as "startEvent", end_event as "endEvent" from journey_promise_kinds where not built`)
  for (const kind of pending) await buildPromiseKind(db, kind.workspaceId, kind, chunk)
}

/**
 * The pairs of a promise's two event types as a relation (customer_id, started_at, ended_at): the kept pairs once
 * built, else paired from the events.
 */
export async function promisePairs(db: Db, workspaceId: string, kind: PromiseKind): Promise<Sql> {
  const [row] = await db.query<{ built: boolean }>(sql`select built from journey_promise_kinds
    where workspace_id = ${workspaceId} and start_event = ${kind.startEvent} and end_event = ${kind.endEvent}`)
  return row?.built
    ? sql`(select customer_id, started_at, ended_at from journey_promise_pairs where workspace_id = ${workspaceId}
        and start_event = ${kind.startEvent} and end_event = ${kind.endEvent})`
    : sql`journey_promise_pairs_from_events(${workspaceId}, ${kind.startEvent}, ${kind.endEvent})`
}
