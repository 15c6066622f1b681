import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'

/**
 * Cancels queued reminders of invitations that have been answered (or closed) since they were queued.
 * Runs every few seconds, so a reminder is gone from the queue soon after the answer; the e-mail job
 * checks again before sending, so none slips through in between.
 */
export async function cancelAnsweredReminders(db: Db): Promise<number> {
  const rows = await db.query(sql`update jobs j set status = 'cancelled', finished_at = now()
    from invitations i
    where j.kind = 'surveys.email' and j.status = 'pending' and (j.payload->>'reminder')::int > 0
      and i.id = (j.payload->>'invitationId')::uuid
      and (i.started_at is not null or i.completed_at is not null
        or i.status in ('started', 'completed', 'expired', 'cancelled'))
    returning j.id`)
  return rows.length
}
