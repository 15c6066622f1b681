import { request } from '../../api.js'

export interface SegmentCell {
  customers: number
  revenue: string
  customerShare: string
  revenueShare: string | null
}

export interface SegmentSummary {
  asOf: string | null
  customers: number
  revenue: string
  habitBroken: number
  segments: (SegmentCell & { segment: string })[]
  abcXyz: (SegmentCell & { abc: string; xyz: string | null })[]
  rf: (SegmentCell & { r: number; f: number; segment: string })[]
}

export interface SegmentCustomer {
  id: string
  externalId: string
  name: string | null
  email: string | null
  firstPurchase: string
  lastPurchase: string
  recencyDays: number
  frequency: number
  monetary: string
  r: number
  f: number
  m: number
  segment: string
  abc: string
  xyz: string | null
  cv: string | null
  medianIntervalDays: string | null
  intervalCv: string | null
  nextDue: string | null
  habitBroken: boolean
  asOf: string
}

export interface Cohort {
  cohort: string
  customers: number
  repeatRate: string
  periods: {
    period: number
    active: number
    activeShare: string
    churnRate: string | null
    retentionRate: string | null
  }[]
}

/** A list filter as the API takes it; also the search params of the customer list page. */
export type SegmentFilter = Partial<Record<'segment' | 'abc' | 'xyz' | 'r' | 'f' | 'habitBroken', string>>

export const filterKeys = ['segment', 'abc', 'xyz', 'r', 'f', 'habitBroken'] as const

const base = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/segments`

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value))
  const text = search.toString()
  return text ? `?${text}` : ''
}

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
