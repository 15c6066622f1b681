import type { UnitAccess } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { windowBounds } from './local-window.js'
import type { Metric } from './metric-queries.js'
import { getMetrics, type MetricRow } from './metrics.js'
import { getPainPoints, type PainPoint } from './pain-points.js'
import { summarizeSilentCustomers } from './silent-customers.js'

/** Revenue at risk from the Forecasts capability (passed in by the composition root); null with no forecast. */
export type RevenueAtRisk = (
  db: Db,
  access: UnitAccess,
) => Promise<{ fitId: string; customers: number; amount: string } | null>

export interface Window {
  from: string
  to: string
}

/** A window of local dates with the instants it starts and ends before, in the workspace's zone. */
export interface BoundedWindow extends Window {
  startsAt: string
  endsBefore: string
}

export interface Overview extends BoundedWindow {
  headline: { nps: MetricRow; npsRelational: MetricRow; csat: MetricRow; ces: MetricRow }
  /** Transactional NPS per month of the window, each with its change from the month before. */
  trend: MetricRow[]
  painPoints: PainPoint[]
  revenueAtRisk: { fitId: string; customers: number; amount: string } | null
  silent: { customers: number; value: string }
}

const empty = (): MetricRow => ({
  n: 0,
  value: null,
  se: null,
  ci95: null,
  belowMinN: true,
  counts: {},
  change: null,
})

async function headline(db: Db, access: UnitAccess, metric: Metric, window: Window): Promise<MetricRow> {
  const [row] = await getMetrics(db, access, {
    metric,
    dimension: null,
    period: null,
    compare: true,
    ...window,
  })
  return row ?? empty()
}

/** The executive overview of a window: headline metrics with their change, trend, pain points, risk, silence. */
export async function getOverview(
  db: Db,
  access: UnitAccess,
  window: Window,
  revenueAtRisk: RevenueAtRisk,
): Promise<Overview> {
  // Independent reads, sent together: on PostgreSQL they run on separate connections of the pool.
  const [nps, npsRelational, csat, ces, trend, painPoints, silent, risk, bounds] = await Promise.all([
    headline(db, access, { kind: 'nps', npsKind: 'transactional' }, window),
    headline(db, access, { kind: 'nps', npsKind: 'relational' }, window),
    headline(db, access, { kind: 'csat' }, window),
    headline(db, access, { kind: 'ces' }, window),
    getMetrics(db, access, {
      metric: { kind: 'nps', npsKind: 'transactional' },
      dimension: null,
      period: 'month',
      compare: true,
      ...window,
    }),
    getPainPoints(db, access, { ...window, limit: 5 }),
    summarizeSilentCustomers(db, access, { ...window, silence: 'never' }),
    revenueAtRisk(db, access),
    windowBounds(db, access.workspaceId, window),
  ])
  const silentValue = silent.bySegment.reduce((sum, s) => sum + Math.round(Number(s.value) * 100), 0)
  return {
    ...window,
    ...bounds,
    headline: { nps, npsRelational, csat, ces },
    trend,
    painPoints,
    revenueAtRisk: risk,
    silent: { customers: silent.total, value: (silentValue / 100).toFixed(2) },
  }
}

export interface TouchpointMetrics {
  touchpoint: string
  nps: MetricRow | null
  npsRelational: MetricRow | null
  csat: MetricRow | null
  ces: MetricRow | null
  trim: MetricRow | null
}

/** Every metric per touchpoint in the window, with its change from the window before, within the caller's unit. */
export async function getTouchpointMetrics(
  db: Db,
  access: UnitAccess,
  window: Window,
): Promise<TouchpointMetrics[]> {
  const metrics = {
    nps: { kind: 'nps', npsKind: 'transactional' },
    npsRelational: { kind: 'nps', npsKind: 'relational' },
    csat: { kind: 'csat' },
    ces: { kind: 'ces' },
    trim: { kind: 'trim' },
  } satisfies Record<string, Metric>
  const byTouchpoint = new Map<string, TouchpointMetrics>()
  const named = Object.entries(metrics) as [keyof typeof metrics, Metric][]
  const results = await Promise.all(
    named.map(([, metric]) =>
      getMetrics(db, access, { metric, dimension: 'touchpoint', period: null, compare: true, ...window }),
    ),
  )
  named.forEach(([name], i) => {
    for (const row of results[i] ?? []) {
      if (!row.touchpoint || row.n === 0) continue
      const entry = byTouchpoint.get(row.touchpoint) ?? {
        touchpoint: row.touchpoint,
        nps: null,
        npsRelational: null,
        csat: null,
        ces: null,
        trim: null,
      }
      entry[name] = row
      byTouchpoint.set(row.touchpoint, entry)
    }
  })
  return [...byTouchpoint.values()].sort((a, b) => a.touchpoint.localeCompare(b.touchpoint))
}
