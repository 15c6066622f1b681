import type { z } from 'zod'
import type { ProfileOrder } from '../../../../src/feedback/drivers/queries.js'
import type {
  customerProfileSchema,
  customerProfilesSchema,
  profileSchema,
  workspaceDriversSchema,
} from '../../../../src/feedback/drivers/routes.js'
import { query, request } from '../../api.js'

// The key-drivers API as the dashboard reads it; the types are the server's own schemas (type-only imports).

export type { ProfileOrder }
export type WorkspaceDrivers = z.output<typeof workspaceDriversSchema>
export type BatteryProfile = z.output<typeof profileSchema>
export type CustomerProfile = z.output<typeof customerProfileSchema>
export type CustomerProfiles = z.output<typeof customerProfilesSchema>
export type Outcome = 'nps' | 'csat' | 'repurchase'
export type GroupBy = 'segment' | 'org_unit' | 'touchpoint'

export interface DriverParams {
  battery: string
  outcome: Outcome
  groupBy: GroupBy
}

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/drivers`

export const driversApi = {
  drivers: (workspaceId: string, p: DriverParams) =>
    request<WorkspaceDrivers>('GET', `${ws(workspaceId)}${query({ ...p })}`),
  profile: (workspaceId: string, battery: string, groupBy: GroupBy) =>
    request<BatteryProfile>('GET', `${ws(workspaceId)}/profiles${query({ battery, groupBy })}`),
  customer: (workspaceId: string, customerId: string) =>
    request<CustomerProfiles>(
      'GET',
      `${ws(workspaceId)}/profiles/customers/${encodeURIComponent(customerId)}`,
    ),
  customers: (workspaceId: string, battery: string, offset: number, order: ProfileOrder = {}) =>
    request<{ battery: string; total: number; limit: number; offset: number; items: CustomerProfile[] }>(
      'GET',
      `${ws(workspaceId)}/profiles/customers${query({ battery, ...order, offset, limit: 20 })}`,
    ),
}

export const driversCsvUrl = (workspaceId: string, p: DriverParams) =>
  `${ws(workspaceId)}.csv${query({ ...p })}`
export const profileCsvUrl = (workspaceId: string, battery: string, groupBy: GroupBy) =>
  `${ws(workspaceId)}/profiles.csv${query({ battery, groupBy })}`
export const customerProfilesCsvUrl = (workspaceId: string, battery: string, order: ProfileOrder = {}) =>
  `${ws(workspaceId)}/profiles/customers.csv${query({ battery, ...order })}`
