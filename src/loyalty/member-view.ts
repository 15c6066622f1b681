import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Db } from '../db/db.js'
import { isUuid } from '../db/is-uuid.js'
import { sql } from '../db/sql.js'
import { type ThankLanguage, thankLanguage } from './thank-email.js'

// The member's own view (no name or contact: a link may be forwarded): tier, recognised acts, points and what the next tier takes, behind a signed link
// (`<expiry>.<HMAC-SHA256(workspace loyalty secret, 'member:<ws>:<customer>:<expiry>')>`), in their language.

/** The longest a member link lives. */
export const MEMBER_LINK_DAYS = 90

async function loyaltySecret(db: Db, workspaceId: string): Promise<string> {
  await db.query(sql`insert into loyalty_secrets (workspace_id, secret)
    values (${workspaceId}, ${randomBytes(32).toString('base64url')}) on conflict do nothing`)
  const [row] = await db.query<{ secret: string }>(
    sql`select secret from loyalty_secrets where workspace_id = ${workspaceId}`,
  )
  if (!row) throw new Error('no loyalty secret')
  return row.secret
}

const signature = (secret: string, workspaceId: string, customerId: string, expiry: number) =>
  createHmac('sha256', secret).update(`member:${workspaceId}:${customerId}:${expiry}`).digest('base64url')

/** A token for the member's view, good until `expiresAt`. */
export async function signMemberToken(db: Db, workspaceId: string, customerId: string, expiresAt: Date) {
  const expiry = Math.floor(expiresAt.getTime() / 1000)
  return `${expiry}.${signature(await loyaltySecret(db, workspaceId), workspaceId, customerId, expiry)}`
}

/** Whether the token was signed for this customer of this workspace and is still good at `now`. */
export async function verifyMemberToken(
  db: Db,
  workspaceId: string,
  customerId: string,
  token: string,
  now: Date,
): Promise<boolean> {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token)
  if (!match || !isUuid(workspaceId) || !isUuid(customerId)) return false
  const expiry = Number(match[1])
  if (expiry * 1000 <= now.getTime() || expiry * 1000 > now.getTime() + MEMBER_LINK_DAYS * 86_400_000)
    return false
  const [row] = await db.query<{ secret: string }>(
    sql`select secret from loyalty_secrets where workspace_id = ${workspaceId}`,
  )
  if (!row) return false
  const expected = Buffer.from(signature(row.secret, workspaceId, customerId, expiry))
  const given = Buffer.from(match[2] ?? '')
  return expected.length === given.length && timingSafeEqual(expected, given)
}

export interface MemberView {
  language: ThankLanguage
  points: string
  tier: { code: string; name: string; benefits: string[] } | null
  /** The next tier up and what is still missing for it (0 where the member already has enough). */
  next: {
    code: string
    name: string
    benefits: string[]
    spend: string
    orders: number
    engagements: number
  } | null
  acts: { kind: string; occurredAt: string; thanked: boolean }[]
}

/** What the member sees; undefined when the customer is not a member of the workspace's program. */
export async function getMemberView(
  db: Db,
  workspaceId: string,
  customerId: string,
  now: Date,
): Promise<MemberView | undefined> {
  const [row] = await db.query<{
    language: string | null
    points: string
    tier: MemberView['tier']
    next: MemberView['next']
  }>(sql`
    with m as (
      select m.id, m.workspace_id, m.customer_id, m.tier_id from loyalty_members m
      where m.workspace_id = ${workspaceId} and m.customer_id = ${customerId}
    ), w as (
      select ${now}::timestamptz - make_interval(days => coalesce((select tier_window_days from loyalty_programs
        where workspace_id = ${workspaceId}), 365)) as since
    ), activity as (
      select
        (select coalesce(sum(o.amount), 0) from orders o, w where o.workspace_id = m.workspace_id
          and o.customer_id = m.customer_id and o.ordered_at > w.since and o.ordered_at <= ${now}) as spend,
        (select count(*) from orders o, w where o.workspace_id = m.workspace_id and o.customer_id = m.customer_id
          and o.amount > 0 and o.ordered_at > w.since and o.ordered_at <= ${now}) as orders,
        (select count(*) from events e, w where e.workspace_id = m.workspace_id and e.customer_id = m.customer_id
          and e.type not like 'loyalty.%' and e.occurred_at > w.since and e.occurred_at <= ${now})
        + (select count(*) from loyalty_acts a, w where a.workspace_id = m.workspace_id
          and a.customer_id = m.customer_id and a.occurred_at > w.since and a.occurred_at <= ${now}) as engagements
      from m
    )
    select c.language,
      (select coalesce(sum(remaining), 0)::text from loyalty_lots l where l.member_id = m.id and l.remaining > 0
        and (l.expires_at is null or l.expires_at > ${now})) as points,
      (select jsonb_build_object('code', t.code, 'name', t.name, 'benefits', t.benefits)
        from loyalty_tiers t where t.id = m.tier_id) as tier,
      (select jsonb_build_object('code', t.code, 'name', t.name, 'benefits', t.benefits,
          'spend', greatest(t.min_spend - a.spend, 0)::text,
          'orders', greatest(t.min_orders - a.orders, 0),
          'engagements', greatest(t.min_engagements - a.engagements, 0))
        from loyalty_tiers t where t.workspace_id = m.workspace_id
          and t.rank > coalesce((select rank from loyalty_tiers where id = m.tier_id), 0)
        order by t.rank limit 1) as next
    from m join customers c on c.id = m.customer_id, activity a`)
  if (!row) return undefined
  const acts = await db.query<{ kind: string; occurredAt: Date; thanked: boolean }>(sql`select a.kind,
      a.occurred_at as "occurredAt", a.thanked_at is not null as thanked
    from loyalty_acts a where a.workspace_id = ${workspaceId} and a.customer_id = ${customerId}
      and a.occurred_at <= ${now}
    order by a.occurred_at desc limit 20`)
  return {
    language: thankLanguage(row.language),
    points: row.points,
    tier: row.tier,
    next: row.next,
    acts: acts.map((a) => ({ ...a, occurredAt: a.occurredAt.toISOString() })),
  }
}
