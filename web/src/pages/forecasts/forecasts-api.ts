import { request } from '../../api.js'

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/forecasts`

export interface Explanation {
  model: 'bgnbd' | 'paretoNbd'
  purchasesPerWeek: number
  dropoutPerPurchase: number | null
  lifetimeWeeks: number | null
  meanSpend: number | null
  holdoutError: number | null
  correlation: number | null
}

export interface Fit {
  id: string
  fittedAt: string
  status: 'fitted' | 'failed'
  error: string | null
  currency: string | null
  calibrationEnd: string | null
  horizonDays: number
  customers: number
  chosen: 'bgnbd' | 'paretoNbd' | null
  /** Null when the model could not be fitted (the reason is among the warnings). */
  bgnbd: Record<string, number> | null
  paretoNbd: Record<string, number> | null
  gammaGamma: Record<string, number> | null
  /** Without a spend model: the amount every transaction is worth, when that never varies. */
  constantSpend: number | null
  warnings: string[]
  seconds: number
  explanation: Explanation | null
}

export type PerModel = { bgnbd: number | null; paretoNbd: number | null }

export interface Validation {
  calibrationEnd?: string
  holdoutEnd?: string
  error?: string
  actual?: number
  /** Per purchase model; null for a model that was not fitted. */
  predicted?: PerModel
  tracking?: ({ week: number; actual: number } & PerModel)[]
  byFrequency?: ({ x: number; orMore: boolean; customers: number; actual: number } & PerModel)[]
  correlation?: PerModel
}

export interface AtRisk {
  customerId: string
  externalId: string
  name: string | null
  revenue: string
  pAlive: number
  pAliveBefore: number
  revenueAtRisk: string
  expectedPurchases: number
  clv: string | null
}

export interface CustomerForecast {
  current: {
    pAlive: number
    expectedPurchases: number
    expectedSpend: string | null
    clv: string | null
  } | null
  horizonDays: number | null
  currency: string | null
  history: { fittedAt: string; pAlive: number }[]
}

export const forecastsApi = {
  current: (workspaceId: string) => request<{ fit: Fit | null }>('GET', `${ws(workspaceId)}/current`),
  validation: (workspaceId: string) =>
    request<{ validation: Validation | null }>('GET', `${ws(workspaceId)}/validation`),
  fit: (workspaceId: string) => request<Fit>('POST', `${ws(workspaceId)}/fit`, {}),
  atRisk: (workspaceId: string, offset: number, limit: number) =>
    request<{ items: AtRisk[]; total: number; currency: string | null }>(
      'GET',
      `${ws(workspaceId)}/at-risk?limit=${limit}&offset=${offset}`,
    ),
  customer: (workspaceId: string, customerId: string) =>
    request<CustomerForecast>('GET', `${ws(workspaceId)}/customers/${encodeURIComponent(customerId)}`),
}

export const atRiskCsvUrl = (workspaceId: string) => `${ws(workspaceId)}/at-risk.csv`
