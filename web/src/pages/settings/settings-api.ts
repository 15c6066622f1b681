import type { z } from 'zod'
import type { AuditSort } from '../../../../src/access/audit.js'
import type {
  apiKeySchema,
  auditEntrySchema,
  memberSchema,
  orgUnitSchema,
  workspaceSchema,
} from '../../../../src/access/responses.js'
import type { createdApiKeySchema } from '../../../../src/access/routes.js'
import type {
  createdInvitationSchema,
  invitationSchema,
  mailStatusSchema,
} from '../../../../src/access/settings-routes.js'
import type {
  workspaceSettingsInputSchema,
  workspaceSettingsSchema,
} from '../../../../src/access/workspace-settings.js'
import type { webhookSourceSchema } from '../../../../src/customers/responses.js'
import { noContent, query, request } from '../../api.js'

export type WorkspaceSettings = z.output<typeof workspaceSettingsSchema>
export type WorkspaceSettingsInput = z.input<typeof workspaceSettingsInputSchema>
export type Member = z.output<typeof memberSchema>
export type Invitation = z.output<typeof invitationSchema>
export type CreatedInvitation = z.output<typeof createdInvitationSchema>
export type OrgUnit = z.output<typeof orgUnitSchema>
export type ApiKey = z.output<typeof apiKeySchema>
export type CreatedApiKey = z.output<typeof createdApiKeySchema>
export type AuditEntry = z.output<typeof auditEntrySchema>
export type MailStatus = z.output<typeof mailStatusSchema>
export type WebhookSource = z.output<typeof webhookSourceSchema>
export type Workspace = z.output<typeof workspaceSchema>
export type Role = Member['role']
export interface Delivery {
  receivedAt: string
  deliveryId: string | null
  bodyHash: string
}

export interface AuditFilter {
  action?: string
  entityType?: string
  from?: string
  to?: string
}
export type { AuditSort }
/** The order the server sorts the audit log and its CSV in. */
export interface AuditOrder {
  sort: AuditSort
  dir: 'asc' | 'desc'
}

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}`
const items = <T>(p: Promise<{ items: T[] }>) => p.then((r) => r.items)

export const settingsApi = {
  getSettings: (w: string) => request<WorkspaceSettings>('GET', `${ws(w)}/settings`),
  saveSettings: (w: string, input: WorkspaceSettingsInput) =>
    request<WorkspaceSettings>('PATCH', `${ws(w)}/settings`, input),
  members: (w: string) => items(request<{ items: Member[] }>('GET', `${ws(w)}/members`)),
  changeMember: (w: string, userId: string, change: { role?: Role; orgUnitId?: string | null }) =>
    request<Member>('PATCH', `${ws(w)}/members/${encodeURIComponent(userId)}`, change),
  removeMember: (w: string, userId: string) =>
    request<void>('DELETE', `${ws(w)}/members/${encodeURIComponent(userId)}`).catch(noContent),
  invitations: (w: string) => items(request<{ items: Invitation[] }>('GET', `${ws(w)}/invitations`)),
  invite: (w: string, input: { email: string; role: Role; orgUnitId: string | null }) =>
    request<CreatedInvitation>('POST', `${ws(w)}/invitations`, input),
  resendInvitation: (w: string, id: string) =>
    request<CreatedInvitation>('POST', `${ws(w)}/invitations/${encodeURIComponent(id)}/resend`),
  withdrawInvitation: (w: string, id: string) =>
    request<void>('DELETE', `${ws(w)}/invitations/${encodeURIComponent(id)}`).catch(noContent),
  orgUnits: (w: string) => items(request<{ items: OrgUnit[] }>('GET', `${ws(w)}/org-units`)),
  moveOrgUnit: (w: string, id: string, parentId: string | null) =>
    request<OrgUnit>('POST', `${ws(w)}/org-units/${encodeURIComponent(id)}/move`, { parentId }),
  addOrgUnit: (w: string, input: { code: string; name: string; parentCode: string | null }) =>
    request<OrgUnit>('POST', `${ws(w)}/org-units`, input),
  changeOrgUnit: (w: string, id: string, input: { code?: string; name?: string }) =>
    request<OrgUnit>('PATCH', `${ws(w)}/org-units/${encodeURIComponent(id)}`, input),
  deleteOrgUnit: (w: string, id: string) =>
    request<void>('DELETE', `${ws(w)}/org-units/${encodeURIComponent(id)}`).catch(noContent),
  apiKeys: (w: string) => items(request<{ items: ApiKey[] }>('GET', `${ws(w)}/api-keys`)),
  createApiKey: (w: string, input: { name: string; scopes: ApiKey['scopes'] }) =>
    request<CreatedApiKey>('POST', `${ws(w)}/api-keys`, input),
  revokeApiKey: (w: string, id: string) =>
    request<void>('DELETE', `${ws(w)}/api-keys/${encodeURIComponent(id)}`).catch(noContent),
  webhookSources: (w: string) =>
    items(request<{ items: WebhookSource[] }>('GET', `${ws(w)}/webhook-sources`)),
  addWebhookSource: (w: string, input: { platform: WebhookSource['platform']; name: string }) =>
    request<WebhookSource>('POST', `${ws(w)}/webhook-sources`, input),
  deliveries: (w: string, sourceId: string) =>
    items(
      request<{ items: Delivery[] }>(
        'GET',
        `${ws(w)}/webhook-sources/${encodeURIComponent(sourceId)}/deliveries`,
      ),
    ),
  mail: (w: string) => request<MailStatus>('GET', `${ws(w)}/mail`),
  testMail: (w: string, to: string) =>
    request<{ sent: boolean; error: string | null }>('POST', `${ws(w)}/mail/test`, { to }),
  audit: (w: string, filter: AuditFilter, order: AuditOrder, offset: number) =>
    items(
      request<{ items: AuditEntry[] }>(
        'GET',
        `${ws(w)}/audit${query({ ...filter, ...order, limit: 50, offset })}`,
      ),
    ),
  createWorkspace: (name: string) => request<Workspace>('POST', '/api/v1/workspaces', { name }),
}

/** The CSV of the audit log with the same filters, for a plain download link. */
export const auditCsvUrl = (w: string, filter: AuditFilter, order: AuditOrder) =>
  `${ws(w)}/audit.csv${query({ ...filter, ...order })}`
