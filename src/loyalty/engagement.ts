import { type UnitAccess, visibleCustomers } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { isUuid } from '../db/is-uuid.js'
import { type Sql, sql } from '../db/sql.js'
import type { ActKind } from './acts.js'

// Engagement: what a customer did beyond paying, over the last year, as a score from 0 to 100 in three parts that
// explain it. Acts of loyalty (up to 40), taking part in feedback (up to 30) and a purchase habit (up to 30).

/** What each kind of act adds to the acts part (capped at 40): helping and referring weigh most. */
export const actWeights: Record<ActKind, number> = {
  referral: 10,
  community_help: 8,
  review: 6,
  recommendation: 6,
  habit_streak: 5,
  feedback: 3,
  anniversary: 2,
}
export const ACTS_CAP = 40
/** Points per survey answered in the window, capped at 30. */
export const RESPONSE_POINTS = 10
export const FEEDBACK_CAP = 30
/** A steady habit (interval_cv ≤ 0.5) earns 30; an irregular one 15; a broken one or none, 0. */
export const HABIT_POINTS = { steady: 30, irregular: 15, broken: 0, none: 0 } as const
export type HabitState = keyof typeof HABIT_POINTS

export interface Engagement {
  customerId: string
  score: number
  parts: {
    acts: { points: number; count: number; byKind: Partial<Record<ActKind, number>> }
    feedback: { points: number; responses: number }
    habit: { points: number; state: HabitState }
  }
}

interface Row {
  customerId: string
  actPoints: number
  actCount: number
  byKind: Partial<Record<ActKind, number>> | null
  responses: number
  habitState: HabitState
}

/** The scores of the customers `where` picks (a condition on `c`), computed in one set-based statement. */
function engagementQuery(access: UnitAccess, now: Date, where: Sql): Sql {
  const weights = JSON.stringify(actWeights)
  return sql`
    with picked as (
      select c.id from customers c where ${visibleCustomers(access)} and ${where}
    ), acts as (
      select a.customer_id, count(*)::int as count,
        sum((${weights}::jsonb ->> a.kind)::int)::int as points
      from loyalty_acts a join picked p on p.id = a.customer_id
      where a.workspace_id = ${access.workspaceId} and a.occurred_at > ${now}::timestamptz - interval '365 days'
        and a.occurred_at <= ${now}
      group by a.customer_id
    ), by_kind as (
      select customer_id, jsonb_object_agg(kind, n) as by_kind from (
        select a.customer_id, a.kind, count(*)::int as n
        from loyalty_acts a join picked p on p.id = a.customer_id
        where a.workspace_id = ${access.workspaceId} and a.occurred_at > ${now}::timestamptz - interval '365 days'
          and a.occurred_at <= ${now}
        group by a.customer_id, a.kind) k
      group by customer_id
    ), feedback as (
      select r.customer_id, count(*)::int as responses
      from responses r join picked p on p.id = r.customer_id
      where r.workspace_id = ${access.workspaceId} and r.completed_at > ${now}::timestamptz - interval '365 days'
        and r.completed_at <= ${now}
      group by r.customer_id
    ), habits as (
      select s.customer_id,
        case when s.habit_broken then 'broken' when s.median_interval_days is null then 'none'
          when s.interval_cv <= 0.5 then 'steady' else 'irregular' end as state
      from segment_results s
      join segment_generations g on g.workspace_id = s.workspace_id and g.generation = s.generation
      join picked p on p.id = s.customer_id
      where s.workspace_id = ${access.workspaceId}
    )
    select p.id as "customerId", coalesce(a.points, 0) as "actPoints", coalesce(a.count, 0) as "actCount",
      k.by_kind as "byKind", coalesce(f.responses, 0) as responses, coalesce(h.state, 'none') as "habitState"
    from picked p
    left join acts a on a.customer_id = p.id
    left join by_kind k on k.customer_id = p.id
    left join feedback f on f.customer_id = p.id
    left join habits h on h.customer_id = p.id`
}

function toEngagement(row: Row): Engagement {
  const acts = Math.min(ACTS_CAP, row.actPoints)
  const feedback = Math.min(FEEDBACK_CAP, row.responses * RESPONSE_POINTS)
  const habit = HABIT_POINTS[row.habitState]
  return {
    customerId: row.customerId,
    score: acts + feedback + habit,
    parts: {
      acts: { points: acts, count: row.actCount, byKind: row.byKind ?? {} },
      feedback: { points: feedback, responses: row.responses },
      habit: { points: habit, state: row.habitState },
    },
  }
}

/** A customer's engagement score at `now` and the parts that made it; undefined when the caller cannot see them. */
export async function getEngagement(
  db: Db,
  access: UnitAccess,
  customerId: string,
  now: Date,
): Promise<Engagement | undefined> {
  if (!isUuid(customerId)) return undefined
  const [row] = await db.query<Row>(engagementQuery(access, now, sql`c.id = ${customerId}`))
  return row && toEngagement(row)
}

/** The scores of several customers the caller may see (unknown or hidden ones are left out). */
export async function getEngagements(
  db: Db,
  access: UnitAccess,
  customerIds: string[],
  now: Date,
): Promise<Engagement[]> {
  const ids = customerIds.filter(isUuid)
  if (ids.length === 0) return []
  const rows = await db.query<Row>(engagementQuery(access, now, sql`c.id = any(${ids}::uuid[])`))
  return rows.map(toEngagement)
}

/** Every score of the customers `where` picks, with the caps and weights applied in SQL as toEngagement does. */
function scoredQuery(access: UnitAccess, now: Date, where: Sql): Sql {
  return sql`
    select e.*, least(${ACTS_CAP}::int, e."actPoints") + least(${FEEDBACK_CAP}::int, e.responses * ${RESPONSE_POINTS}::int)
      + case e."habitState" when 'steady' then ${HABIT_POINTS.steady}::int
          when 'irregular' then ${HABIT_POINTS.irregular}::int else 0 end as score
    from (${engagementQuery(access, now, where)}) e`
}

/**
 * The customers whose score is at least `minScore`, highest first: the audience filter. The score's caps and
 * weights are applied in SQL so that the filter and the page agree with getEngagement.
 */
export async function listEngaged(
  db: Db,
  access: UnitAccess,
  query: { minScore: number; limit: number; offset: number },
  now: Date,
): Promise<Engagement[]> {
  const rows = await db.query<Row & { score: number }>(sql`
    select * from (${scoredQuery(access, now, sql`c.erased_at is null`)}) s where s.score >= ${query.minScore}::int
    order by s.score desc, s."customerId" limit ${query.limit} offset ${query.offset}`)
  return rows.map(toEngagement)
}

/**
 * The condition on `c.id` that keeps the customers the caller may see whose score at `now` is at least `minScore`,
 * for another capability's list (the customers list's filter, passed in by the composition root).
 * @example sql`select c.id from customers c where ${engagedAtLeast(access, 50, now)}`
 */
export function engagedAtLeast(access: UnitAccess, minScore: number, now: Date): Sql {
  return sql`c.id in (select s."customerId" from (${scoredQuery(access, now, sql`c.erased_at is null`)}) s
    where s.score >= ${minScore}::int)`
}
