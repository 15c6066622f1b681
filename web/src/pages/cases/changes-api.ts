import type { z } from 'zod'
import type {
  changeDetailSchema,
  changePageSchema,
  notifiedSchema,
} from '../../../../src/cases/loop-schemas.js'
import { query, request } from '../../api.js'

// The "you said, we did" API as the dashboard reads it, typed from the server's own schemas (type-only imports).

export type ChangePage = z.output<typeof changePageSchema>
export type ChangeSummary = ChangePage['items'][number]
export type ChangeDetail = z.output<typeof changeDetailSchema>
export type Notified = z.output<typeof notifiedSchema>

export interface NewChange {
  title: string
  texts: Record<string, string>
  touchpoint?: string
  themeWords?: string[]
  metric: 'nps' | 'csat' | 'ces'
}

const changes = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/changes`

export const changesApi = {
  list: (workspaceId: string) =>
    request<ChangePage>('GET', `${changes(workspaceId)}${query({ limit: 100 })}`),
  get: (workspaceId: string, changeId: string) =>
    request<ChangeDetail>('GET', `${changes(workspaceId)}/${encodeURIComponent(changeId)}`),
  record: (workspaceId: string, body: NewChange) => request<ChangeDetail>('POST', changes(workspaceId), body),
  select: (workspaceId: string, changeId: string, customerIds: string[], selected: boolean) =>
    request<{ changed: number }>(
      'POST',
      `${changes(workspaceId)}/${encodeURIComponent(changeId)}/selection`,
      {
        customerIds,
        selected,
      },
    ),
  notify: (workspaceId: string, changeId: string) =>
    request<Notified>('POST', `${changes(workspaceId)}/${encodeURIComponent(changeId)}/notify`),
  csvUrl: (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/changes.csv`,
}
