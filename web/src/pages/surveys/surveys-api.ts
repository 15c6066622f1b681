import { query, request } from '../../api.js'

// The surveys API as the dashboard reads it (shapes from src/surveys/routes.ts and src/feedback/routes.ts).

export type Text = Partial<Record<'en' | 'uk' | 'ru' | 'pl' | 'lv', string>>
export interface Question {
  id: string
  type: 'nps' | 'csat' | 'ces' | 'rating' | 'single' | 'multiple' | 'text' | 'battery'
  text: Text
  required?: boolean
  options?: { id: string; label: Text }[]
  statements?: { id: string; text: Text }[]
  [key: string]: unknown
}
export interface Definition {
  defaultLanguage: string
  languages: string[]
  title: Text
  pages: { id: string; title?: Text; questions: Question[]; skip?: unknown[] }[]
  hiddenFields?: string[]
  endings: { id: string; title: Text; message?: Text }[]
  [key: string]: unknown
}
export interface SurveySummary {
  id: string
  name: string
  touchpoint: string
  npsKind: 'relational' | 'transactional'
  status: 'draft' | 'active' | 'closed'
  template: string | null
  slug: string
  currentVersion: number
  estimatedSeconds: number
  estimateWarning: boolean
  responses: number
  completed: number
  createdAt: string
}
export interface Survey extends Omit<SurveySummary, 'responses' | 'completed'> {
  anonymousLink: boolean
  anonymousUrl: string
  definition: Definition
}
export interface Template {
  key: string
  name: Text
  source: string
  meaning: Text
  npsKind: string
  touchpoint: string
  estimatedSeconds: number
}
export interface Estimate {
  valid: boolean
  issues: { field: string; message: string }[]
  estimatedSeconds: number | null
  estimateWarning: boolean
}
export interface ResponseRow {
  id: string
  surveyId: string
  surveyName: string
  surveyVersion: number
  language: string
  channel: string
  touchpoint: string
  npsKind: string
  customerId: string | null
  customerExternalId: string | null
  customerName: string | null
  answers: Record<string, unknown>
  startedAt: string
  completedAt: string | null
}
export interface ResponseFilter {
  surveyId?: string
  status?: string
  channel?: string
  language?: string
  from?: string
  to?: string
}

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}`

export const surveysApi = {
  templates: () => request<Template[]>('GET', '/api/v1/survey-templates'),
  list: (workspaceId: string) => request<{ items: SurveySummary[] }>('GET', `${ws(workspaceId)}/surveys`),
  get: (workspaceId: string, id: string) => request<Survey>('GET', `${ws(workspaceId)}/surveys/${id}`),
  createFromTemplate: (workspaceId: string, template: string) =>
    request<Survey>('POST', `${ws(workspaceId)}/surveys`, { template }),
  update: (workspaceId: string, id: string, changes: Partial<Survey>) =>
    request<Survey>('PUT', `${ws(workspaceId)}/surveys/${id}`, changes),
  estimate: (workspaceId: string, definition: unknown) =>
    request<Estimate>('POST', `${ws(workspaceId)}/survey-estimate`, { definition }),
  responses: (workspaceId: string, filter: ResponseFilter, limit: number, offset: number) =>
    request<{ total: number; items: ResponseRow[]; limit: number; offset: number }>(
      'GET',
      `${ws(workspaceId)}/responses${query({ ...filter, limit, offset })}`,
    ),
}

export const responsesCsvUrl = (workspaceId: string, filter: ResponseFilter) =>
  `${ws(workspaceId)}/responses.csv${query({ ...filter })}`
export const qrUrl = (workspaceId: string, id: string, mode?: string) =>
  `${ws(workspaceId)}/surveys/${id}/qr.svg${query({ mode })}`
export const previewUrl = (workspaceId: string, id: string, lang: string, mode: string) =>
  `/s/preview/${workspaceId}/${id}${query({ lang, mode: mode === 'conversation' ? mode : undefined })}`

/** "1 min 20 s" */
export function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60)
  const s = seconds % 60
  return m > 0 ? `${m} min ${s} s` : `${s} s`
}
