// The shapes the Rapport HTTP API returns, as the dashboard reads them.

export type Role = string

export interface Me {
  user: { id: string; email: string; name: string; language: string | null }
  workspaces: WorkspaceAccess[]
  csrfToken: string
}

export interface WorkspaceAccess {
  id: string
  name: string
  role: Role
  orgUnitId: string | null
}

export interface SetupInput {
  organizationName: string
  workspaceName: string
  name: string
  email: string
  password: string
  demo: boolean
}

export interface CustomerSummary {
  id: string
  externalId: string
  name: string | null
  email: string | null
  phone: string | null
  language: string | null
  orgUnitId: string | null
  orgUnitName: string | null
  ordersCount: number
  /** Exact decimal: shown, never computed with. */
  revenue: string
  currency: string | null
  lastOrderAt: string | null
}

export interface Customer extends CustomerSummary {
  attributes: Record<string, unknown>
  /** null: never stated, which counts as no consent. */
  emailOptIn: boolean | null
  smsOptIn: boolean | null
  optedOut: boolean
  createdAt: string
  updatedAt: string
  firstOrderAt: string | null
}

export interface Page<T> {
  items: T[]
  total: number
  limit: number
  offset: number
}

export interface OrderLine {
  productId: string
  quantity: string
  unitPrice: string
}

export interface TimelineOrder {
  kind: 'order'
  id: string
  at: string
  externalId: string
  amount: string
  currency: string
  status: string
  lines: OrderLine[]
}

export interface TimelineEvent {
  kind: 'event'
  id: string
  at: string
  type: string
  channel: string | null
  touchpoint: string | null
  properties: Record<string, unknown>
}

export type TimelineItem = TimelineOrder | TimelineEvent
