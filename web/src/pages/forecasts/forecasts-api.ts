import type { z } from 'zod'
import type { AtRiskOrder, AtRiskSort } from '../../../../src/forecasts/queries.js'
import type {
  atRiskPageSchema,
  currentFitSchema,
  customerForecastSchema,
  fitSchema,
  fitValidationSchema,
  holdoutValidationSchema,
} from '../../../../src/forecasts/responses.js'
import { query, request } from '../../api.js'

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/forecasts`

// The forecast API as the dashboard reads it: the types of the server's response schemas.

export type Fit = z.output<typeof fitSchema>
export type Explanation = NonNullable<Fit['explanation']>
export type Validation = z.output<typeof holdoutValidationSchema>
/** A holdout comparison that could be made (not the reason why none could). */
export type HoldoutReport = Exclude<Validation, { error: string }>
export type AtRiskPage = z.output<typeof atRiskPageSchema>
export type AtRisk = AtRiskPage['items'][number]
export type CustomerForecast = z.output<typeof customerForecastSchema>
export type { AtRiskSort }

export const forecastsApi = {
  current: (workspaceId: string) =>
    request<z.output<typeof currentFitSchema>>('GET', `${ws(workspaceId)}/current`),
  validation: (workspaceId: string) =>
    request<z.output<typeof fitValidationSchema>>('GET', `${ws(workspaceId)}/validation`),
  fit: (workspaceId: string) => request<Fit>('POST', `${ws(workspaceId)}/fit`, {}),
  atRisk: (workspaceId: string, offset: number, limit: number, order: AtRiskOrder = {}) =>
    request<AtRiskPage>('GET', `${ws(workspaceId)}/at-risk${query({ ...order, limit, offset })}`),
  customer: (workspaceId: string, customerId: string) =>
    request<CustomerForecast>('GET', `${ws(workspaceId)}/customers/${encodeURIComponent(customerId)}`),
}

export const atRiskCsvUrl = (workspaceId: string, order: AtRiskOrder = {}) =>
  `${ws(workspaceId)}/at-risk.csv${query({ ...order })}`
