import type { z } from 'zod'
import type { ResponseSort } from '../../../../src/feedback/responses.js'
import type { questionSummarySchema, responsePageSchema } from '../../../../src/feedback/responses-schema.js'
import type { definitionSchema, questionSchema } from '../../../../src/surveys/definition.js'
import type { surveyChangesSchema } from '../../../../src/surveys/routes.js'
import type {
  surveyEstimateSchema,
  surveyListSchema,
  surveySchema,
  surveyTemplatesSchema,
  surveyVersionSchema,
} from '../../../../src/surveys/survey-responses.js'
import { noContent, query, request } from '../../api.js'

// The surveys API as the dashboard reads it: the types of the server's response schemas.

export type { Language, Text } from '../../../../src/surveys/definition.js'
/** A definition as the builder edits and sends it: fields with a default may be left out. */
export type Definition = z.input<typeof definitionSchema>
export type Question = z.input<typeof questionSchema>
export type SurveyList = z.output<typeof surveyListSchema>
export type SurveySummary = SurveyList['items'][number]
export type Survey = z.output<typeof surveySchema>
export type SurveyVersion = z.output<typeof surveyVersionSchema>
export type Template = z.output<typeof surveyTemplatesSchema>[number]
export type SurveyChanges = z.input<typeof surveyChangesSchema>
export type Estimate = z.output<typeof surveyEstimateSchema>
export type ResponsePage = z.output<typeof responsePageSchema>
export type ResponseRow = ResponsePage['items'][number]
export type QuestionSummaryPage = z.output<typeof questionSummarySchema>
export type QuestionSummaryRow = QuestionSummaryPage['questions'][number]
export interface NewSurvey {
  name: string
  touchpoint: string
  npsKind: Survey['npsKind']
  definition: Definition
}
export type { ResponseSort }
/** The order the server sorts the responses list and its CSV in. */
export interface ResponseOrder {
  sort?: ResponseSort
  dir?: 'asc' | 'desc'
}
export interface ResponseFilter {
  surveyId?: string
  customerId?: string
  status?: string
  channel?: string
  language?: string
  touchpoint?: string
  from?: string
  to?: string
}

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}`

export const surveysApi = {
  templates: () => request<Template[]>('GET', '/api/v1/survey-templates'),
  list: (workspaceId: string, archived = false) =>
    request<SurveyList>('GET', `${ws(workspaceId)}/surveys${archived ? '?archived=true' : ''}`),
  /** Active and archived surveys together, for what names surveys from history (responses, programs). */
  all: async (workspaceId: string): Promise<SurveyList> => {
    const [active, archived] = await Promise.all([
      surveysApi.list(workspaceId),
      surveysApi.list(workspaceId, true),
    ])
    return { items: [...active.items, ...archived.items] }
  },
  get: (workspaceId: string, id: string) => request<Survey>('GET', `${ws(workspaceId)}/surveys/${id}`),
  createFromTemplate: (workspaceId: string, template: string) =>
    request<Survey>('POST', `${ws(workspaceId)}/surveys`, { template }),
  create: (workspaceId: string, survey: NewSurvey) =>
    request<Survey>('POST', `${ws(workspaceId)}/surveys`, survey),
  archive: (workspaceId: string, id: string) =>
    request<Survey>('POST', `${ws(workspaceId)}/surveys/${id}/archive`),
  restore: (workspaceId: string, id: string) =>
    request<Survey>('POST', `${ws(workspaceId)}/surveys/${id}/restore`),
  duplicate: (workspaceId: string, id: string) =>
    request<Survey>('POST', `${ws(workspaceId)}/surveys/${id}/duplicate`),
  remove: (workspaceId: string, id: string) =>
    request<void>('DELETE', `${ws(workspaceId)}/surveys/${id}`).catch(noContent),
  version: (workspaceId: string, id: string, version: number) =>
    request<SurveyVersion>('GET', `${ws(workspaceId)}/surveys/${id}/versions/${version}`),
  update: (workspaceId: string, id: string, changes: SurveyChanges) =>
    request<Survey>('PUT', `${ws(workspaceId)}/surveys/${id}`, changes),
  estimate: (workspaceId: string, definition: unknown) =>
    request<Estimate>('POST', `${ws(workspaceId)}/survey-estimate`, { definition }),
  responses: (
    workspaceId: string,
    filter: ResponseFilter,
    limit: number,
    offset: number,
    order?: ResponseOrder,
  ) =>
    request<ResponsePage>(
      'GET',
      `${ws(workspaceId)}/responses${query({ ...filter, ...order, limit, offset })}`,
    ),
  summary: (workspaceId: string, { surveyId, ...filter }: ResponseFilter & { surveyId: string }) =>
    request<QuestionSummaryPage>(
      'GET',
      `${ws(workspaceId)}/surveys/${encodeURIComponent(surveyId)}/answer-summary${query({ ...filter })}`,
    ),
}

export const responsesCsvUrl = (workspaceId: string, filter: ResponseFilter, order: ResponseOrder) =>
  `${ws(workspaceId)}/responses.csv${query({ ...filter, ...order })}`
export const qrUrl = (workspaceId: string, id: string, mode?: string) =>
  `${ws(workspaceId)}/surveys/${id}/qr.svg${query({ mode })}`
export const previewUrl = (workspaceId: string, id: string, lang: string, mode: string) =>
  `/s/preview/${workspaceId}/${id}${query({ lang, mode: mode === 'conversation' ? mode : undefined })}`

/** "1 min 20 s" */
