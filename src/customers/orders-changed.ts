import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { enqueueJob } from '../jobs/queries.js'

/** The job that tells the analyses over orders (segments, forecasts) that a workspace's orders changed. */
export const ORDERS_CHANGED_JOB = 'customers.orders-changed'

// Several imports in a row make one recomputation: the job waits a little, and a pending one is reused.
const SETTLE_MS = 5_000

/** Queues one recomputation of the order analyses for the workspace, unless one is already waiting. */
export async function noteOrdersChanged(db: Db, workspaceId: string): Promise<void> {
  const pending = await db.query(sql`select 1 from jobs
    where kind = ${ORDERS_CHANGED_JOB} and workspace_id = ${workspaceId} and status = 'pending' limit 1`)
  if (pending.length > 0) return
  await enqueueJob(db, {
    kind: ORDERS_CHANGED_JOB,
    workspaceId,
    runAt: new Date(Date.now() + SETTLE_MS),
    dedupeKey: `${ORDERS_CHANGED_JOB}:${workspaceId}:${Date.now()}`,
  })
}
