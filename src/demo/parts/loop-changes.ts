import { recordChange } from '../../cases/loop-changes.js'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'

const dayMs = 86_400_000

// The demo's "you said, we did" log: a change told three months before the newest delivery answer (so that the
// told and not told have answered again since), and a newer one on the courier theme, recorded but not yet sent.
// No e-mail leaves the demo: who was told is written as the delivery rules would decide it (consent given: told,
// one in five of them left out by hand; consent refused or unknown: held back).

/** Records the demo's changes; returns how many it recorded (none when the workspace has them already). */
export async function seedDemoChanges(db: Db, workspaceId: string): Promise<number> {
  const [existing] = await db.query<{ n: number }>(
    sql`select count(*)::int as n from loop_changes where workspace_id = ${workspaceId}`,
  )
  const [range] = await db.query<{
    newest: Date | null
  }>(sql`select max(completed_at) as newest from responses
    where workspace_id = ${workspaceId} and touchpoint = 'order_delivered'`)
  if (existing!.n > 0 || !range?.newest) return 0
  const newest = new Date(range.newest).getTime()
  const access = { workspaceId, unitPath: null }
  const told = await recordChange(db, access, null, {
    title: 'Faster delivery to Riga',
    texts: {
      en: 'You told us deliveries were slow. Parcels to Riga now leave the same day and arrive in two days.',
      lv: 'Jūs teicāt, ka piegāde ir lēna. Sūtījumi uz Rīgu tagad tiek nosūtīti tajā pašā dienā un pienāk divās dienās.',
      '*': 'You told us deliveries were slow. Parcels now leave the same day and arrive in two days.',
    },
    touchpoint: 'order_delivered',
    themeWords: null,
    metric: 'nps',
    raisedSince: new Date(newest - 240 * dayMs),
  })
  const notifiedAt = new Date(newest - 90 * dayMs)
  // Only those who had raised it by the day it was told.
  await db.query(
    sql`delete from loop_change_customers where change_id = ${told} and raised_at >= ${notifiedAt}`,
  )
  await db.query(sql`update loop_changes set notified_at = ${notifiedAt} where id = ${told}`)
  await db.query(sql`update loop_change_customers lc set
      status = case when c.opted_out or c.email_opt_in is not true or c.email is null then 'suppressed'
        when abs(hashtext(c.external_id)) % 5 = 0 then 'deselected' else 'sent' end,
      reason = case when c.opted_out or c.email_opt_in = false then 'opted_out'
        when c.email is null then 'no_channel' when c.email_opt_in is null then 'no_consent' end
    from customers c where c.id = lc.customer_id and lc.change_id = ${told}`)
  await db.query(sql`update loop_change_customers set sent_at = ${notifiedAt}, message_id = 'demo'
    where change_id = ${told} and status = 'sent'`)
  await recordChange(db, access, null, {
    title: 'Couriers call before they come',
    texts: {
      '*': 'You told us couriers left parcels without calling. From now on every courier calls ahead.',
    },
    touchpoint: null,
    themeWords: ['courier', 'calling', 'call'],
    metric: 'nps',
    raisedSince: new Date(newest - 60 * dayMs),
  })
  return 2
}
