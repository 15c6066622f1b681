import type { z } from 'zod'
import type { Overview, TouchpointMetrics } from '../../../../src/insights/overview.js'
import type { PainPoint } from '../../../../src/insights/pain-points.js'
import type { Reach } from '../../../../src/insights/reach.js'
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

export type { Overview, PainPoint, Reach, SilentCustomer, SilentSegment, TouchpointMetrics }

export interface MetricParams {
  metric: ComparedMetric | 'trim'
  npsKind?: 'relational' | 'transactional'
  by?: string
  compare?: 'previous'
  from?: string
  to?: string
}

export type ComparedMetric = 'nps' | 'csat' | 'ces'

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
    request<{ from: string; to: string; rows: TouchpointMetrics[] } & WindowBounds>(
      'GET',
      `${ws(workspaceId)}/touchpoints${query({ ...w })}`,
    ),
  reach: (workspaceId: string, w: InsightWindow) =>
    request<Reach>('GET', `${ws(workspaceId)}/reach${query({ ...w })}`),
}

/** The same metrics as a CSV download. */
export const metricsCsvUrl = (workspaceId: string, params: MetricParams) =>
  `${ws(workspaceId)}/metrics.csv${search(params)}`

/** An analysis as a CSV download: pain-points, silent-customers, touchpoints or reach. */
export const analysisCsvUrl = (
  workspaceId: string,
  name: 'pain-points' | 'silent-customers' | 'touchpoints' | 'reach',
  w: InsightWindow,
) => `${ws(workspaceId)}/${name}.csv${query({ ...w })}`

/** The instants a window starts and ends before in the workspace's zone, as the API gives them. */
export interface WindowBounds {
  startsAt: string
  endsBefore: string
}

/** What the responses page can filter by besides the window. */
export interface ResponsesFilter {
  touchpoint?: string
  surveyId?: string
  channel?: string
  language?: string
}

/**
 * The responses behind a number: the responses page, filtered to the window and the group. The page filters
 * instants (started_at), so the window goes as the instants its local days start and end in the workspace's zone.
 */
export function responsesLink(
  workspaceId: string,
  bounds: WindowBounds,
  filter: ResponsesFilter = {},
): string {
  return `/w/${encodeURIComponent(workspaceId)}/surveys/responses${query({ ...filter, from: bounds.startsAt, to: bounds.endsBefore })}`
}
