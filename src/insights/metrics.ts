import type { UnitAccess } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { insightSettings } from './insight-settings.js'
import {
  type Change,
  changeBetween,
  type Estimate,
  meanEstimate,
  npsEstimate,
  shareEstimate,
} from './metric-math.js'
import { countMetric, type GroupCounts, type GroupKey, type MetricQuery } from './metric-queries.js'
import { periodStart, previousPeriodStart, previousWindow } from './periods.js'

export interface MetricRow extends GroupKey, Estimate {
  belowMinN: boolean
  counts: Record<string, number>
  /** CES only: the share of easy answers (5–7) in percent. */
  easyShare?: Estimate
  change?: Change | null
}

export interface MetricsRequest extends MetricQuery {
  /** Each row also gets its change from the previous period (or the window just before). */
  compare: boolean
}

/** The metric's estimate per group, with the minimum-n flag and, when asked, the change from before. */
export async function getMetrics(db: Db, access: UnitAccess, request: MetricsRequest): Promise<MetricRow[]> {
  const { minN } = await insightSettings(db, access.workspaceId)
  const toRow = (counts: GroupCounts) => estimateRow(request, counts, minN)
  if (!request.compare) return (await countMetric(db, access, request)).map(toRow)
  if (request.period) return compareWithPreviousPeriod(db, access, request, toRow)
  if (!request.from || !request.to) throw new Error('compare without a period needs from and to')
  const earlier = (
    await countMetric(db, access, { ...request, ...previousWindow(request.from, request.to) })
  ).map(toRow)
  const byKey = new Map(earlier.map((row) => [groupKey(row, false), row]))
  return (await countMetric(db, access, request)).map(toRow).map((row) => {
    const before = byKey.get(groupKey(row, false))
    return { ...row, change: before ? changeBetween(before, row) : null }
  })
}

async function compareWithPreviousPeriod(
  db: Db,
  access: UnitAccess,
  request: MetricsRequest,
  toRow: (counts: GroupCounts) => MetricRow,
): Promise<MetricRow[]> {
  const period = request.period
  if (!period) throw new Error('a period is needed')
  // Read one period more at the start, so that the first period has something to compare with.
  const firstPeriod = request.from ? periodStart(request.from, period) : null
  const from = firstPeriod ? previousPeriodStart(firstPeriod, period) : null
  const rows = (await countMetric(db, access, { ...request, from })).map(toRow)
  const byKey = new Map(rows.map((row) => [groupKey(row, true), row]))
  return rows
    .filter((row) => !firstPeriod || (row.period !== undefined && row.period >= firstPeriod))
    .map((row) => {
      const previous = row.period ? previousPeriodStart(row.period, period) : null
      const before = previous ? byKey.get(groupKey({ ...row, period: previous }, true)) : undefined
      return { ...row, change: before ? changeBetween(before, row) : null }
    })
}

function groupKey(row: GroupKey, withPeriod: boolean): string {
  return JSON.stringify([
    row.touchpoint,
    row.channel,
    row.language,
    row.surveyId,
    row.orgUnitId,
    row.stageId,
    row.segment,
    row.abc,
    row.attribute,
    withPeriod ? row.period : null,
  ])
}

function estimateRow(request: MetricQuery, c: GroupCounts, minN: number): MetricRow {
  const middle = c.n - c.high - c.low
  const base = { ...c.group, belowMinN: c.n < minN }
  switch (request.metric.kind) {
    case 'nps':
      return {
        ...base,
        ...npsEstimate(c.high, middle, c.low),
        counts: { promoters: c.high, passives: middle, detractors: c.low },
      }
    case 'csat':
      return {
        ...base,
        ...shareEstimate(c.high, c.n),
        counts: { satisfied: c.high, neutral: middle, dissatisfied: c.low },
      }
    case 'ces':
      return {
        ...base,
        ...meanEstimate(c.n, c.mean, c.variance, [1, 7]),
        easyShare: shareEstimate(c.high, c.n),
        counts: { easy: c.high, neutral: middle, difficult: c.low },
      }
    case 'trim':
    case 'item':
      return {
        ...base,
        ...meanEstimate(c.n, c.mean, c.variance, [c.scaleMin ?? 0, c.scaleMax ?? 100]),
        counts: {},
      }
  }
}
