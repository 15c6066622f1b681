import type { z } from 'zod'
import type {
  customerInvitationsSchema,
  programListSchema,
  programResponseSchema,
  programWithFunnelSchema,
  widgetSetupSchema,
} from '../../../../../src/surveys/delivery-responses.js'
import type { deliverySettingsSchema } from '../../../../../src/surveys/fatigue/delivery-settings.js'
import type { newProgramSchema, programChangesSchema } from '../../../../../src/surveys/programs/program.js'
import { request } from '../../../api.js'

// The survey delivery API as the dashboard reads it: the types of the server's schemas.

export type DeliverySettings = z.output<typeof deliverySettingsSchema>
export type Program = z.output<typeof programResponseSchema>
/** What a new program needs; fields with a default may be left out. */
export type NewProgram = z.input<typeof newProgramSchema>
export type ProgramChanges = z.input<typeof programChangesSchema>
export type WidgetOn = Program['widget']['on']

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}`

export const deliveryApi = {
  settings: (w: string) => request<DeliverySettings>('GET', `${ws(w)}/survey-delivery/settings`),
  saveSettings: (w: string, s: DeliverySettings) =>
    request<DeliverySettings>('PUT', `${ws(w)}/survey-delivery/settings`, s),
  widget: (w: string) =>
    request<z.output<typeof widgetSetupSchema>>('GET', `${ws(w)}/survey-delivery/widget`),
  programs: (w: string) => request<z.output<typeof programListSchema>>('GET', `${ws(w)}/survey-programs`),
  program: (w: string, id: string) =>
    request<z.output<typeof programWithFunnelSchema>>(
      'GET',
      `${ws(w)}/survey-programs/${encodeURIComponent(id)}`,
    ),
  createProgram: (w: string, p: NewProgram) => request<Program>('POST', `${ws(w)}/survey-programs`, p),
  updateProgram: (w: string, id: string, p: ProgramChanges) =>
    request<Program>('PATCH', `${ws(w)}/survey-programs/${encodeURIComponent(id)}`, p),
  customerInvitations: (w: string, customerId: string) =>
    request<z.output<typeof customerInvitationsSchema>>(
      'GET',
      `${ws(w)}/customers/${encodeURIComponent(customerId)}/survey-invitations`,
    ),
}
