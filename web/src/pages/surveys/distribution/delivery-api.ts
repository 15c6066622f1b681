import { request } from '../../../api.js'

// The survey delivery API as the dashboard reads it (shapes from src/surveys/delivery-routes.ts).

export interface DeliverySettings {
  quarantineDays: number
  maxPer90Days: number
  quietStart: number
  quietEnd: number
  timezone: string
}

export type WidgetOn = 'page_view' | 'event' | 'delay' | 'exit_intent'

export interface Program {
  id: string
  name: string
  surveyId: string
  channel: 'email' | 'widget'
  triggerEvent: string | null
  delayMinutes: number
  samplePercent: number
  audience: { attributes?: Record<string, string | number | boolean>; orgUnitId?: string; segmentId?: string }
  widget: { on: WidgetOn; event?: string; delaySeconds?: number; pathContains?: string }
  respectQuietHours: boolean
  expiresAfterHours: number
  reminders: number
  reminderAfterHours: number
  quarantineDays: number | null
  maxPer90Days: number | null
  enabled: boolean
}

export type NewProgram = Omit<Program, 'id'>

export interface Funnel {
  eligible: number
  invited: number
  opened: number
  started: number
  completed: number
  pending: number
  suppressed: { reason: string; count: number }[]
}

export interface CustomerInvitation {
  id: string
  surveyName: string
  programName: string | null
  channel: string
  status: string
  suppressedReason: string | null
  createdAt: string
  sentAt: string | null
  completedAt: string | null
}

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}`

export const deliveryApi = {
  settings: (w: string) => request<DeliverySettings>('GET', `${ws(w)}/survey-delivery/settings`),
  saveSettings: (w: string, s: DeliverySettings) =>
    request<DeliverySettings>('PUT', `${ws(w)}/survey-delivery/settings`, s),
  widget: (w: string) =>
    request<{ snippet: string; secret: string | null; workspaceId: string }>(
      'GET',
      `${ws(w)}/survey-delivery/widget`,
    ),
  programs: (w: string) => request<{ items: Program[] }>('GET', `${ws(w)}/survey-programs`),
  program: (w: string, id: string) =>
    request<Program & { funnel: Funnel }>('GET', `${ws(w)}/survey-programs/${encodeURIComponent(id)}`),
  createProgram: (w: string, p: Partial<NewProgram>) =>
    request<Program>('POST', `${ws(w)}/survey-programs`, p),
  updateProgram: (w: string, id: string, p: Partial<NewProgram>) =>
    request<Program>('PATCH', `${ws(w)}/survey-programs/${encodeURIComponent(id)}`, p),
  customerInvitations: (w: string, customerId: string) =>
    request<{
      items: CustomerInvitation[]
      unsubscribes: { surveyId: string | null; surveyName: string | null }[]
    }>('GET', `${ws(w)}/customers/${encodeURIComponent(customerId)}/survey-invitations`),
}
