import { z } from 'zod'
import { authorizeWorkspace } from '../access/authenticate.js'
import type { ApiRouter } from '../http/api-router.js'
import { csvDownload } from '../http/csv-download.js'
import { pageOf, pagingQuery, workspaceParams } from '../http/route-params.js'
import { windowOf, windowQuery, windowQuerySchema } from './analysis-request.js'
import { windowBounds } from './local-window.js'
import { neutraliseCell } from './metrics-csv.js'
import { getOverview, getTouchpointMetrics, type RevenueAtRisk } from './overview.js'
import { getPainPoints, type PainPoint } from './pain-points.js'
import { getReach } from './reach.js'
import { allSilentCustomers, listSilentCustomers, type SilentCustomer } from './silent-customers.js'

// The analyses that point at what to fix: overview, touchpoint view, pain points, silent customers, reach.

const estimateSchema = z.object({
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
const money = z.string().describe('a decimal amount, exact')

const painPointSchema = z.object({
  touchpoint: z.string(),
  volume: z.number().int().describe('responses with an NPS, CSAT or CES answer'),
  negatives: z.number().int().describe('of them with a detractor score, CSAT 1–2 or CES 1–3'),
  negativeShare: estimateSchema,
  customersAffected: z.number().int(),
  valueAffected: money,
  harm: money.describe('negative share × volume × mean value of the customers affected'),
  previous: estimateSchema.describe('the negative share in the window just before'),
  change: changeSchema.nullable(),
  comments: z.array(z.object({ responseId: z.string(), answeredAt: z.string(), text: z.string() })),
  themes: z
    .array(z.object({ key: z.string(), name: z.string(), comments: z.number().int() }))
    .describe('the top comment themes of its negative comments'),
})

const silentCustomerSchema = z.object({
  customerId: z.string(),
  externalId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  emailOptIn: z.boolean().nullable(),
  segment: z.string().nullable(),
  abc: z.string().nullable(),
  orders: z.number().int(),
  revenue: money,
  value: money,
  valueSource: z.enum(['clv', 'revenue']),
  lastOrderAt: z.string(),
  lastAnsweredAt: z.string().nullable(),
})
const silentSegmentSchema = z.object({
  segment: z.string().nullable(),
  customers: z.number().int(),
  revenue: money,
  value: money,
})

export function analysisRoutes(
  api: ApiRouter,
  metricRowSchema: z.ZodType,
  revenueAtRisk: RevenueAtRisk,
): void {
  const tags = ['insights']
  const windowed = z.object({ from: z.string(), to: z.string() })
  const bounded = windowed.extend({
    startsAt: z
      .string()
      .describe('the instant the window’s first local day starts (the responses list’s from)'),
    endsBefore: z.string().describe('the instant after its last local day (the responses list’s to)'),
  })
  const overviewSchema = bounded.extend({
    headline: z.object({
      nps: metricRowSchema,
      npsRelational: metricRowSchema,
      csat: metricRowSchema,
      ces: metricRowSchema,
    }),
    trend: z.array(metricRowSchema),
    painPoints: z.array(painPointSchema),
    revenueAtRisk: z.object({ fitId: z.string(), customers: z.number().int(), amount: money }).nullable(),
    silent: z.object({ customers: z.number().int(), value: money }),
  })
  const touchpointSchema = z.object({
    touchpoint: z.string(),
    nps: metricRowSchema.nullable(),
    npsRelational: metricRowSchema.nullable(),
    csat: metricRowSchema.nullable(),
    ces: metricRowSchema.nullable(),
    trim: metricRowSchema.nullable(),
  })
  const painQuery = windowQuery({ limit: z.coerce.number().int().min(1).max(500).default(10) })
  const silence = z
    .enum(['never', 'period'])
    .default('never')
    .describe('never: no answer ever; period: no answer in the window')
  const silentQuery = windowQuery({ silence })

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/insights/overview',
      tags,
      params: workspaceParams,
      query: windowQuerySchema,
      response: overviewSchema,
      summary:
        'Headline NPS, CSAT, CES with change, the monthly NPS trend, top pain points, revenue at risk, silence',
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json(await getOverview(c.var.db, access, windowOf(query), revenueAtRisk))
    },
  )

  const touchpointsRoute = { tags, params: workspaceParams, query: windowQuerySchema }
  api.route(
    {
      ...touchpointsRoute,
      method: 'get',
      path: '/workspaces/:workspaceId/insights/touchpoints',
      response: bounded.extend({ rows: z.array(touchpointSchema) }),
      summary: 'Every metric per touchpoint with its change, within the caller’s org unit and below',
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const window = windowOf(query)
      const [rows, bounds] = await Promise.all([
        getTouchpointMetrics(c.var.db, access, window),
        windowBounds(c.var.db, access.workspaceId, window),
      ])
      return c.json({ ...window, ...bounds, rows })
    },
  )
  api.route(
    {
      ...touchpointsRoute,
      method: 'get',
      path: '/workspaces/:workspaceId/insights/touchpoints.csv',
      responseType: 'text/csv',
      response: z.string(),
      summary: 'Every metric per touchpoint, as CSV',
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const rows = await getTouchpointMetrics(c.var.db, access, windowOf(query))
      const metrics = ['nps', 'npsRelational', 'csat', 'ces', 'trim'] as const
      const header = [
        'touchpoint',
        ...metrics.flatMap((m) => [
          `${m}_n`,
          `${m}_value`,
          `${m}_ci95_low`,
          `${m}_ci95_high`,
          `${m}_below_min_n`,
          `${m}_change`,
          `${m}_change_significant`,
        ]),
      ]
      return csvDownload(c, 'touchpoints.csv', header, once(rows), (row) => [
        neutraliseCell(row.touchpoint),
        ...metrics.flatMap((m) => {
          const cell = row[m]
          if (!cell) return [0, null, null, null, null, null, null]
          return [
            cell.n,
            cell.value,
            cell.ci95?.[0] ?? null,
            cell.ci95?.[1] ?? null,
            String(cell.belowMinN),
            cell.change?.difference ?? null,
            cell.change ? String(cell.change.significant) : null,
          ]
        }),
      ])
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/insights/pain-points',
      tags,
      params: workspaceParams,
      query: painQuery,
      response: windowed.extend({ items: z.array(painPointSchema) }),
      summary:
        'Touchpoints ranked by harm = negative share × volume × mean value (12-month CLV, else net revenue) of the customers affected',
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const window = windowOf(query)
      return c.json({
        ...window,
        items: await getPainPoints(c.var.db, access, { ...window, limit: query.limit }),
      })
    },
  )
  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/insights/pain-points.csv',
      tags,
      params: workspaceParams,
      query: painQuery,
      responseType: 'text/csv',
      response: z.string(),
      summary: 'The pain points, as CSV (the newest comment of each)',
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const items = await getPainPoints(c.var.db, access, { ...windowOf(query), limit: query.limit })
      const header = [
        'touchpoint',
        'volume',
        'negatives',
        'negative_share',
        'negative_share_ci95_low',
        'negative_share_ci95_high',
        'customers_affected',
        'value_affected',
        'harm',
        'previous_negative_share',
        'change',
        'change_significant',
        'comment',
        'themes',
      ]
      return csvDownload(c, 'pain-points.csv', header, once(items), (p: PainPoint) => [
        neutraliseCell(p.touchpoint),
        p.volume,
        p.negatives,
        p.negativeShare.value,
        p.negativeShare.ci95?.[0] ?? null,
        p.negativeShare.ci95?.[1] ?? null,
        p.customersAffected,
        p.valueAffected,
        p.harm,
        p.previous.value,
        p.change?.difference ?? null,
        p.change ? String(p.change.significant) : null,
        neutraliseCell(p.comments[0]?.text ?? ''),
        neutraliseCell(p.themes.map((th) => `${th.name} (${th.comments})`).join('; ')),
      ])
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/insights/silent-customers',
      tags,
      params: workspaceParams,
      query: windowQuery({ silence, ...pagingQuery().shape }),
      response: pageOf(silentCustomerSchema).extend({
        from: z.string(),
        to: z.string(),
        bySegment: z.array(silentSegmentSchema),
      }),
      summary: 'Customers who bought in the window but never answered (or not in it), most valuable first',
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const window = windowOf(query)
      const page = { limit: query.limit, offset: query.offset }
      const found = await listSilentCustomers(c.var.db, access, { ...window, silence: query.silence }, page)
      return c.json({ ...window, ...found, ...page })
    },
  )
  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/insights/silent-customers.csv',
      tags,
      params: workspaceParams,
      query: silentQuery,
      responseType: 'text/csv',
      response: z.string(),
      summary: 'The silent customers, as a CSV list for personal outreach',
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const rows = allSilentCustomers(c.var.db, access, { ...windowOf(query), silence: query.silence })
      const header = [
        'customer_id',
        'external_id',
        'name',
        'email',
        'email_opt_in',
        'segment',
        'abc',
        'orders',
        'revenue',
        'value',
        'value_source',
        'last_order_at',
        'last_answered_at',
      ]
      return csvDownload(c, 'silent-customers.csv', header, rows, (s: SilentCustomer) => [
        s.customerId,
        neutraliseCell(s.externalId),
        neutraliseCell(s.name ?? ''),
        neutraliseCell(s.email ?? ''),
        s.emailOptIn === null ? null : String(s.emailOptIn),
        s.segment,
        s.abc,
        s.orders,
        s.revenue,
        s.value,
        s.valueSource,
        s.lastOrderAt,
        s.lastAnsweredAt,
      ])
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/insights/reach',
      tags,
      params: workspaceParams,
      query: windowQuerySchema,
      response: windowed.extend({
        rates: z.array(
          z.object({
            programId: z.string().nullable(),
            programName: z.string().nullable(),
            surveyId: z.string(),
            surveyName: z.string(),
            channel: z.string(),
            eligible: z.number().int(),
            invited: z.number().int(),
            completed: z.number().int(),
            responseRate: estimateSchema,
          }),
        ),
        heard: z.object({ active: z.number().int(), heard: z.number().int(), share: estimateSchema }),
      }),
      summary: 'Response rate per program and channel, and the share of active customers heard from',
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const window = windowOf(query)
      const reach = await getReach(c.var.db, access, window.from, window.to)
      return c.json({ ...reach, from: window.from, to: window.to })
    },
  )
  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/insights/reach.csv',
      tags,
      params: workspaceParams,
      query: windowQuerySchema,
      responseType: 'text/csv',
      response: z.string(),
      summary: 'The response rates per program and channel, as CSV',
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const window = windowOf(query)
      const { rates } = await getReach(c.var.db, access, window.from, window.to)
      const header = ['program', 'survey', 'channel', 'eligible', 'invited', 'completed', 'response_rate']
      return csvDownload(
        c,
        'reach.csv',
        [...header, 'response_rate_ci95_low', 'response_rate_ci95_high'],
        once(rates),
        (r) => [
          neutraliseCell(r.programName ?? ''),
          neutraliseCell(r.surveyName),
          r.channel,
          r.eligible,
          r.invited,
          r.completed,
          r.responseRate.value,
          r.responseRate.ci95?.[0] ?? null,
          r.responseRate.ci95?.[1] ?? null,
        ],
      )
    },
  )
}

async function* once<T>(rows: T[]): AsyncGenerator<T[]> {
  yield rows
}
