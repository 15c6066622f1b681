import type { z } from 'zod'
import type { SegmentCustomerSort, segmentFilterSchema } from '../../../../src/segments/queries.js'
import type {
  cohortsSchema,
  recomputeResultSchema,
  segmentCustomerPageSchema,
  segmentCustomerSchema,
  segmentHistorySchema,
  segmentSummarySchema,
} from '../../../../src/segments/responses.js'
import { query, request } from '../../api.js'

// The segments API as the dashboard reads it: the types of the server's response schemas.

export type { SegmentCustomerSort }
export type SegmentSummary = z.output<typeof segmentSummarySchema>

/** A list filter as the search params of the customer list page carry it; the API checks the values. */
export type SegmentFilter = Partial<Record<keyof z.input<typeof segmentFilterSchema>, string>>
/** A filter with the list's order, as the list and its CSV take it. */
export type SegmentListQuery = SegmentFilter & { sort?: SegmentCustomerSort; dir?: 'asc' | 'desc' }

export const filterKeys = [
  'segment',
  'abc',
  'xyz',
  'r',
  'f',
  'habitBroken',
] as const satisfies (keyof SegmentFilter)[]

const base = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/segments`

export const segmentsApi = {
  summary: (ws: string) => request<SegmentSummary>('GET', base(ws)),
  customers: (ws: string, filter: SegmentListQuery, limit: number, offset: number) =>
    request<z.output<typeof segmentCustomerPageSchema>>(
      'GET',
      `${base(ws)}/customers${query({ ...filter, limit, offset })}`,
    ),
  customer: (ws: string, customerId: string) =>
    request<z.output<typeof segmentCustomerSchema>>(
      'GET',
      `${base(ws)}/customers/${encodeURIComponent(customerId)}`,
    ),
  cohorts: (ws: string) => request<z.output<typeof cohortsSchema>>('GET', `${base(ws)}/cohorts`),
  history: (ws: string) => request<z.output<typeof segmentHistorySchema>>('GET', `${base(ws)}/history`),
  recompute: (ws: string) =>
    request<z.output<typeof recomputeResultSchema>>('POST', `${base(ws)}/recompute`, {}),
}

export function segmentCustomersCsvUrl(ws: string, filter: SegmentListQuery): string {
  return `${base(ws)}/customers.csv${query(filter)}`
}

/** Where the list of a segment or cell lives in the dashboard. */
export function segmentListPath(ws: string, filter: SegmentFilter): string {
  return `/w/${ws}/segments/customers${query(filter)}`
}
