import type { Cohort, SegmentCustomer, SegmentSummary } from '../../../../src/segments/queries.js'
import { query, request } from '../../api.js'

export type {
  Cohort,
  SegmentCell,
  SegmentCustomer,
  SegmentSummary,
} from '../../../../src/segments/queries.js'

/** A list filter as the API takes it; also the search params of the customer list page. */
export type SegmentFilter = Partial<Record<'segment' | 'abc' | 'xyz' | 'r' | 'f' | 'habitBroken', string>>

export const filterKeys = ['segment', 'abc', 'xyz', 'r', 'f', 'habitBroken'] as const

const base = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/segments`

export const segmentsApi = {
  summary: (ws: string) => request<SegmentSummary>('GET', base(ws)),
  customers: (ws: string, filter: SegmentFilter, limit: number, offset: number) =>
    request<{ items: SegmentCustomer[]; total: number; limit: number; offset: number }>(
      'GET',
      `${base(ws)}/customers${query({ ...filter, limit, offset })}`,
    ),
  customer: (ws: string, customerId: string) =>
    request<SegmentCustomer>('GET', `${base(ws)}/customers/${encodeURIComponent(customerId)}`),
  cohorts: (ws: string) => request<{ asOf: string | null; cohorts: Cohort[] }>('GET', `${base(ws)}/cohorts`),
  history: (ws: string) =>
    request<{ items: { asOf: string; segment: string; customers: number; revenue: string }[] }>(
      'GET',
      `${base(ws)}/history`,
    ),
  recompute: (ws: string) =>
    request<{ asOf: string | null; customers: number }>('POST', `${base(ws)}/recompute`, {}),
}

export function segmentCustomersCsvUrl(ws: string, filter: SegmentFilter): string {
  return `${base(ws)}/customers.csv${query(filter)}`
}

/** Where the list of a segment or cell lives in the dashboard. */
export function segmentListPath(ws: string, filter: SegmentFilter): string {
  return `/w/${ws}/segments/customers${query(filter)}`
}
