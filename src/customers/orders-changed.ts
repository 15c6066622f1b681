import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { enqueueJob } from '../jobs/queries.js'

/** The job that tells the analyses over orders (segments, forecasts) that a workspace's orders changed. */
export const ORDERS_CHANGED_JOB = 'customers.orders-changed'

// Several imports in a row make one recomputation: the job waits a little, and a pending one is reused.
const SETTLE_MS = 5_000

/**
 * Queues one recomputation of the order analyses for the workspace, unless one is already waiting. On a
 * large workspace a refresh takes a minute or more; a steady stream of webhooks would keep one running all
 * the time, so the next starts no sooner than the last one's duration after it ended: at most half the time.
 */
export async function noteOrdersChanged(db: Db, workspaceId: string): Promise<void> {
  const [state] = await db.query<{ pending: boolean; runAt: Date }>(sql`with runs as (
      select status, started_at, finished_at from jobs
      where kind = ${ORDERS_CHANGED_JOB} and workspace_id = ${workspaceId}
        and status in ('pending', 'running', 'done')
    ),
    last as (
      select finished_at, finished_at - started_at as took from runs
      where status = 'done' and started_at is not null order by finished_at desc limit 1
    ),
    running as (select max(started_at) as started_at from runs where status = 'running')
    select exists (select 1 from runs where status = 'pending') as pending,
      greatest(now() + make_interval(secs => ${SETTLE_MS / 1000}),
        -- A run in progress is expected to take as long as the last one, and then to rest as long.
        coalesce((select started_at from running) + 2 * (select took from last),
          (select finished_at + took from last))) as "runAt"`)
  if (state!.pending) return
  await enqueueJob(db, {
    kind: ORDERS_CHANGED_JOB,
    workspaceId,
    runAt: state!.runAt,
    dedupeKey: `${ORDERS_CHANGED_JOB}:${workspaceId}:${Date.now()}`,
  })
}
