import type { z } from 'zod'
import type { orgUnitSchema } from '../../../../src/access/responses.js'
import type { DiagnosisSort } from '../../../../src/feedback/diagnosis/diagnosis.sql.js'
import type { DiagnosisSettings, Quadrant } from '../../../../src/feedback/diagnosis/quadrant.js'
import type {
  diagnosedCustomerPageSchema,
  diagnosedCustomerSchema,
  diagnosisMatrixSchema,
} from '../../../../src/feedback/diagnosis/responses.js'
import { query, request } from '../../api.js'

// The loyalty diagnosis API as the dashboard reads it, typed from the server's own schemas (type-only imports).

export type { DiagnosisSettings, DiagnosisSort, Quadrant }
export type DiagnosisMatrix = z.output<typeof diagnosisMatrixSchema>
export type DiagnosedCustomer = z.output<typeof diagnosedCustomerSchema>
export type DiagnosedCustomerPage = z.output<typeof diagnosedCustomerPageSchema>
export type OrgUnit = z.output<typeof orgUnitSchema>

/** The four cells of Dick & Basu's matrix, by relative attitude (rows) and repeat patronage (columns). */
export const matrixRows = [
  ['true_loyalty', 'latent_loyalty'],
  ['spurious_loyalty', 'no_loyalty'],
] as const satisfies Quadrant[][]

export const quadrantNames = [
  'true_loyalty',
  'latent_loyalty',
  'spurious_loyalty',
  'no_loyalty',
  'unknown',
] as const satisfies Quadrant[]

export function isQuadrant(value: string | null): value is Quadrant {
  return value !== null && (quadrantNames as readonly string[]).includes(value)
}

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}`
const base = (workspaceId: string) => `${ws(workspaceId)}/diagnosis`

export interface DiagnosisFilter {
  orgUnitId?: string
  quadrant?: Quadrant
  sort?: DiagnosisSort
  dir?: 'asc' | 'desc'
}

export const diagnosisApi = {
  matrix: (w: string, orgUnitId?: string) =>
    request<DiagnosisMatrix>('GET', `${base(w)}${query({ orgUnitId })}`),
  customers: (w: string, filter: DiagnosisFilter, limit: number, offset: number) =>
    request<DiagnosedCustomerPage>('GET', `${base(w)}/customers${query({ ...filter, limit, offset })}`),
  customer: (w: string, customerId: string) =>
    request<DiagnosedCustomer>('GET', `${base(w)}/customers/${encodeURIComponent(customerId)}`),
  settings: (w: string) => request<DiagnosisSettings>('GET', `${base(w)}/settings`),
  saveSettings: (w: string, settings: Partial<DiagnosisSettings>) =>
    request<DiagnosisSettings>('PUT', `${base(w)}/settings`, settings),
  orgUnits: (w: string) => request<{ items: OrgUnit[] }>('GET', `${ws(w)}/org-units`),
}

export const diagnosisMatrixCsvUrl = (w: string, orgUnitId?: string) =>
  `${base(w)}.csv${query({ orgUnitId })}`
export const diagnosisCustomersCsvUrl = (w: string, filter: DiagnosisFilter) =>
  `${base(w)}/customers.csv${query({ ...filter })}`

/** Where a quadrant's customers are listed in the dashboard. */
export function diagnosisListPath(w: string, filter: DiagnosisFilter): string {
  return `/w/${w}/feedback/diagnosis${query({ ...filter })}`
}
