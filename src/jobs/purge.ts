import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'

/** Deletes jobs finished more than 30 days ago; their dedupe keys have done their work by then. */
export async function purgeFinishedJobs(db: Db): Promise<void> {
  await db.query(sql`delete from jobs where status in ('done', 'cancelled', 'failed')
    and finished_at < now() - interval '30 days'`)
}

/** Deletes the rate-limit windows that have ended (see `src/http/rate-limit.ts`). */
export async function purgeEndedRateLimitWindows(db: Db): Promise<void> {
  await db.query(sql`delete from rate_limits where window_end <= now()`)
}
