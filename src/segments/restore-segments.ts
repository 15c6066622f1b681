import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import type { JobHandler } from '../jobs/job.js'
import { enqueueJob } from '../jobs/queries.js'
import { recomputeSegments } from './recompute-segments.js'

/** The job that recomputes a workspace's segments whose results were lost. */
export const RESTORE_SEGMENTS_JOB = 'segments.restore'

/**
 * Queues a recomputation for every workspace whose current results lost their rows: the results are unlogged, and
 * PostgreSQL empties them after a crash (migration 016). The recomputation keeps the lost results' analysis date.
 * Returns how many were queued; the server checks every minute, and once when it starts.
 */
export async function queueLostSegments(db: Db): Promise<number> {
  const lost = await db.query<{ workspaceId: string; generation: string; asOf: string | null }>(sql`
    select g.workspace_id as "workspaceId", g.generation, g.as_of::text as "asOf" from segment_generations g
    where g.customers > 0
      and not exists (select 1 from segment_results r where r.workspace_id = g.workspace_id and r.generation = g.generation)`)
  for (const { workspaceId, generation, asOf } of lost) {
    await enqueueJob(db, {
      kind: RESTORE_SEGMENTS_JOB,
      workspaceId,
      payload: { asOf },
      dedupeKey: `${RESTORE_SEGMENTS_JOB}:${workspaceId}:${generation}`,
    })
  }
  return lost.length
}

export const restoreSegments: JobHandler = async (job, db) => {
  if (!job.workspaceId) return
  const asOf = typeof job.payload.asOf === 'string' ? job.payload.asOf : undefined
  await recomputeSegments(db, job.workspaceId, { asOf })
}
