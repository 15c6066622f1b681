import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import {
  BUILD_CHUNK_CUSTOMERS,
  buildPendingPromiseKinds,
  chunkEnd,
  fewEvents,
  INLINE_BUILD_EVENTS,
} from './promise-pairs.js'

// A journey's precomputed paths (journey_paths) after its event-type mapping changed: rebuilt at once when its events
// are few, else marked as rebuilding and rebuilt by the background build in chunks of customers, each a short
// transaction of its own, so that neither the request that changed the map nor ingest waits for the whole rebuild.

/** Rebuilds the journey's paths for its new mapping, at once or (many events) by the background build. */
export async function rebuildPaths(
  tx: Db,
  workspaceId: string,
  journeyId: string,
  inlineLimit = INLINE_BUILD_EVENTS,
): Promise<void> {
  const types = await tx.query<{ type: string }>(sql`select type from journey_path_types
    where journey_id = ${journeyId}`)
  const inline = await fewEvents(
    tx,
    workspaceId,
    types.map((t) => t.type),
    inlineLimit,
  )
  await tx.query(sql`insert into journey_path_builds (journey_id, built) values (${journeyId}, ${inline})
    on conflict (journey_id) do update set built = excluded.built,
      generation = journey_path_builds.generation + 1`)
  if (!inline) return
  // No event may land between this read of the events and the new mapping becoming visible to the triggers.
  if (tx.kind === 'postgres') await tx.query(sql`lock table events in share mode`)
  await tx.query(sql`select journey_paths_refresh(${journeyId}, null)`)
}

/** Whether the journey's paths match its map (false while the background build rebuilds them). */
export async function pathsBuilt(db: Db, journeyId: string): Promise<boolean> {
  const [row] = await db.query<{ built: boolean }>(sql`select built from journey_path_builds
    where journey_id = ${journeyId}`)
  return row?.built ?? true
}

/**
 * Rebuilds a journey's paths chunk by chunk of customers (in id order). A change of the mapping midway starts the
 * build again; the last chunk marks the paths built.
 */
export async function buildJourneyPaths(
  db: Db,
  journeyId: string,
  chunk = BUILD_CHUNK_CUSTOMERS,
): Promise<void> {
  const [journey] = await db.query<{ workspaceId: string; generation: number }>(sql`
    select j.workspace_id as "workspaceId", b.generation from journeys j
    join journey_path_builds b on b.journey_id = j.id where j.id = ${journeyId}`)
  if (!journey) return
  let after: string | null = null
  for (;;) {
    const upTo: string | null = await chunkEnd(db, journey.workspaceId, after, chunk)
    const outcome = await db.transaction(async (tx) => {
      const [held] = await tx.query<{ generation: number }>(sql`select generation from journey_path_builds
        where journey_id = ${journeyId} for update`)
      if (!held) return 'gone'
      if (held.generation !== journey.generation) return 'changed'
      const which = [
        after === null ? null : 'e.customer_id > $2',
        upTo === null ? null : 'e.customer_id <= $3',
      ]
        .filter((part) => part !== null)
        .join(' and ')
      await tx.query(sql`select journey_paths_refresh_part(${journeyId}, ${which || 'true'}, null, ${after}::uuid,
        ${upTo}::uuid)`)
      if (upTo !== null) return 'more'
      await tx.query(sql`update journey_path_builds set built = true where journey_id = ${journeyId}`)
      return 'done'
    })
    if (outcome === 'changed') return buildJourneyPaths(db, journeyId, chunk)
    if (outcome !== 'more') return
    after = upTo
  }
}

/** The background build: every promise kind and journey whose precomputed data is not built yet. */
export async function buildPendingJourneyData(db: Db, chunk = BUILD_CHUNK_CUSTOMERS): Promise<void> {
  await buildPendingPromiseKinds(db, chunk)
  const pending = await db.query<{ journeyId: string }>(sql`select journey_id as "journeyId"
    from journey_path_builds where not built`)
  for (const { journeyId } of pending) await buildJourneyPaths(db, journeyId, chunk)
}
