import { type UnitAccess, unitScope } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import { currentResults } from '../segments/current-results.js'
import { countFromRollup, rollupCovers } from './metric-rollup.js'
import type { Dimension, GroupCounts, GroupKey, Metric, MetricQuery } from './metric-types.js'

// The one place where insights read responses: every metric is counted here, in SQL, per group.

export type { Dimension, GroupCounts, GroupKey, Metric, MetricQuery, Period } from './metric-types.js'

/** Responses the caller may see: the workspace, and within it their org unit and its subtree. */
function visibleResponses(access: UnitAccess): Sql {
  return sql`r.workspace_id = ${access.workspaceId} and ${unitScope(access, sql`r.org_unit_id`)}`
}

const bands: Record<Metric['kind'], { high: number | null; low: number | null }> = {
  nps: { high: 9, low: 6 },
  csat: { high: 4, low: 2 },
  ces: { high: 5, low: 3 },
  trim: { high: null, low: null },
  item: { high: null, low: null },
}

/** The scale questions of every version in the workspace, with their scales. */
function scaleQuestions(workspaceId: string): Sql {
  return sql`select v.survey_id, v.version, q->>'id' as qid, q->>'type' as qtype, v.definition->'scoring' as scoring,
      (case q->>'type' when 'nps' then 0 when 'rating' then coalesce((q->>'min')::numeric, 1) else 1 end) as smin,
      (case q->>'type' when 'nps' then 10 when 'csat' then 5 when 'ces' then 7
        when 'rating' then coalesce((q->>'max')::numeric, 5)
        when 'battery' then coalesce((q->>'points')::numeric, 7) end) as smax
    from survey_versions v
    cross join lateral jsonb_array_elements(v.definition->'pages') page
    cross join lateral jsonb_array_elements(page->'questions') q
    where v.workspace_id = ${workspaceId}
      and q->>'type' in ('nps', 'csat', 'ces', 'rating', 'battery')`
}

/**
 * One row per answer that counts: its value x and the response's fields. An answer counts when the response
 * (completed or partial) holds a number for a question of the metric's type in its own survey version.
 */
function answerRows(access: UnitAccess, metric: Metric, window: Sql[]): Sql {
  const from = sql`from responses r join questions qs on qs.survey_id = r.survey_id and qs.version = r.survey_version`
  const fields = sql`r.id, r.touchpoint, r.channel, r.language, r.survey_id, r.org_unit_id, r.customer_id,
    coalesce(r.completed_at, r.updated_at) as answered_at`
  const where = sql.join([visibleResponses(access), ...window], ' and ')
  switch (metric.kind) {
    case 'nps':
    case 'csat':
    case 'ces':
      return sql`select ${fields}, (r.answers->>qs.qid)::numeric as x, qs.smin, qs.smax ${from}
        where ${where} and qs.qtype = ${metric.kind} and jsonb_typeof(r.answers->qs.qid) = 'number'
        ${metric.kind === 'nps' ? sql`and r.nps_kind = ${metric.npsKind}` : sql.empty}`
    case 'item':
      if (metric.statement !== null)
        return sql`select ${fields}, (r.answers->qs.qid->>${metric.statement})::numeric as x, qs.smin, qs.smax
          ${from} where ${where} and qs.qid = ${metric.questionId} and qs.qtype = 'battery'
          and jsonb_typeof(r.answers->qs.qid->${metric.statement}) = 'number'`
      return sql`select ${fields}, (r.answers->>qs.qid)::numeric as x, qs.smin, qs.smax ${from}
        where ${where} and qs.qid = ${metric.questionId} and qs.qtype <> 'battery'
          and jsonb_typeof(r.answers->qs.qid) = 'number'`
    case 'trim':
      // The index of one response: its answered weighted questions, each rescaled to 0–100, weighted mean.
      return sql`select ${fields}, sum(w.weight * ((r.answers->>qs.qid)::numeric - qs.smin) / (qs.smax - qs.smin) * 100)
          / sum(w.weight) as x, 0 as smin, 100 as smax
        ${from} cross join lateral (select (qs.scoring->'weights'->>qs.qid)::numeric as weight) w
        where ${where} and w.weight is not null and qs.qtype <> 'battery' and qs.smax > qs.smin
          and jsonb_typeof(r.answers->qs.qid) = 'number'
        group by r.id, r.customer_id`
  }
}

interface GroupSql {
  select: Sql
  joins: Sql
  groupBy: Sql
}

function dimensionSql(dimension: Dimension | null, access: UnitAccess): GroupSql {
  if (typeof dimension === 'object' && dimension !== null)
    return {
      select: sql`ca.attribute as "attribute",`,
      joins: sql`left join lateral (select c.attributes->>${dimension.attribute} as attribute from customers c
        where c.id = a.customer_id) ca on true`,
      groupBy: sql`ca.attribute`,
    }
  switch (dimension) {
    case null:
      return { select: sql.empty, joins: sql.empty, groupBy: sql.empty }
    case 'touchpoint':
    case 'channel':
    case 'language': {
      const column = sql.raw(`a.${dimension}`)
      return { select: sql`${column} as "${sql.raw(dimension)}",`, joins: sql.empty, groupBy: column }
    }
    case 'survey':
      return {
        select: sql`s.id as "surveyId", s.name as "surveyName",`,
        joins: sql`join surveys s on s.id = a.survey_id`,
        groupBy: sql`s.id, s.name`,
      }
    case 'orgUnit': {
      // A unit includes its subtree: an answer counts for its own unit and every unit above it.
      const scope = sql`and ${unitScope(access, sql`u.id`)}`
      return {
        select: sql`u.id as "orgUnitId", u.name as "orgUnitName",`,
        joins: sql`join org_units ru on ru.id = a.org_unit_id
          join org_units u on u.workspace_id = ${access.workspaceId} and ru.path like u.path || '%' ${scope}`,
        // Grouped by path first, so that a unit comes before the units under it.
        groupBy: sql`u.path, u.id, u.name`,
      }
    }
    case 'stage':
      // A touchpoint sits on at most one stage; answers at an unplaced touchpoint form the null group, last.
      return {
        select: sql`st.id as "stageId", st.name as "stageName", j.id as "journeyId", j.name as "journeyName",`,
        joins: sql`left join touchpoints tp on tp.workspace_id = ${access.workspaceId} and tp.key = a.touchpoint
          left join journey_stages st on st.id = tp.stage_id left join journeys j on j.id = st.journey_id`,
        groupBy: sql`j.name, j.id, st.position, st.id, st.name`,
      }
    case 'segment':
    case 'abc': {
      const column = sql.raw(`sr.${dimension}`)
      return {
        select: sql`${column}::text as "${sql.raw(dimension)}",`,
        joins: sql`left join ${currentResults(access.workspaceId)} sr on sr.customer_id = a.customer_id`,
        groupBy: column,
      }
    }
  }
}

/**
 * Counts per group (dimension × period) of the metric's answers in the window, set-based in SQL: from the rollup
 * where it holds them (scale questions by touchpoint, survey or unit), else from the responses (`raw` forces it).
 */
export async function countMetric(
  db: Db,
  access: UnitAccess,
  query: MetricQuery,
  options: { raw?: boolean } = {},
): Promise<GroupCounts[]> {
  const { high, low } = bands[query.metric.kind]
  const dimension = dimensionSql(query.dimension, access)
  const rows =
    !options.raw && rollupCovers(query)
      ? await countFromRollup(db, access, query, dimension, high, low)
      : await countRaw(db, access, query, dimension, high, low)
  return rows.map(({ n, mean, variance, high, low, scaleMin, scaleMax, ...group }) => ({
    group: withoutUndefined(group),
    n,
    mean,
    variance,
    high,
    low,
    scaleMin,
    scaleMax,
  }))
}

async function countRaw(
  db: Db,
  access: UnitAccess,
  query: MetricQuery,
  dimension: GroupSql,
  high: number | null,
  low: number | null,
): Promise<(GroupCounts & GroupKey)[]> {
  // The period is computed once per answer, so that select and group by name the same column.
  const period = query.period
    ? sql`to_char(date_trunc(${query.period}, answered_at at time zone (select name from tz)), 'YYYY-MM-DD')`
    : sql`null::text`
  const groupBy = [dimension.groupBy, query.period ? sql`a.period` : sql.empty].filter((g) => g !== sql.empty)
  const answeredAt = sql`coalesce(r.completed_at, r.updated_at)`
  const tz = sql`(select name from tz)`
  const window = [
    query.from ? sql`${answeredAt} >= (${query.from}::date::timestamp at time zone ${tz})` : null,
    query.to ? sql`${answeredAt} < ((${query.to}::date + 1)::timestamp at time zone ${tz})` : null,
  ].filter((w): w is Sql => w !== null)
  return db.query<GroupCounts & GroupKey>(sql`
    with tz as (select coalesce((select timezone from survey_delivery_settings
        where workspace_id = ${access.workspaceId}), 'UTC') as name),
      questions as (${scaleQuestions(access.workspaceId)}),
      answers as (select *, ${period} as period from (${answerRows(access, query.metric, window)}) rows)
    select ${dimension.select} ${query.period ? sql`a.period,` : sql.empty}
      count(*)::int as n, avg(a.x)::float8 as mean, var_samp(a.x)::float8 as variance,
      count(*) filter (where a.x >= ${high})::int as high, count(*) filter (where a.x <= ${low})::int as low,
      min(a.smin)::float8 as "scaleMin", max(a.smax)::float8 as "scaleMax"
    from answers a ${dimension.joins}
    ${groupBy.length > 0 ? sql`group by ${sql.join(groupBy, ', ')} order by ${sql.join(groupBy, ', ')}` : sql.empty}`)
}

// A null group value (no segment, no attribute) is a group of its own; a column the query left out is absent.
function withoutUndefined(group: GroupKey): GroupKey {
  return Object.fromEntries(Object.entries(group).filter(([, v]) => v !== undefined))
}
