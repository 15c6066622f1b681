import { type UnitAccess, visibleCustomers } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { TIER_EVENT } from './tiers.js'

// Program health, for the dashboard: is the program building engagement or only handing out points? Every figure
// is over the members the caller may see and the last `days` days; money stays exact (numeric → text).

export interface ProgramHealth {
  currency: string
  /** What a point is worth (null: not set, and then no money figure is given). */
  pointValue: string | null
  days: number
  members: number
  /** Members with an act of loyalty or a survey answer in the window: engagement beyond points. */
  engaged: number
  /** Members who redeemed points in the window and did nothing else: the discount-only members. */
  redeemingOnly: number
  /** engaged / members, 4 decimals; null without members. */
  engagedShare: string | null
  liability: { points: string; value: string | null }
  issued: { points: string; cost: string | null; revenue: string; costShare: string | null }
  tierMovements: { month: string; upgrades: number; downgrades: number }[]
}

interface Totals {
  currency: string
  pointValue: string | null
  members: number
  engaged: number
  redeemingOnly: number
  outstanding: string
  issued: string
  revenue: string
}

/** The program's health over the last `days` days before `now`. */
export async function getProgramHealth(
  db: Db,
  access: UnitAccess,
  days: number,
  now: Date,
): Promise<ProgramHealth> {
  const since = new Date(now.getTime() - days * 86_400_000)
  const [totals] = await db.query<Totals>(sql`
    with m as (
      select m.id, m.customer_id from loyalty_members m join customers c on c.id = m.customer_id
      where m.workspace_id = ${access.workspaceId} and ${visibleCustomers(access)}
    ), engaged as (
      select m.id from m where exists (select 1 from loyalty_acts a where a.workspace_id = ${access.workspaceId}
          and a.customer_id = m.customer_id and a.occurred_at > ${since} and a.occurred_at <= ${now})
        or exists (select 1 from responses r where r.workspace_id = ${access.workspaceId}
          and r.customer_id = m.customer_id and r.completed_at > ${since} and r.completed_at <= ${now})
    ), redeemers as (
      select distinct e.member_id as id from loyalty_entries e join m on m.id = e.member_id
      where e.kind = 'debit' and e.at > ${since} and e.at <= ${now}
    )
    select w.currency, trim_scale(p.point_value)::text as "pointValue",
      (select count(*) from m)::int as members,
      (select count(*) from engaged)::int as engaged,
      (select count(*) from redeemers r where r.id not in (select id from engaged))::int as "redeemingOnly",
      (select coalesce(sum(l.remaining), 0) from loyalty_lots l join m on m.id = l.member_id
        where l.remaining > 0 and (l.expires_at is null or l.expires_at > ${now}))::text as outstanding,
      (select coalesce(sum(e.points), 0) from loyalty_entries e join m on m.id = e.member_id
        where e.kind = 'credit' and e.at > ${since} and e.at <= ${now})::text as issued,
      (select trim_scale(coalesce(sum(o.amount), 0)) from orders o join m on m.customer_id = o.customer_id
        where o.workspace_id = ${access.workspaceId} and o.currency = w.currency
          and o.ordered_at > ${since} and o.ordered_at <= ${now})::text as revenue
    from workspaces w left join loyalty_programs p on p.workspace_id = w.id
    where w.id = ${access.workspaceId}`)
  if (!totals) throw new Error(`workspace ${access.workspaceId} does not exist`)
  const money = await moneyFigures(db, totals)
  return {
    currency: totals.currency,
    pointValue: totals.pointValue,
    days,
    members: totals.members,
    engaged: totals.engaged,
    redeemingOnly: totals.redeemingOnly,
    engagedShare: totals.members === 0 ? null : ratio(totals.engaged, totals.members),
    liability: { points: totals.outstanding, value: money.liability },
    issued: { points: totals.issued, cost: money.cost, revenue: totals.revenue, costShare: money.costShare },
    tierMovements: await tierMovements(db, access, since, now),
  }
}

const ratio = (part: number, whole: number) => (Math.round((part / whole) * 10_000) / 10_000).toFixed(4)

/** Points times the point value, and cost over revenue, in exact decimals (the database's numeric). */
async function moneyFigures(db: Db, t: Totals) {
  if (t.pointValue === null) return { liability: null, cost: null, costShare: null }
  const [row] = await db.query<{ liability: string; cost: string; costShare: string | null }>(sql`
    select trim_scale(${t.outstanding}::numeric * ${t.pointValue}::numeric)::text as liability,
      trim_scale(${t.issued}::numeric * ${t.pointValue}::numeric)::text as cost,
      case when ${t.revenue}::numeric > 0
        then round(${t.issued}::numeric * ${t.pointValue}::numeric / ${t.revenue}::numeric, 4)::text end
        as "costShare"`)
  return { liability: row?.liability ?? null, cost: row?.cost ?? null, costShare: row?.costShare ?? null }
}

/** Upgrades and downgrades per calendar month (UTC) in the window, from the tier events on the timelines. */
async function tierMovements(db: Db, access: UnitAccess, since: Date, now: Date) {
  return db.query<{ month: string; upgrades: number; downgrades: number }>(sql`
    select to_char(date_trunc('month', e.occurred_at at time zone 'UTC'), 'YYYY-MM') as month,
      count(*) filter (where e.properties ->> 'kind' = 'upgrade')::int as upgrades,
      count(*) filter (where e.properties ->> 'kind' = 'downgrade')::int as downgrades
    from events e join customers c on c.id = e.customer_id
    where e.workspace_id = ${access.workspaceId} and e.type = ${TIER_EVENT} and ${visibleCustomers(access)}
      and e.occurred_at > ${since} and e.occurred_at <= ${now}
    group by 1 order by 1`)
}
