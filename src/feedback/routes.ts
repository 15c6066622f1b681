import type { Hono } from 'hono'
import { z } from 'zod'
import { authorizeWorkspace } from '../access/authenticate.js'
import { ApiRouter } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { csvDownload } from '../http/csv-download.js'
import { notFound } from '../http/errors.js'
import { pagingQuery, workspaceParams } from '../http/route-params.js'
import { dbDate } from '../http/schema-bounds.js'
import { languageSchema } from '../surveys/definition.js'
import { getSurvey, listSurveyVersions } from '../surveys/surveys.js'
import { answerColumns } from './csv-columns.js'
import { publicResponseRoutes } from './public-routes.js'
import { questionSummary } from './question-summary.js'
import { allResponses, listResponses, responseSorts } from './responses.js'
import { questionSummarySchema, responsePageSchema } from './responses-schema.js'

const filterQuery = z.object({
  surveyId: z.uuid().optional(),
  customerId: z.uuid().optional().describe("one customer's answers (their timeline)"),
  status: z.enum(['completed', 'partial']).optional(),
  channel: z.enum(['link', 'email', 'widget', 'conversation']).optional(),
  language: languageSchema.optional(),
  touchpoint: z.string().min(1).max(200).optional().describe('the touchpoint, exactly (insights link here)'),
  from: dbDate().optional(),
  to: dbDate().optional(),
})

const orderQuery = z.object({
  sort: z
    .enum(responseSorts)
    .optional()
    .describe(
      'the order, ties by response id; by start time when absent (the list newest first, the CSV oldest)',
    ),
  dir: z
    .enum(['asc', 'desc'])
    .optional()
    .describe('the direction of sort (ascending when sort is given alone)'),
})

/** Responses: the public endpoints that save them, and the dashboard's list and CSV export. */
export function feedbackRoutes(app: Hono<AppEnv>, options: { rateLimitPerMinute: number }): ApiRouter {
  const api = new ApiRouter(app, '/api/v1')
  publicResponseRoutes(api, options)
  const tags = ['survey responses']

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/responses',
      tags,
      params: workspaceParams,
      query: filterQuery.extend(orderQuery.shape).extend(pagingQuery().shape),
      summary: 'Responses, newest first or sorted, filtered by survey, status, channel, language and date',
      response: responsePageSchema,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const { limit, offset, ...filter } = query
      const page = await listResponses(c.var.db, access, filter, { limit, offset })
      return c.json({ ...page, limit, offset })
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/surveys/:surveyId/answer-summary',
      tags,
      params: workspaceParams.extend({ surveyId: z.uuid() }),
      query: filterQuery.omit({ surveyId: true }),
      summary: "One survey's answers counted per question: n, each point or option's count, a scale's mean",
      response: questionSummarySchema,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const survey = await getSurvey(c.var.db, access.workspaceId, params.surveyId)
      if (!survey) throw notFound('survey')
      const filter = { ...query, surveyId: survey.id }
      const summary = await questionSummary(c.var.db, access, filter, survey.definition)
      return c.json({ surveyId: survey.id, ...summary })
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/responses.csv',
      tags,
      params: workspaceParams,
      query: filterQuery.extend(orderQuery.shape),
      responseType: 'text/csv',
      response: z.string(),
      summary:
        "Responses as CSV; with surveyId, one column per question (a battery's statements each their own)",
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const survey = query.surveyId
        ? await getSurvey(c.var.db, access.workspaceId, query.surveyId)
        : undefined
      if (query.surveyId && !survey) throw notFound('survey')
      // The current version's questions, then those only earlier versions asked: no answer is left out.
      const earlier = survey
        ? (await listSurveyVersions(c.var.db, survey.id)).filter((v) => v.version !== survey.currentVersion)
        : []
      const columns = survey
        ? answerColumns(
            survey.definition,
            earlier.map((v) => v.definition),
          )
        : []
      const hiddenFields = survey?.definition.hiddenFields ?? []
      const header = [
        'response_id',
        'survey',
        'survey_version',
        'started_at',
        'completed_at',
        'language',
        'channel',
        'touchpoint',
        'nps_kind',
        'customer_id',
        'org_unit',
        ...hiddenFields,
        ...columns.map((c) => c.header),
      ]
      if (!survey) header.push('answers')
      return csvDownload(c, 'responses.csv', header, allResponses(c.var.db, access, query), (r) => {
        const row = [
          r.id,
          r.surveyName,
          r.surveyVersion,
          r.startedAt.toISOString(),
          r.completedAt?.toISOString() ?? '',
          r.language,
          r.channel,
          r.touchpoint,
          r.npsKind,
          r.customerExternalId ?? '',
          r.orgUnitName ?? '',
          ...hiddenFields.map((h) => r.hidden[h] ?? ''),
          ...columns.map((col) => col.get(r.answers)),
        ]
        if (!survey) row.push(JSON.stringify(r.answers))
        return row
      })
    },
  )
  return api
}
