import { type UnitAccess, unitScope } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import { type TouchpointTheme, topNegativeThemes } from '../feedback/themes/theme-table.js'
import { customerValue, newestFitId } from './customer-value.js'
import { addDays, answeredAt, daysBetween, windowBounds } from './local-window.js'
import { type Change, changeBetween, type Estimate, shareEstimate } from './metric-math.js'

export interface PainPoint {
  touchpoint: string
  /** Responses in the window with an NPS, CSAT or CES answer. */
  volume: number
  /** Of them, responses with a negative answer: a detractor (0–6), CSAT 1–2 or CES 1–3. */
  negatives: number
  negativeShare: Estimate
  /** Distinct known customers behind the negative responses, and the sum of their values. */
  customersAffected: number
  valueAffected: string
  /** negativeShare × volume × mean value of the customers affected (= negatives × valueAffected / customers). */
  harm: string
  /** The same window just before: its negative share and the change to now (z-test). */
  previous: Estimate
  change: Change | null
  /** The newest comments of negative responses (text answers), at most three. */
  comments: { responseId: string; answeredAt: string; text: string }[]
  /** The touchpoint's top comment themes among its negative comments in the window (after a theme recomputation). */
  themes: TouchpointTheme[]
}

export interface PainPointQuery {
  /** Local dates, both included. */
  from: string
  to: string
  limit: number
}

function questionsOfType(workspaceId: string, types: string[]): Sql {
  return sql`select v.survey_id, v.version, q->>'id' as qid, q->>'type' as qtype
    from survey_versions v
    cross join lateral jsonb_array_elements(v.definition->'pages') page
    cross join lateral jsonb_array_elements(page->'questions') q
    where v.workspace_id = ${workspaceId} and q->>'type' in (${sql.join(
      types.map((t) => sql`${t}`),
      ', ',
    )})`
}

/**
 * Touchpoints ranked by harm = negative share × volume × mean value of the customers affected, where a customer's
 * value is their 12-month CLV from the newest forecast, else their net revenue (returns subtracted). Read from the
 * pre-aggregates of migration 040: responses per touchpoint and day; the customers affected and their value from
 * the cells of migration 049 for the whole workspace, from the negative responses per customer and day within a unit.
 */
export async function getPainPoints(db: Db, access: UnitAccess, query: PainPointQuery): Promise<PainPoint[]> {
  const ws = access.workspaceId
  const previousFrom = addDays(query.from, -daysBetween(query.from, query.to))
  const scope = unitScope(access, sql`r.org_unit_id`)
  const current = sql`r.day >= ${query.from}::date`
  const fitId = await newestFitId(db, ws)
  const value = customerValue(ws, sql`a.customer_id`, fitId)
  const rows = await db.query<
    Omit<PainPoint, 'negativeShare' | 'previous' | 'change' | 'comments' | 'themes'> & {
      previousVolume: number
      previousNegatives: number
    }
  >(sql`
    with per as (
        select r.touchpoint, coalesce(sum(r.rated) filter (where ${current}), 0)::int as volume,
          coalesce(sum(r.negatives) filter (where ${current}), 0)::int as negatives,
          coalesce(sum(r.rated) filter (where not ${current}), 0)::int as previous_volume,
          coalesce(sum(r.negatives) filter (where not ${current}), 0)::int as previous_negatives
        from insight_touchpoint_days r
        where r.workspace_id = ${ws} and ${scope} and r.day >= ${previousFrom}::date and r.day <= ${query.to}::date
        group by r.touchpoint),
      affected as (${
        (await valuedCellsCurrent(db, access, fitId))
          ? sql`select a.touchpoint, sum(a.customers)::int as customers, sum(a.value) as value
            from insight_affected_cells a
            where a.workspace_id = ${ws} and a.day >= ${query.from}::date and a.day <= ${query.to}::date
              and (a.previous_day is null or a.previous_day < ${query.from}::date)
            group by a.touchpoint`
          : sql`select a.touchpoint, count(*)::int as customers, sum(${value.value}) as value
            from (select r.touchpoint, r.customer_id from insight_negative_days r
              where r.workspace_id = ${ws} and ${scope} and ${current} and r.day <= ${query.to}::date and r.n > 0
              group by r.touchpoint, r.customer_id) a
            ${value.joins}
            group by a.touchpoint`
      })
    select per.touchpoint, per.volume, per.negatives, per.previous_volume as "previousVolume",
      per.previous_negatives as "previousNegatives", coalesce(a.customers, 0) as "customersAffected",
      round(coalesce(a.value, 0), 2)::text as "valueAffected",
      round(case when a.customers > 0 then per.negatives * a.value / a.customers else 0 end, 2)::text as harm
    from per left join affected a on a.touchpoint = per.touchpoint
    where per.volume > 0
    order by round(case when a.customers > 0 then per.negatives * a.value / a.customers else 0 end, 2) desc,
      per.negatives desc, per.touchpoint
    limit ${query.limit}`)
  const bounds = await windowBounds(db, ws, { from: query.from, to: query.to })
  const [comments, themes] = await Promise.all([
    newestNegativeComments(
      db,
      access,
      bounds,
      rows.map((r) => r.touchpoint),
    ),
    topNegativeThemes(db, access, { from: new Date(bounds.startsAt), to: new Date(bounds.endsBefore) }, 3),
  ])
  return rows.map(({ previousVolume, previousNegatives, ...row }) => {
    const negativeShare = shareEstimate(row.negatives, row.volume)
    const previous = shareEstimate(previousNegatives, previousVolume)
    return {
      ...row,
      comments: comments.get(row.touchpoint) ?? [],
      negativeShare,
      previous,
      change: changeBetween(previous, negativeShare),
      themes: themes.get(row.touchpoint) ?? [],
    }
  })
}

/**
 * Whether the affected cells (migration 049) answer for this caller: they count customers across all units, and
 * value them by the fit they were computed with, which must still be the newest.
 */
async function valuedCellsCurrent(db: Db, access: UnitAccess, fitId: string | null): Promise<boolean> {
  if (access.unitPath !== null) return false
  const [basis] = await db.query<{ fitId: string | null }>(
    sql`select fit_id as "fitId" from insight_value_basis where workspace_id = ${access.workspaceId}`,
  )
  return (basis?.fitId ?? null) === fitId
}

/** The three newest comments of negative responses at each touchpoint in the window, read backwards in time. */
async function newestNegativeComments(
  db: Db,
  access: UnitAccess,
  bounds: { startsAt: string; endsBefore: string },
  touchpoints: string[],
): Promise<Map<string, PainPoint['comments']>> {
  if (touchpoints.length === 0) return new Map()
  const ws = access.workspaceId
  const negative = sql`case qs.qtype when 'nps' then (r.answers->>qs.qid)::numeric <= 6
    when 'csat' then (r.answers->>qs.qid)::numeric <= 2 else (r.answers->>qs.qid)::numeric <= 3 end`
  const rows = await db.query<{ touchpoint: string; responseId: string; answeredAt: Date; text: string }>(sql`
    with scales as (${questionsOfType(ws, ['nps', 'csat', 'ces'])}),
      texts as (${questionsOfType(ws, ['text'])})
    select t.touchpoint, c.id as "responseId", c.answered_at as "answeredAt", c.text
    from unnest(${touchpoints}::text[]) as t(touchpoint)
    cross join lateral (
      select r.id, ${answeredAt} as answered_at, x.text
      from responses r
      cross join lateral (select string_agg(r.answers->>tq.qid, ' / ' order by tq.qid) as text from texts tq
        where tq.survey_id = r.survey_id and tq.version = r.survey_version
          and jsonb_typeof(r.answers->tq.qid) = 'string' and btrim(r.answers->>tq.qid) <> '') x
      where r.workspace_id = ${ws} and r.touchpoint = t.touchpoint and ${unitScope(access, sql`r.org_unit_id`)}
        and ${answeredAt} >= ${bounds.startsAt}::timestamptz and ${answeredAt} < ${bounds.endsBefore}::timestamptz
        and x.text is not null
        and exists (select 1 from scales qs where qs.survey_id = r.survey_id and qs.version = r.survey_version
          and jsonb_typeof(r.answers->qs.qid) = 'number' and ${negative})
      order by ${answeredAt} desc, r.id limit 3) c
    order by t.touchpoint, c.answered_at desc, c.id`)
  const out = new Map<string, PainPoint['comments']>()
  for (const row of rows) {
    const list = out.get(row.touchpoint) ?? []
    list.push({
      responseId: row.responseId,
      answeredAt: new Date(row.answeredAt).toISOString(),
      text: row.text,
    })
    out.set(row.touchpoint, list)
  }
  return out
}
