import { query, request } from '../../api.js'

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/insights`

export interface Estimate {
  n: number
  value: number | null
  se: number | null
  ci95: [number, number] | null
}

export interface MetricRow extends Estimate {
  touchpoint?: string
  period?: string
  belowMinN: boolean
  counts: Record<string, number>
  easyShare?: Estimate
  change?: { difference: number; se: number; pValue: number | null; significant: boolean } | null
}

export interface MetricParams {
  metric: 'nps' | 'csat' | 'ces' | 'trim'
  npsKind?: 'relational' | 'transactional'
  by?: string
  compare?: 'previous'
}

const search = (p: MetricParams) =>
  query({ metric: p.metric, npsKind: p.npsKind, by: p.by, compare: p.compare })

export const insightsApi = {
  metrics: (workspaceId: string, params: MetricParams) =>
    request<{ minN: number; rows: MetricRow[] }>('GET', `${ws(workspaceId)}/metrics${search(params)}`),
}

/** The same metrics as a CSV download. */
export const metricsCsvUrl = (workspaceId: string, params: MetricParams) =>
  `${ws(workspaceId)}/metrics.csv${search(params)}`
