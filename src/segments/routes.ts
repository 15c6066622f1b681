import type { Hono } from 'hono'
import { z } from 'zod'
import { recordAudit } from '../access/audit.js'
import { authorizeWorkspace } from '../access/authenticate.js'
import { settingRoutes } from '../access/workspace-setting.js'
import { isUuid } from '../db/is-uuid.js'
import { ApiRouter } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { csvDownload } from '../http/csv-download.js'
import { notFound } from '../http/errors.js'
import { sortQuery } from '../http/order-by.js'
import { pagingQuery, paramsWith, workspaceParams } from '../http/route-params.js'
import { dbDay } from '../http/schema-bounds.js'
import {
  allSegmentCustomers,
  getCohorts,
  getCustomerSegment,
  getSegmentHistory,
  getSegmentSummary,
  listSegmentCustomers,
  segmentCustomerSorts,
  segmentFilterSchema,
} from './queries.js'
import { recomputeSegments } from './recompute-segments.js'
import {
  cohortsSchema,
  recomputeResultSchema,
  segmentCustomerPageSchema,
  segmentCustomerSchema,
  segmentHistorySchema,
  segmentSummarySchema,
} from './responses.js'
import { getSegmentSettings, saveSegmentSettings, segmentSettingsSchema } from './segment-settings.js'
import { segmentColumns } from './segments.sql.js'

const isoDate = dbDay()

const listQuery = segmentFilterSchema.extend(
  sortQuery(
    segmentCustomerSorts,
    'by monetary value, largest first (broken habits: by due date); ties by external id',
  ),
)

// The analysis's own columns, with the contact fields a person exporting from the dashboard needs after the id.
const [idColumn, ...resultColumns] = segmentColumns
const csvHeader = [idColumn, 'name', 'email', ...resultColumns]

/** Behavioural analytics: summary, customer lists and CSV, cohorts, broken habits, scores, recompute, settings. */
export function segmentRoutes(app: Hono<AppEnv>): ApiRouter {
  const api = new ApiRouter(app, '/api/v1')
  const tags = ['segments']
  const base = '/workspaces/:workspaceId/segments'

  api.route(
    {
      method: 'get',
      path: base,
      tags,
      params: workspaceParams,
      summary: 'Counts, revenue and shares per RFM segment, per ABC×XYZ cell and per R×F cell',
      response: segmentSummarySchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json(await getSegmentSummary(c.var.db, access))
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/customers`,
      tags,
      params: workspaceParams,
      query: listQuery.extend(pagingQuery().shape),
      summary: 'Analysed customers of a segment or cell (segment, abc, xyz, r, f, habitBroken), with paging',
      response: segmentCustomerPageSchema,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const { limit, offset, ...filter } = query
      const result = await listSegmentCustomers(c.var.db, access, filter, { limit, offset })
      return c.json({ ...result, limit, offset })
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/customers.csv`,
      tags,
      params: workspaceParams,
      query: listQuery,
      summary: 'The same customers as CSV, in the same order',
      responseType: 'text/csv',
      response: z.string(),
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return csvDownload(
        c,
        'segment-customers.csv',
        csvHeader,
        allSegmentCustomers(c.var.db, access, query),
        (s) => [
          s.externalId,
          s.name,
          s.email,
          s.firstPurchase,
          s.lastPurchase,
          s.recencyDays,
          s.frequency,
          s.monetary,
          s.r,
          s.f,
          s.m,
          s.segment,
          s.abc,
          s.xyz ?? '',
          s.cv ?? '',
          s.medianIntervalDays ?? '',
          s.nextDue ?? '',
          String(s.habitBroken),
        ],
      )
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/habit-broken`,
      tags,
      params: workspaceParams,
      query: pagingQuery(),
      summary:
        'Regular customers past twice their usual interval since their last purchase, earliest due first',
      response: segmentCustomerPageSchema,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const result = await listSegmentCustomers(c.var.db, access, { habitBroken: true }, query)
      return c.json({ ...result, ...query })
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/cohorts`,
      tags,
      params: workspaceParams,
      summary:
        'Cohorts by month of first purchase: share active per following month, repeat rate, churn, retention',
      response: cohortsSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json(await getCohorts(c.var.db, access))
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/history`,
      tags,
      params: workspaceParams,
      summary: 'Segment sizes per analysis date',
      response: segmentHistorySchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json({ items: await getSegmentHistory(c.var.db, access) })
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/customers/:customerId`,
      tags,
      params: paramsWith('customerId'),
      summary: "One customer's scores, segment, classes and habit",
      response: segmentCustomerSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const row = isUuid(params.customerId)
        ? await getCustomerSegment(c.var.db, access, params.customerId)
        : undefined
      if (!row) throw notFound('analysed customer')
      return c.json(row)
    },
  )

  api.route(
    {
      method: 'post',
      path: `${base}/recompute`,
      tags,
      params: workspaceParams,
      body: z.object({ asOf: isoDate.optional() }),
      summary:
        'Recompute every customer from the stored orders (as of a date, by default the day after the latest order)',
      response: recomputeResultSchema,
    },
    async (c, { params, body }) => {
      const db = c.var.db
      const access = await authorizeWorkspace(c, db, params.workspaceId, 'write')
      // The recomputation commits in transactions of its own, over several connections: its entry follows it.
      const result = await recomputeSegments(db, access.workspaceId, { asOf: body.asOf })
      await recordAudit(db, {
        workspaceId: access.workspaceId,
        actor: access.actor,
        action: 'recompute',
        entityType: 'segments',
        details: { asOf: result.asOf, customers: result.customers },
      })
      return c.json(result)
    },
  )

  settingRoutes(api, {
    path: '/segments/settings',
    tags,
    summary: {
      read: 'The thresholds of ABC, XYZ and habits',
      change:
        'Change the thresholds (missing ones take the defaults); they apply from the next recomputation',
    },
    schema: segmentSettingsSchema,
    entityType: 'segment_settings',
    load: getSegmentSettings,
    save: saveSegmentSettings,
  })

  return api
}
