import type { z } from 'zod'
import type { orgUnitSchema } from '../../../../src/access/responses.js'
import type {
  caseContextSchema,
  caseDetailSchema,
  casePageSchema,
  caseSchema,
  createdEndpointSchema,
  deliveryPageSchema,
  endpointListSchema,
} from '../../../../src/cases/schemas.js'
import { query, request } from '../../api.js'

// The cases API as the dashboard reads it, typed from the server's own schemas (type-only imports).

export type CaseItem = z.output<typeof caseSchema>
export type CasePage = z.output<typeof casePageSchema>
export type CaseDetail = z.output<typeof caseDetailSchema>
export type CaseContext = z.output<typeof caseContextSchema>
export type OrgUnit = z.output<typeof orgUnitSchema>
export type Endpoints = z.output<typeof endpointListSchema>
export type CreatedEndpoint = z.output<typeof createdEndpointSchema>
export type Deliveries = z.output<typeof deliveryPageSchema>

export interface CaseFilters {
  status?: string
  owner?: string
  priority?: string
  breached?: string
  orgUnitId?: string
}

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}`

export const casesApi = {
  list: (workspaceId: string, f: CaseFilters) =>
    request<CasePage>('GET', `${ws(workspaceId)}/cases${query({ ...f, limit: 200 })}`),
  get: (workspaceId: string, caseId: string) =>
    request<CaseDetail>('GET', `${ws(workspaceId)}/cases/${encodeURIComponent(caseId)}`),
  context: (workspaceId: string, caseId: string) =>
    request<CaseContext>('GET', `${ws(workspaceId)}/cases/${encodeURIComponent(caseId)}/context`),
  orgUnits: (workspaceId: string) => request<{ items: OrgUnit[] }>('GET', `${ws(workspaceId)}/org-units`),
  change: (workspaceId: string, caseId: string, body: Record<string, unknown>) =>
    request<CaseDetail>('PATCH', `${ws(workspaceId)}/cases/${encodeURIComponent(caseId)}`, body),
  note: (workspaceId: string, caseId: string, body: string) =>
    request<CaseDetail>('POST', `${ws(workspaceId)}/cases/${encodeURIComponent(caseId)}/notes`, { body }),
  reply: (workspaceId: string, caseId: string, body: string, channel: 'email' | 'phone') =>
    request<CaseDetail>('POST', `${ws(workspaceId)}/cases/${encodeURIComponent(caseId)}/replies`, {
      body,
      channel,
    }),
  assign: (workspaceId: string, caseIds: string[], ownerUserId: string | null) =>
    request<{ changed: number }>('POST', `${ws(workspaceId)}/cases/assign`, { caseIds, ownerUserId }),
  members: (workspaceId: string) =>
    request<{ items: { userId: string; name: string; role: string }[] }>('GET', `${ws(workspaceId)}/members`),
  endpoints: (workspaceId: string) => request<Endpoints>('GET', `${ws(workspaceId)}/webhook-endpoints`),
  addEndpoint: (workspaceId: string, body: { url: string; kind: 'json' | 'slack'; events: string[] }) =>
    request<CreatedEndpoint>('POST', `${ws(workspaceId)}/webhook-endpoints`, body),
  deliveries: (workspaceId: string, endpointId: string) =>
    request<Deliveries>(
      'GET',
      `${ws(workspaceId)}/webhook-endpoints/${encodeURIComponent(endpointId)}/deliveries`,
    ),
  replay: (workspaceId: string, deliveryId: string) =>
    request<unknown>(
      'POST',
      `${ws(workspaceId)}/webhook-deliveries/${encodeURIComponent(deliveryId)}/replay`,
    ),
}
