import { type UnitAccess, unitScope } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import type { Dimension, GroupCounts, GroupKey, MetricQuery } from './metric-types.js'
import { wholeMonths } from './periods.js'

// Metrics from insight_rollup (migration 024): counts of each score 0–10 per unit, touchpoint, survey, question
// and local day. Sums of counts give n, the bands, the mean and the sample variance exactly as the raw answers do.

const scores = Array.from({ length: 11 }, (_, k) => k)

/** Whether the rollup holds what the query needs: a scale question's answers, grouped by a response field. */
export function rollupCovers(query: MetricQuery): boolean {
  const { metric, dimension } = query
  const byField =
    dimension === null || (typeof dimension === 'string' && rollupDimensions.includes(dimension))
  const scale =
    metric.kind === 'nps' ||
    metric.kind === 'csat' ||
    metric.kind === 'ces' ||
    metric.kind === 'trim' ||
    (metric.kind === 'item' && metric.statement === null)
  return byField && scale
}

const rollupDimensions: Dimension[] = ['touchpoint', 'survey', 'orgUnit', 'stage']

/** The sum of the counts of the scores that pass `keep`, as SQL over the rollup row r. */
function countOf(keep: (score: number) => boolean): Sql {
  const kept = scores.filter(keep)
  return kept.length === 0 ? sql`0` : sql.raw(kept.map((k) => `r.c${k}`).join(' + '))
}

/** Σ score^power × count, as SQL over the rollup row r. */
function moment(power: 1 | 2): Sql {
  return sql.raw(scores.map((k) => `${k ** power} * r.c${k}`).join(' + '))
}

/**
 * Counts per group from the rollup; `dimension` is the same grouping SQL as the raw path uses (alias a), and
 * `high`/`low` the metric's bands (null: none).
 */
export async function countFromRollup(
  db: Db,
  access: UnitAccess,
  query: MetricQuery,
  dimension: { select: Sql; joins: Sql; groupBy: Sql },
  high: number | null,
  low: number | null,
): Promise<(GroupCounts & GroupKey)[]> {
  const { metric } = query
  if (metric.kind === 'trim') return countIndex(db, access, query, dimension)
  const which =
    metric.kind === 'item'
      ? sql`r.question_id = ${metric.questionId}`
      : sql`r.question_type = ${metric.kind} ${metric.kind === 'nps' ? sql`and r.nps_kind = ${metric.npsKind}` : sql.empty}`
  const { source, period, groupBy } = selection(access, query, dimension, which, {
    days: 'insight_rollup',
    months: 'insight_rollup_month',
  })
  // Sums are bigint: the mean and variance are computed in numeric, as avg() and var_samp() do, then rounded once.
  return db.query<GroupCounts & GroupKey>(sql`
    with rows as (
      select r.touchpoint, r.survey_id, r.org_unit_id, ${period} as period, r.n, r.scale_min, r.scale_max,
        ${countOf((k) => high !== null && k >= high)} as high, ${countOf((k) => low !== null && k <= low)} as low,
        ${moment(1)} as s1, ${moment(2)} as s2
      from (${source}) r)
    select ${dimension.select} ${query.period ? sql`a.period,` : sql.empty}
      coalesce(sum(a.n), 0)::int as n, (sum(a.s1)::numeric / nullif(sum(a.n), 0))::float8 as mean,
      case when sum(a.n) > 1 then ((sum(a.n) * sum(a.s2) - sum(a.s1) * sum(a.s1))::numeric
        / (sum(a.n) * (sum(a.n) - 1)))::float8 end as variance,
      coalesce(sum(a.high), 0)::int as high, coalesce(sum(a.low), 0)::int as low,
      min(a.scale_min)::float8 as "scaleMin", max(a.scale_max)::float8 as "scaleMax"
    from rows a ${dimension.joins}
    ${groupBy.length > 0 ? sql`group by ${sql.join(groupBy, ', ')}` : sql.empty}
    ${groupBy.length > 0 ? sql`having sum(a.n) > 0 order by ${sql.join(groupBy, ', ')}` : sql.empty}`)
}

function selection(
  access: UnitAccess,
  query: MetricQuery,
  dimension: { groupBy: Sql },
  which: Sql,
  tables: { days: string; months: string },
) {
  const base = [sql`r.workspace_id = ${access.workspaceId}`, unitScope(access, sql`r.org_unit_id`), which]
  const between = (column: Sql, from: string | null, before: string | null, to: string | null) =>
    [
      from ? sql`${column} >= ${from}::date` : null,
      before ? sql`${column} < ${before}::date` : null,
      to ? sql`${column} <= ${to}::date` : null,
    ].filter((w): w is Sql => w !== null)
  const read = (table: string, window: Sql[]) =>
    sql`select * from ${sql.raw(table)} r where ${sql.join([...base, ...window], ' and ')}`
  // Days and weeks need the daily rows; months and quarters read a window's whole months from the monthly rollup.
  const months = query.period === 'day' || query.period === 'week' ? null : wholeMonths(query.from, query.to)
  const source = months
    ? // The daily rows first: the union's columns take their names (day) from them.
      sql`${read(tables.days, [sql`(${edges(query, months)})`])}
      union all ${read(tables.months, between(sql`r.month`, months.first, months.after, null))}`
    : read(tables.days, between(sql`r.day`, query.from, null, query.to))
  const period = query.period
    ? sql`to_char(date_trunc(${query.period}, r.day::timestamp), 'YYYY-MM-DD')`
    : sql`null::text`
  const groupBy = [dimension.groupBy, query.period ? sql`a.period` : sql.empty].filter((g) => g !== sql.empty)
  return { source, period, groupBy }
}

/** The days of the window outside its whole months: before the first, and from the month after on. */
function edges(query: MetricQuery, months: { first: string | null; after: string | null }): Sql {
  const parts = [
    months.first && query.from ? sql`(r.day >= ${query.from}::date and r.day < ${months.first}::date)` : null,
    months.after && query.to ? sql`(r.day >= ${months.after}::date and r.day <= ${query.to}::date)` : null,
  ].filter((w): w is Sql => w !== null)
  return parts.length === 0 ? sql`false` : sql.join(parts, ' or ')
}

/** The weighted index per group from its rollup of n, Σx and Σx² (the index is on 0–100). */
function countIndex(
  db: Db,
  access: UnitAccess,
  query: MetricQuery,
  dimension: { select: Sql; joins: Sql; groupBy: Sql },
): Promise<(GroupCounts & GroupKey)[]> {
  const { source, period, groupBy } = selection(access, query, dimension, sql`true`, {
    days: 'insight_index_rollup',
    months: 'insight_index_rollup_month',
  })
  return db.query<GroupCounts & GroupKey>(sql`
    with rows as (
      select r.touchpoint, r.survey_id, r.org_unit_id, ${period} as period, r.n, r.sum_x, r.sum_x2
      from (${source}) r)
    select ${dimension.select} ${query.period ? sql`a.period,` : sql.empty}
      coalesce(sum(a.n), 0)::int as n, (sum(a.sum_x) / nullif(sum(a.n), 0))::float8 as mean,
      case when sum(a.n) > 1 then ((sum(a.n) * sum(a.sum_x2) - sum(a.sum_x) * sum(a.sum_x))
        / (sum(a.n) * (sum(a.n) - 1)))::float8 end as variance,
      0 as high, 0 as low, case when sum(a.n) > 0 then 0::float8 end as "scaleMin",
      case when sum(a.n) > 0 then 100::float8 end as "scaleMax"
    from rows a ${dimension.joins}
    ${groupBy.length > 0 ? sql`group by ${sql.join(groupBy, ', ')}` : sql.empty}
    ${groupBy.length > 0 ? sql`having sum(a.n) > 0 order by ${sql.join(groupBy, ', ')}` : sql.empty}`)
}

/** Recomputes a workspace's rollups and summaries from its responses and orders; the answers counted. */
export async function rebuildInsightRollup(db: Db, workspaceId: string): Promise<number> {
  return db.transaction(async (tx) => {
    // Revenue first: the rollup's rebuild values the customers affected by it.
    await tx.query(sql`select insight_revenue_rebuild(${workspaceId})`)
    await tx.query(sql`select insight_rollup_rebuild(${workspaceId})`)
    const [row] = await tx.query<{ answers: number }>(
      sql`select coalesce(sum(n), 0)::int as answers from insight_rollup where workspace_id = ${workspaceId}`,
    )
    return row?.answers ?? 0
  })
}
