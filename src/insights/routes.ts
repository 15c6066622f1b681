import type { Hono } from 'hono'
import { z } from 'zod'
import { recordAudit } from '../access/audit.js'
import { authorizeWorkspace } from '../access/authenticate.js'
import { settingRoutes } from '../access/workspace-setting.js'
import { isUuid } from '../db/is-uuid.js'
import { ApiRouter } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { csvDownload } from '../http/csv-download.js'
import { badRequest, notFound } from '../http/errors.js'
import { workspaceParams } from '../http/route-params.js'
import { getSurvey, getSurveyBySlug } from '../surveys/surveys.js'
import { analysisRoutes } from './analysis-routes.js'
import { importResponsesCsv, ResponseFileError } from './import-responses.js'
import { insightSettings, saveInsightSettings } from './insight-settings.js'
import { getMetrics } from './metrics.js'
import { metricsCsvHeader, metricsCsvRow } from './metrics-csv.js'
import { metricsQuerySchema, metricsRequest } from './metrics-request.js'
import type { RevenueAtRisk } from './overview.js'
import { readBodyBytes } from './read-body.js'

export const estimateSchema = z.object({
  n: z.number().int(),
  value: z.number().nullable(),
  se: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
})

const changeSchema = z.object({
  difference: z.number(),
  se: z.number(),
  z: z.number().nullable(),
  pValue: z.number().nullable(),
  significant: z.boolean(),
})

export const metricRowSchema = estimateSchema.extend({
  touchpoint: z.string().optional(),
  channel: z.string().optional(),
  language: z.string().optional(),
  surveyId: z.string().optional(),
  surveyName: z.string().optional(),
  orgUnitId: z.string().optional(),
  orgUnitName: z.string().optional(),
  stageId: z
    .string()
    .nullable()
    .optional()
    .describe('the touchpoint’s journey stage (by=stage); null: on no journey'),
  stageName: z.string().nullable().optional(),
  journeyId: z.string().nullable().optional(),
  journeyName: z.string().nullable().optional(),
  segment: z.string().nullable().optional().describe('the customer’s RFM segment now (by=segment)'),
  abc: z.string().nullable().optional().describe('the customer’s ABC class now (by=abc)'),
  attribute: z.string().nullable().optional().describe('the customer attribute’s value (by=attr:<name>)'),
  period: z.string().optional().describe('the first local day of the period (ISO week: Monday)'),
  belowMinN: z.boolean(),
  counts: z.record(z.string(), z.number().int()),
  easyShare: estimateSchema.optional().describe('CES only: the share of answers 5–7, in percent'),
  change: changeSchema.nullable().optional(),
})

export const metricsResponseSchema = z.object({ minN: z.number().int(), rows: z.array(metricRowSchema) })
const maxImportBytes = 20 * 1024 * 1024
const importQuery = z.object({
  survey: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a survey id or slug'),
})
const importReportSchema = z.object({
  read: z.number().int(),
  imported: z.number().int(),
  unchanged: z.number().int(),
  unlinked: z.number().int(),
  skipped: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), field: z.string().nullable(), message: z.string() })),
})
const settingsSchema = z.object({ minN: z.number().int().min(1).max(1_000_000) })

/** Insights: metrics per touchpoint, channel, survey, org unit, language and period, and their settings. */
export function insightRoutes(app: Hono<AppEnv>, deps: { revenueAtRisk: RevenueAtRisk }): ApiRouter {
  const api = new ApiRouter(app, '/api/v1')
  const tags = ['insights']
  const metricsSummary =
    'NPS (by kind), CSAT, CES, the weighted index or one item, per group and period, with SE, 95 % interval, min-n flag and change'

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/insights/metrics',
      tags,
      params: workspaceParams,
      query: metricsQuerySchema,
      response: metricsResponseSchema,
      summary: metricsSummary,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const { minN } = await insightSettings(c.var.db, access.workspaceId)
      const rows = await getMetrics(c.var.db, access, metricsRequest(query))
      return c.json({ minN, rows })
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/insights/metrics.csv',
      tags,
      params: workspaceParams,
      query: metricsQuerySchema,
      responseType: 'text/csv',
      response: z.string(),
      summary: `${metricsSummary}, as CSV`,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const request = metricsRequest(query)
      const rows = await getMetrics(c.var.db, access, request)
      async function* once() {
        yield rows
      }
      return csvDownload(c, 'metrics.csv', metricsCsvHeader(request), once(), (row) =>
        metricsCsvRow(request, row),
      )
    },
  )

  settingRoutes(api, {
    path: '/insights/settings',
    tags,
    summary: {
      read: 'The minimum n below which a metric is flagged (belowMinN)',
      change: 'Change the minimum n',
    },
    schema: settingsSchema,
    entityType: 'insight_settings',
    load: insightSettings,
    save: saveInsightSettings,
  })
  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/ingest/responses',
      tags,
      params: workspaceParams,
      query: importQuery,
      response: importReportSchema,
      summary:
        'Import a survey’s response history from CSV (text/csv body, at most 20 MB): response_id, customer_id or email, answered_at, channel, touchpoint, language, one column per question id; idempotent by response_id, bad rows reported by line',
    },
    async (c, { params, query }) => {
      const db = c.var.db
      const access = await authorizeWorkspace(c, db, params.workspaceId, 'ingest')
      const survey = isUuid(query.survey)
        ? await getSurvey(db, access.workspaceId, query.survey)
        : await getSurveyBySlug(db, query.survey)
      if (!survey || survey.workspaceId !== access.workspaceId) throw notFound('survey')
      const bytes = await readBodyBytes(c, maxImportBytes)
      let report: z.infer<typeof importReportSchema>
      try {
        report = await importResponsesCsv(
          db,
          { ...survey, version: survey.currentVersion, workspaceId: access.workspaceId },
          bytes,
          access,
        )
      } catch (error) {
        if (error instanceof ResponseFileError) throw badRequest(`body: ${error.message}`)
        throw error
      }
      await recordAudit(db, {
        workspaceId: access.workspaceId,
        actor: access.actor,
        action: 'import',
        entityType: 'responses',
        entityId: survey.id,
        details: { ...report, errors: report.errors.length },
      })
      return c.json(report)
    },
  )
  analysisRoutes(api, metricRowSchema, deps.revenueAtRisk)
  return api
}
