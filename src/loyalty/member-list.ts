import { type UnitAccess, visibleCustomers } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import { orderBy, type SortDir } from '../http/order-by.js'
import { getEngagements } from './engagement.js'

// The members table of the dashboard: who they are, their tier, the points they can spend, their engagement score
// and their last act of loyalty.

export interface MemberRow {
  customerId: string
  externalId: string
  name: string | null
  enrolledAt: Date
  tierCode: string | null
  tierName: string | null
  /** Points spendable now: what remains of the lots not expired (as the ledger's balance). */
  balance: string
  engagementScore: number
  lastActAt: Date | null
}

/** The columns the members table sorts by on the server (the engagement score is computed after the page). */
export const memberSorts = ['customer', 'tier', 'balance', 'last_act'] as const
export type MemberSort = (typeof memberSorts)[number]

export interface MemberFilter {
  /** A tier's code, or '-' for the members without a tier. */
  tier?: string | undefined
  sort?: MemberSort | undefined
  dir?: SortDir | undefined
}

const sortColumns: Record<MemberSort, Sql> = {
  customer: sql`coalesce(c.name, c.external_id)`,
  tier: sql`t.rank`,
  balance: sql`b.points`,
  last_act: sql`la.at`,
}

function memberOrder(filter: MemberFilter): Sql {
  if (!filter.sort) return sql`t.rank desc nulls last, c.external_id, c.id`
  return orderBy(sortColumns, { sort: filter.sort, dir: filter.dir }, [sql`c.external_id`, sql`c.id`])
}

function filterOf(access: UnitAccess, filter: MemberFilter): Sql {
  const tier =
    filter.tier === undefined
      ? sql`true`
      : filter.tier === '-'
        ? sql`m.tier_id is null`
        : sql`t.code = ${filter.tier}`
  return sql`m.workspace_id = ${access.workspaceId} and ${visibleCustomers(access)} and ${tier}`
}

const from = sql`loyalty_members m join customers c on c.id = m.customer_id
  left join loyalty_tiers t on t.id = m.tier_id`

async function page(
  db: Db,
  access: UnitAccess,
  filter: MemberFilter,
  window: { limit: number; offset: number },
  now: Date,
): Promise<MemberRow[]> {
  const rows = await db.query<Omit<MemberRow, 'engagementScore'>>(sql`
    select c.id as "customerId", c.external_id as "externalId", c.name, m.enrolled_at as "enrolledAt",
      t.code as "tierCode", t.name as "tierName",
      b.points::text as balance, la.at as "lastActAt"
    from ${from}
      cross join lateral (select coalesce(sum(l.remaining), 0) as points from loyalty_lots l
        where l.member_id = m.id and l.remaining > 0 and (l.expires_at is null or l.expires_at > ${now})) b
      cross join lateral (select max(a.occurred_at) as at from loyalty_acts a
        where a.workspace_id = m.workspace_id and a.customer_id = m.customer_id) la
    where ${filterOf(access, filter)}
    order by ${memberOrder(filter)}
    limit ${window.limit} offset ${window.offset}`)
  const scores = new Map(
    (
      await getEngagements(
        db,
        access,
        rows.map((r) => r.customerId),
        now,
      )
    ).map((e) => [e.customerId, e.score]),
  )
  return rows.map((r) => ({ ...r, engagementScore: scores.get(r.customerId) ?? 0 }))
}

/** A page of the members the caller may see, best tier first, with how many there are in all. */
export async function listMembers(
  db: Db,
  access: UnitAccess,
  filter: MemberFilter & { limit: number; offset: number },
  now: Date,
): Promise<{ items: MemberRow[]; total: number }> {
  const [count] = await db.query<{ total: number }>(
    sql`select count(*)::int as total from ${from} where ${filterOf(access, filter)}`,
  )
  return { items: await page(db, access, filter, filter, now), total: count?.total ?? 0 }
}

/** Every member the filter picks, 500 at a time, for the CSV export. */
export async function* allMembers(
  db: Db,
  access: UnitAccess,
  filter: MemberFilter,
  now: Date,
): AsyncGenerator<MemberRow[]> {
  for (let offset = 0; ; offset += 500) {
    const rows = await page(db, access, filter, { limit: 500, offset }, now)
    if (rows.length > 0) yield rows
    if (rows.length < 500) return
  }
}
