import type { z } from 'zod'
import type { Overview, TouchpointMetrics } from '../../../../src/insights/overview.js'
import type { PainPoint } from '../../../../src/insights/pain-points.js'
import type {
  estimateSchema,
  metricRowSchema,
  metricsResponseSchema,
} from '../../../../src/insights/routes.js'
import type { SilentCustomer, SilentSegment } from '../../../../src/insights/silent-customers.js'
import { query, request } from '../../api.js'

// The Insights API as the dashboard reads it; the analyses' types are the server's own (type-only imports).

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/insights`

export type Estimate = z.output<typeof estimateSchema>
export type MetricRow = z.output<typeof metricRowSchema>
type MetricsResponse = z.output<typeof metricsResponseSchema>

export type { Overview, PainPoint, SilentCustomer, SilentSegment, TouchpointMetrics }

export interface MetricParams {
  metric: 'nps' | 'csat' | 'ces' | 'trim'
  npsKind?: 'relational' | 'transactional'
  by?: string
  compare?: 'previous'
  from?: string
  to?: string
}

/** A window of local dates, both included. */
export interface InsightWindow {
  from: string
  to: string
}

const search = (p: MetricParams) =>
  query({ metric: p.metric, npsKind: p.npsKind, by: p.by, compare: p.compare, from: p.from, to: p.to })

export const insightsApi = {
  metrics: (workspaceId: string, params: MetricParams) =>
    request<MetricsResponse>('GET', `${ws(workspaceId)}/metrics${search(params)}`),
  overview: (workspaceId: string, w: InsightWindow) =>
    request<Overview>('GET', `${ws(workspaceId)}/overview${query({ ...w })}`),
  touchpoints: (workspaceId: string, w: InsightWindow) =>
    request<{ from: string; to: string; rows: TouchpointMetrics[] }>(
      'GET',
      `${ws(workspaceId)}/touchpoints${query({ ...w })}`,
    ),
}

/** The same metrics as a CSV download. */
export const metricsCsvUrl = (workspaceId: string, params: MetricParams) =>
  `${ws(workspaceId)}/metrics.csv${search(params)}`

/** An analysis as a CSV download: pain-points, silent-customers or touchpoints. */
export const analysisCsvUrl = (
  workspaceId: string,
  name: 'pain-points' | 'silent-customers' | 'touchpoints',
  w: InsightWindow,
) => `${ws(workspaceId)}/${name}.csv${query({ ...w })}`

/** The responses behind a number: the responses page, filtered to the touchpoint and the window. */
export function responsesLink(
  workspaceId: string,
  w: InsightWindow,
  filter: { touchpoint?: string } = {},
): string {
  const next = new Date(Date.parse(`${w.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
  return `/w/${encodeURIComponent(workspaceId)}/surveys/responses${query({ ...filter, from: w.from, to: next })}`
}
