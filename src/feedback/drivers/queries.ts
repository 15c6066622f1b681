import { type UnitAccess, visibleCustomers } from '../../access/unit-scope.js'
import type { Db } from '../../db/db.js'
import { type Sql, sql } from '../../db/sql.js'
import { orderBy, type SortDir } from '../../http/order-by.js'
import type { SegmentResultsOf } from '../diagnosis/diagnosis.sql.js'

// The one place where the drivers analysis reads responses: each customer's latest battery answer (its statements
// averaged per dimension: `pleasure_1`, `pleasure_2` → pleasure) and latest outcome score, in SQL.

/** What a driver analysis explains: relational NPS (likelihood to recommend), satisfaction (CSAT) or repurchase intent. */
export const driverOutcomes = ['nps', 'csat', 'repurchase'] as const
export type DriverOutcome = (typeof driverOutcomes)[number]
/** The id of a rating question that asks repurchase intent (the relational NPS and loyalty index templates'). */
export const REPURCHASE_QUESTION = 'repurchase'
/** How the customers are grouped for the quadrant chart and the profiles. */
export const driverGroupings = ['segment', 'org_unit', 'touchpoint'] as const
export type DriverGrouping = (typeof driverGroupings)[number]

/** One customer's scores: the outcome (null when they never answered it) and each battery dimension's mean. */
export interface CustomerScores {
  customerId: string
  group: string | null
  groupLabel: string | null
  outcome: number | null
  scores: Record<string, number>
}

/** The driver set that is not a battery: each customer's mean score per touchpoint (NPS, CSAT, CES). */
export const TOUCHPOINT_SCORES = 'touchpoints'

// Each customer's transactional answers per touchpoint, on one 0–10 scale (NPS as is, CSAT 1–5 and CES 1–7
// stretched), shaped like a battery answer: touchpoint_1 → score, so that the dimension is the touchpoint.
function touchpointScores(access: UnitAccess): Sql {
  return sql`select t.customer_id, null::text as touchpoint,
      jsonb_object_agg(t.touchpoint || '_1', t.score) as statements, max(t.answered_at) as answered_at
    from (
      select r.customer_id, r.touchpoint, max(coalesce(r.completed_at, r.updated_at)) as answered_at,
        avg(case q->>'type' when 'nps' then (r.answers->>(q->>'id'))::float8
          when 'csat' then ((r.answers->>(q->>'id'))::float8 - 1) * 2.5
          else ((r.answers->>(q->>'id'))::float8 - 1) * 10 / 6.0 end) as score
      from responses r join customers c on c.id = r.customer_id
      join survey_versions v on v.survey_id = r.survey_id and v.version = r.survey_version
      cross join lateral jsonb_array_elements(v.definition->'pages') page
      cross join lateral jsonb_array_elements(page->'questions') q
      where r.workspace_id = ${access.workspaceId} and ${visibleCustomers(access)}
        and (q->>'type' in ('csat', 'ces') or (q->>'type' = 'nps' and r.nps_kind = 'transactional'))
        and jsonb_typeof(r.answers->(q->>'id')) = 'number'
      group by r.customer_id, r.touchpoint) t
    group by t.customer_id`
}

// A battery is stored as an object of statement id → score; the statement's dimension is its id without `_N`.
function latestBattery(
  access: UnitAccess,
  battery: string,
  perTouchpoint: boolean,
  customerId?: string,
): Sql {
  if (battery === TOUCHPOINT_SCORES) return touchpointScores(access)
  const distinct = perTouchpoint ? sql`r.customer_id, r.touchpoint` : sql`r.customer_id`
  return sql`select distinct on (${distinct}) r.customer_id, r.touchpoint, r.answers->${battery} as statements,
      coalesce(r.completed_at, r.updated_at) as answered_at
    from responses r join customers c on c.id = r.customer_id
    where r.workspace_id = ${access.workspaceId} and ${visibleCustomers(access)}
      and jsonb_typeof(r.answers->${battery}) = 'object'
      ${customerId === undefined ? sql.empty : sql`and r.customer_id = ${customerId}`}
    order by ${distinct}, coalesce(r.completed_at, r.updated_at) desc`
}

// A battery answer's statements averaged per dimension (`pleasure_1`, `pleasure_2` → pleasure), as one object.
const dimensionMeans = sql`(select jsonb_object_agg(d.dimension, d.score) from (
    select regexp_replace(e.key, '_[0-9]+$', '') as dimension, avg((e.value)::text::float8) as score
    from jsonb_each(p.statements) e where jsonb_typeof(e.value) = 'number' group by 1) d)`

/** One customer's own profile: the dimension means of their latest `battery` answer, if they gave one. */
export async function getCustomerBatteryScores(
  db: Db,
  access: UnitAccess,
  battery: string,
  customerId: string,
): Promise<{ answeredAt: Date; scores: Record<string, number> } | null> {
  const [row] = await db.query<{ answered_at: Date; scores: Record<string, number> | null }>(sql`
    select p.answered_at, ${dimensionMeans} as scores
    from (${latestBattery(access, battery, false, customerId)}) p`)
  return row ? { answeredAt: row.answered_at, scores: row.scores ?? {} } : null
}

function groupOf(
  access: UnitAccess,
  grouping: DriverGrouping,
  segmentResults: SegmentResultsOf,
): { join: Sql; key: Sql; label: Sql } {
  switch (grouping) {
    case 'segment':
      return {
        join: sql`left join ${segmentResults(access.workspaceId)} s on s.customer_id = b.customer_id`,
        key: sql`s.segment`,
        label: sql`s.segment`,
      }
    case 'org_unit':
      return {
        join: sql`join customers cu on cu.id = b.customer_id left join org_units u on u.id = cu.org_unit_id`,
        key: sql`u.id::text`,
        label: sql`u.name`,
      }
    case 'touchpoint':
      return { join: sql.empty, key: sql`b.touchpoint`, label: sql`b.touchpoint` }
  }
}

// The outcome questions with their scale: NPS and CSAT as answered; repurchase intent, asked on a 0–10 or a 1–5
// rating, stretched to 0–10 so that answers to the two templates are one variable.
function outcomeQuestions(workspaceId: string, outcome: DriverOutcome): Sql {
  const matches =
    outcome === 'repurchase'
      ? sql`q->>'type' = 'rating' and q->>'id' = ${REPURCHASE_QUESTION}`
      : sql`q->>'type' = ${outcome}`
  const [low, high] =
    outcome === 'repurchase'
      ? [sql`coalesce((q->>'min')::float8, 1)`, sql`coalesce((q->>'max')::float8, 5)`]
      : [sql`0::float8`, sql`10::float8`]
  return sql`select v.survey_id, v.version, q->>'id' as qid, ${low} as low, ${high} as high
    from survey_versions v
    cross join lateral jsonb_array_elements(v.definition->'pages') page
    cross join lateral jsonb_array_elements(page->'questions') q
    where v.workspace_id = ${workspaceId} and ${matches}`
}

function outcomeValue(outcome: DriverOutcome): Sql {
  const answer = sql`(r.answers->>qs.qid)::float8`
  return outcome === 'repurchase' ? sql`(${answer} - qs.low) * 10 / (qs.high - qs.low)` : answer
}

/**
 * Each customer with a `battery` answer (latest): its dimension means, their group and their latest outcome score
 * (relational NPS answers only for `nps`), within the caller's org unit.
 */
export async function getCustomerScores(
  db: Db,
  access: UnitAccess,
  battery: string,
  outcome: DriverOutcome,
  grouping: DriverGrouping,
  /** The segments' current results, passed in by the composition root (feedback may not import segments). */
  segmentResults: SegmentResultsOf,
): Promise<CustomerScores[]> {
  const group = groupOf(access, grouping, segmentResults)
  const rows = await db.query<{
    customer_id: string
    grp: string | null
    label: string | null
    y: number | null
    dimension: string
    score: number
  }>(sql`
    with b as (${latestBattery(access, battery, grouping === 'touchpoint')}),
    qs as (${outcomeQuestions(access.workspaceId, outcome)}),
    y as (
      select distinct on (r.customer_id) r.customer_id, ${outcomeValue(outcome)} as y
      from responses r join qs on qs.survey_id = r.survey_id and qs.version = r.survey_version
      where r.workspace_id = ${access.workspaceId} and r.customer_id in (select customer_id from b)
        and jsonb_typeof(r.answers->qs.qid) = 'number'
        ${outcome === 'nps' ? sql`and r.nps_kind = 'relational'` : sql.empty}
      order by r.customer_id, coalesce(r.completed_at, r.updated_at) desc)
    select b.customer_id, ${group.key} as grp, ${group.label} as label, y.y, b.answered_at,
      regexp_replace(e.key, '_[0-9]+$', '') as dimension, avg((e.value)::text::float8) as score
    from b ${group.join}
    left join y on y.customer_id = b.customer_id
    cross join lateral jsonb_each(b.statements) e
    where jsonb_typeof(e.value) = 'number'
    group by b.customer_id, b.touchpoint, b.answered_at, ${group.key}, ${group.label}, y.y,
      regexp_replace(e.key, '_[0-9]+$', '')
    order by b.customer_id, b.answered_at desc`)
  const out = new Map<string, CustomerScores>()
  for (const r of rows) {
    const id = `${r.customer_id}|${r.grp ?? ''}`
    let c = out.get(id)
    if (!c) {
      c = { customerId: r.customer_id, group: r.grp, groupLabel: r.label, outcome: r.y, scores: {} }
      out.set(id, c)
    }
    c.scores[r.dimension] = Number(r.score)
  }
  return [...out.values()]
}

/** Mean of each dimension per group over the customers' latest battery answers, and how many customers. */
export async function getBatteryProfiles(
  db: Db,
  access: UnitAccess,
  battery: string,
  grouping: DriverGrouping,
  segmentResults: SegmentResultsOf,
): Promise<{ group: string | null; label: string | null; n: number; dimension: string; mean: number }[]> {
  const group = groupOf(access, grouping, segmentResults)
  return db.query(sql`
    with b as (${latestBattery(access, battery, grouping === 'touchpoint')}),
    per_customer as (
      select b.customer_id, ${group.key} as grp, ${group.label} as label,
        regexp_replace(e.key, '_[0-9]+$', '') as dimension, avg((e.value)::text::float8) as score
      from b ${group.join} cross join lateral jsonb_each(b.statements) e
      where jsonb_typeof(e.value) = 'number'
      group by b.customer_id, b.touchpoint, ${group.key}, ${group.label}, regexp_replace(e.key, '_[0-9]+$', ''))
    select grp as "group", label, dimension, count(*)::int as n, avg(score)::float8 as mean
    from per_customer group by grp, label, dimension order by grp nulls last, dimension`)
}

/** The columns the customer profiles list sorts by: the customer, the answer's date, or one dimension's mean. */
export const profileSorts = ['customer', 'answered', 'dimension'] as const
export type ProfileSort = (typeof profileSorts)[number]
/** The list's order; newest answer first when no column is chosen. `dimension` names the dimension to sort by. */
export interface ProfileOrder {
  sort?: ProfileSort | undefined
  dir?: SortDir | undefined
  dimension?: string | undefined
}

function profileOrderBy(order: ProfileOrder): Sql {
  if (!order.sort) return sql`b.answered_at desc, b.customer_id`
  const columns: Record<ProfileSort, Sql> = {
    customer: sql`coalesce(cu.name, cu.external_id)`,
    answered: sql`b.answered_at`,
    dimension: sql`(select avg((e.value)::text::float8) from jsonb_each(b.statements) e
      where jsonb_typeof(e.value) = 'number' and regexp_replace(e.key, '_[0-9]+$', '') = ${order.dimension ?? ''})`,
  }
  return orderBy(columns, { sort: order.sort, dir: order.dir }, [sql`cu.external_id collate "C"`])
}

/** One page of the customers' own profiles: their latest battery answer's dimension means. */
export async function listCustomerProfiles(
  db: Db,
  access: UnitAccess,
  battery: string,
  page: ProfileOrder & { limit: number; offset: number },
): Promise<{
  total: number
  items: {
    customerId: string
    externalId: string
    name: string | null
    answeredAt: Date
    scores: Record<string, number>
  }[]
}> {
  const [count] = await db.query<{ total: number }>(sql`
    select count(*)::int as total from (${latestBattery(access, battery, false)}) b`)
  const rows = await db.query<{
    customer_id: string
    external_id: string
    name: string | null
    answered_at: Date
    scores: Record<string, number>
  }>(sql`
    with b as (${latestBattery(access, battery, false)}),
    page as (select b.*, cu.external_id, cu.name, row_number() over (order by ${profileOrderBy(page)}) as place
      from b join customers cu on cu.id = b.customer_id
      order by place limit ${page.limit} offset ${page.offset})
    select p.customer_id, p.external_id, p.name, p.answered_at, ${dimensionMeans} as scores
    from page p order by p.place`)
  return {
    total: count?.total ?? 0,
    items: rows.map((r) => ({
      customerId: r.customer_id,
      externalId: r.external_id,
      name: r.name,
      answeredAt: r.answered_at,
      scores: r.scores ?? {},
    })),
  }
}
