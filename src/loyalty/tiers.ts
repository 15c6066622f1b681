import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'

// Status tiers: earned from what a member bought and how they engaged over a rolling window, never from the
// points they can spend. Upgrades happen at once; a member who stops qualifying keeps the tier for a grace period.

export interface TierInput {
  code: string
  name: string
  /** Higher is better; ranks are unique within a workspace. */
  rank: number
  /** Decimal string: net purchases (returns are negative) within the window. */
  minSpend: string
  minOrders: number
  /** Acts of loyalty and events (feedback, visits) within the window, the program's own events excepted. */
  minEngagements: number
  benefits: string[]
}

export interface TierRules {
  windowDays: number
  graceDays: number
  tiers: TierInput[]
}

export interface TierChange {
  memberId: string
  customerId: string
  from: string | null
  to: string | null
  kind: 'upgrade' | 'downgrade'
}

export const TIER_EVENT = 'loyalty.tier_changed'

/** Replaces the workspace's tiers and window; members keep their tier by code where it still exists. */
export async function setTierRules(db: Db, workspaceId: string, rules: TierRules): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(sql`insert into loyalty_programs (workspace_id, tier_window_days, tier_grace_days)
      values (${workspaceId}, ${rules.windowDays}, ${rules.graceDays})
      on conflict (workspace_id) do update set tier_window_days = excluded.tier_window_days,
        tier_grace_days = excluded.tier_grace_days, updated_at = now()`)
    const codes = rules.tiers.map((t) => t.code)
    await tx.query(sql`delete from loyalty_tiers where workspace_id = ${workspaceId}
      and not (code = any(${codes}::text[]))`)
    // Ranks are unique: move the kept tiers out of the way before they take their new ranks.
    await tx.query(sql`update loyalty_tiers set rank = rank + 1000000 where workspace_id = ${workspaceId}`)
    for (const tier of rules.tiers) {
      await tx.query(sql`insert into loyalty_tiers (workspace_id, code, name, rank, min_spend, min_orders,
          min_engagements, benefits)
        values (${workspaceId}, ${tier.code}, ${tier.name}, ${tier.rank}, ${tier.minSpend}::numeric, ${tier.minOrders},
          ${tier.minEngagements}, ${JSON.stringify(tier.benefits)}::jsonb)
        on conflict (workspace_id, code) do update set name = excluded.name, rank = excluded.rank,
          min_spend = excluded.min_spend, min_orders = excluded.min_orders,
          min_engagements = excluded.min_engagements, benefits = excluded.benefits`)
    }
  })
}

/** The workspace's tier rules, lowest tier first. */
export async function getTierRules(db: Db, workspaceId: string): Promise<TierRules> {
  const [program] = await db.query<{ windowDays: number; graceDays: number }>(sql`select
    tier_window_days as "windowDays", tier_grace_days as "graceDays" from loyalty_programs
    where workspace_id = ${workspaceId}`)
  const tiers = await db.query<TierInput>(sql`select code, name, rank, min_spend::text as "minSpend",
      min_orders as "minOrders", min_engagements as "minEngagements", benefits
    from loyalty_tiers where workspace_id = ${workspaceId} order by rank`)
  return { windowDays: program?.windowDays ?? 365, graceDays: program?.graceDays ?? 30, tiers }
}

/**
 * Moves members between tiers as of `now`: up at once to the best tier they qualify for; down only when they have
 * qualified for less for the whole grace period. Each change is an event on the customer's timeline.
 * One statement for every member (standings, moves, grace marks and events), not a round trip per member.
 */
export async function evaluateTiers(db: Db, workspaceId: string, now: Date): Promise<TierChange[]> {
  return db.query<TierChange>(sql`
    with program as (
      select coalesce(max(tier_window_days), 365) as window_days, coalesce(max(tier_grace_days), 30) as grace_days
      from loyalty_programs where workspace_id = ${workspaceId}
    ), activity as (
      -- What each member bought and how they engaged in the window.
      select m.id as member_id,
        (select coalesce(sum(o.amount), 0) from orders o where o.workspace_id = m.workspace_id
          and o.customer_id = m.customer_id and o.ordered_at > ${now}::timestamptz - make_interval(days => p.window_days)
          and o.ordered_at <= ${now}) as spend,
        (select count(*) from orders o where o.workspace_id = m.workspace_id and o.customer_id = m.customer_id
          and o.amount > 0 and o.ordered_at > ${now}::timestamptz - make_interval(days => p.window_days)
          and o.ordered_at <= ${now}) as orders,
        (select count(*) from events e where e.workspace_id = m.workspace_id and e.customer_id = m.customer_id
          and e.type not like 'loyalty.%'
          and e.occurred_at > ${now}::timestamptz - make_interval(days => p.window_days)
          and e.occurred_at <= ${now})
        + (select count(*) from loyalty_acts a where a.workspace_id = m.workspace_id
          and a.customer_id = m.customer_id
          and a.occurred_at > ${now}::timestamptz - make_interval(days => p.window_days)
          and a.occurred_at <= ${now}) as engagements
      from loyalty_members m, program p where m.workspace_id = ${workspaceId}
    ), standing as (
      -- Each member's tier now, and the best tier their activity qualifies for.
      select m.id as member_id, m.customer_id, m.below_since, cur.code as current_code,
        coalesce(cur.rank, 0) as current_rank, q.id as qualified_tier_id, q.code as qualified_code,
        coalesce(q.rank, 0) as qualified_rank
      from loyalty_members m
      join activity a on a.member_id = m.id
      left join loyalty_tiers cur on cur.id = m.tier_id
      left join lateral (
        select t.id, t.code, t.rank from loyalty_tiers t
        where t.workspace_id = ${workspaceId} and a.spend >= t.min_spend and a.orders >= t.min_orders
          and a.engagements >= t.min_engagements
        order by t.rank desc limit 1
      ) q on true
      where m.workspace_id = ${workspaceId}
    ), decided as (
      select s.*, case
          when s.qualified_rank > s.current_rank then 'upgrade'
          when s.qualified_rank < s.current_rank and s.below_since is not null
            and ${now}::timestamptz - s.below_since >= p.grace_days * interval '24 hours' then 'downgrade'
        end as kind,
        -- Below their tier since the first evaluation that saw it; cleared when they qualify again.
        case when s.qualified_rank < s.current_rank then coalesce(s.below_since, ${now}::timestamptz) end
          as below_since_now
      from standing s, program p
    ), moved as (
      update loyalty_members m set tier_id = d.qualified_tier_id, tier_since = ${now}::timestamptz, below_since = null
      from decided d where m.id = d.member_id and d.kind is not null
    ), marked as (
      update loyalty_members m set below_since = d.below_since_now
      from decided d where m.id = d.member_id and d.kind is null
        and m.below_since is distinct from d.below_since_now
    ), told as (
      insert into events (workspace_id, customer_id, dedupe_key, type, occurred_at, properties)
      select ${workspaceId}::uuid, d.customer_id,
        ${`${TIER_EVENT}:`}::text || d.member_id::text || ${`:${now.toISOString()}`}::text,
        ${TIER_EVENT}::text, ${now}::timestamptz, jsonb_build_object('from', d.current_code, 'to', d.qualified_code, 'kind', d.kind)
      from decided d where d.kind is not null
      on conflict (workspace_id, dedupe_key) do nothing
    )
    select member_id as "memberId", customer_id as "customerId", current_code as "from", qualified_code as "to",
      kind
    from decided where kind is not null`)
}

/** Evaluates the tiers of every workspace that has any; for the daily schedule. */
export async function evaluateAllTiers(db: Db, now: Date): Promise<number> {
  const workspaces = await db.query<{ id: string }>(
    sql`select distinct workspace_id as id from loyalty_tiers`,
  )
  let changed = 0
  for (const ws of workspaces) changed += (await evaluateTiers(db, ws.id, now)).length
  return changed
}

export interface MemberTier {
  code: string
  name: string
  benefits: string[]
  since: Date | null
  /** Set while the member qualifies for less: the tier is kept until the grace period from here ends. */
  belowSince: Date | null
}

/** The member's current tier, or null for none. */
export async function getMemberTier(db: Db, memberId: string): Promise<MemberTier | null> {
  const [row] = await db.query<MemberTier>(sql`select t.code, t.name, t.benefits, m.tier_since as since,
      m.below_since as "belowSince"
    from loyalty_members m join loyalty_tiers t on t.id = m.tier_id where m.id = ${memberId}`)
  return row ?? null
}
