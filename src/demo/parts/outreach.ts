import { createCampaign } from '../../cases/outreach.js'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'

const dayMs = 86_400_000

// The demo's outreach: a win-back campaign sent two months before the newest order to customers whose buying had
// lapsed for three months, so its replies, orders and survey answers show, and a draft to the silent buyers of
// the last half year, waiting for review. No e-mail leaves the demo: who was written to follows the consent rules
// as sending would (consent given: sent; refused or unknown: held back), and one in six of the sent replied.

/** Seeds the demo's campaigns; returns how many it created (none when the workspace has them already). */
export async function seedDemoOutreach(db: Db, workspaceId: string): Promise<number> {
  const [existing] = await db.query<{ n: number }>(
    sql`select count(*)::int as n from outreach_campaigns where workspace_id = ${workspaceId}`,
  )
  const [range] = await db.query<{ newest: Date | null }>(
    sql`select max(ordered_at) as newest from orders where workspace_id = ${workspaceId}`,
  )
  if (existing!.n > 0 || !range?.newest) return 0
  const sentAt = new Date(new Date(range.newest).getTime() - 60 * dayMs)
  const access = { workspaceId, unitPath: null }
  const lapsed = await db.query<{ id: string }>(sql`
    select o.customer_id as id from orders o
    where o.workspace_id = ${workspaceId} and o.ordered_at < ${sentAt}
    group by o.customer_id
    having max(o.ordered_at) < ${new Date(sentAt.getTime() - 90 * dayMs)} and count(*) >= 2
    order by sum(o.amount) desc, o.customer_id limit 40`)
  const winBack = await createCampaign(
    db,
    access,
    null,
    {
      name: 'We miss you',
      list: 'habit_broken',
      subject: 'It has been a while',
      template:
        'Hi {{name}}, we noticed you have not ordered for a while. Was something wrong? Reply to this e-mail and tell us.',
      outcomeDays: 30,
    },
    lapsed.map((r) => r.id),
  )
  await db.query(sql`update outreach_campaigns set sent_at = ${sentAt} where id = ${winBack}`)
  await db.query(sql`update outreach_recipients r set
      status = case when c.opted_out or c.email_opt_in is not true or c.email is null then 'suppressed' else 'sent' end,
      reason = case when c.opted_out or c.email_opt_in = false then 'opted_out'
        when c.email is null then 'no_channel' when c.email_opt_in is null then 'no_consent' end
    from customers c where c.id = r.customer_id and r.campaign_id = ${winBack}`)
  await db.query(sql`update outreach_recipients set sent_at = ${sentAt}, message_id = 'demo',
      replied_at = case when abs(hashtext(reply_token)) % 6 = 0 then ${new Date(sentAt.getTime() + 2 * dayMs)}::timestamptz end
    where campaign_id = ${winBack} and status = 'sent'`)
  const silent = await db.query<{ id: string }>(sql`
    select o.customer_id as id from orders o
    where o.workspace_id = ${workspaceId} and o.ordered_at >= ${new Date(new Date(range.newest).getTime() - 180 * dayMs)}
      and not exists (select 1 from responses a where a.workspace_id = o.workspace_id and a.customer_id = o.customer_id)
    group by o.customer_id order by sum(o.amount) desc, o.customer_id limit 25`)
  await createCampaign(
    db,
    access,
    null,
    {
      name: 'Tell us how we are doing',
      list: 'silent',
      subject: 'One question from us',
      template:
        'Hi {{name}}, you shop with us often but we have never heard from you. What should we do better?',
      outcomeDays: 30,
    },
    silent.map((r) => r.id),
  )
  return 2
}
