import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'

/**
 * Marks invitations past their expiry that were never completed as expired: their links stop working
 * (the page checks expires_at too), their reminders stop, and the status says why. The funnel reads the
 * opened/started timestamps, which stay.
 */
export async function expireInvitations(db: Db): Promise<number> {
  const rows = await db.query(sql`update invitations set status = 'expired'
    where status in ('pending', 'sent', 'opened', 'started') and completed_at is null and expires_at < now()
    returning id`)
  return rows.length
}
