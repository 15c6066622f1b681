import type { Hono } from 'hono'
import { z } from 'zod'
import { audited, recordAudit } from '../access/audit.js'
import { authorizeWorkspace } from '../access/authenticate.js'
import type { UnitAccess } from '../access/unit-scope.js'
import type { WorkspaceAccess } from '../access/workspace-access.js'
import type { Db } from '../db/db.js'
import { isUuid } from '../db/is-uuid.js'
import { type Sql, sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'
import { ApiRouter, safeInput } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { INGEST_BODY_LIMIT } from '../http/body-limit.js'
import { csvDownload } from '../http/csv-download.js'
import { HttpError, notFound } from '../http/errors.js'
import { jsonTimestamp } from '../http/json-timestamp.js'
import { sortQuery } from '../http/order-by.js'
import { requestPublicOrigin } from '../http/public-origin.js'
import { limitQuery, pagingQuery, paramsWith, workspaceParams } from '../http/route-params.js'
import { importRoutes } from './import-routes.js'
import { ingestRecords, MAX_BATCH_RECORDS } from './ingest-records.js'
import {
  allCustomers,
  type Customer,
  type CustomerFilter,
  customerSorts,
  getCustomer,
  getTimeline,
  listCustomers,
} from './queries.js'
import { customerPageSchema, customerSchema, timelineSchema, webhookSourceSchema } from './responses.js'
import type { ResponsesFileImport } from './responses-file-import.js'
import {
  createWebhookSource,
  getWebhookSource,
  listWebhookDeliveries,
  listWebhookSources,
  markWebhookReceived,
  recordWebhookDelivery,
  webhookDeliveryKeys,
} from './webhook-sources.js'
import { shopifyOrderToRecords } from './webhooks/shopify.js'
import { verifyShopifyHmac, verifyWooSignature } from './webhooks/signature.js'
import { wooOrderToRecords } from './webhooks/woocommerce.js'

const filterQuery = z.object({
  q: z.string().trim().max(200).optional(),
  orgUnitId: z.uuid().optional().describe('the customers of this org unit and the units under it'),
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/, 'a language code such as en or uk')
    .optional(),
  segment: z
    .string()
    .regex(/^[a-z_]{1,40}$/, 'a segment name such as champions or at_risk')
    .optional(),
  abc: z.enum(['A', 'B', 'C']).optional(),
  minEngagement: z.coerce
    .number()
    .int()
    .min(0)
    .max(100)
    .optional()
    .describe('only customers whose engagement score (0 to 100, the loyalty program’s) is at least this'),
  ...sortQuery(customerSorts, 'by name; ties by external id'),
})
const listQuery = pagingQuery().extend(filterQuery.shape)

/** A segment name and ABC class → the condition on c.id that selects their customers (the segments capability). */
export type SegmentCondition = (
  workspaceId: string,
  filter: { segment?: string; abc?: 'A' | 'B' | 'C' },
) => Sql | undefined

/** The customers the caller may see whose engagement score at `now` is at least minScore, as a condition on c.id. */
export type EngagementCondition = (access: UnitAccess, minScore: number, now: Date) => Sql

export interface CustomerRouteOptions {
  /** Filters by segment and ABC class; without it those filters are refused. */
  segmentCondition?: SegmentCondition
  /** Filters by engagement score (the loyalty capability's); without it that filter is refused. */
  engagementCondition?: EngagementCondition
  /** The import wizard's responses kind; without it the wizard takes customers, orders and events only. */
  responsesImport?: ResponsesFileImport
}

function customerFilter(
  access: UnitAccess,
  query: z.infer<typeof filterQuery>,
  options: CustomerRouteOptions,
  now: Date,
): CustomerFilter {
  const { segment, abc, minEngagement, ...rest } = query
  if ((segment || abc) && !options.segmentCondition)
    throw new DomainError('invalid', 'segments are not available here', segment ? 'segment' : 'abc')
  if (minEngagement !== undefined && !options.engagementCondition)
    throw new DomainError('invalid', 'engagement scores are not available here', 'minEngagement')
  const conditions: Sql[] = []
  const bySegment =
    segment || abc ? options.segmentCondition?.(access.workspaceId, { segment, abc }) : undefined
  if (bySegment) conditions.push(bySegment)
  if (minEngagement !== undefined && options.engagementCondition)
    conditions.push(options.engagementCondition(access, minEngagement, now))
  return { ...rest, where: conditions.length ? sql.join(conditions, ' and ') : undefined }
}
const reportSchema = z.object({
  read: z.number(),
  imported: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  skipped: z.number(),
  customersCreated: z.number(),
  errors: z.array(z.object({ index: z.number(), field: z.string().nullable(), message: z.string() })),
})
const emptyReport: z.infer<typeof reportSchema> = {
  read: 0,
  imported: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  customersCreated: 0,
  errors: [],
}
const batchSchema = z.object({
  records: z
    .array(z.unknown())
    .min(1)
    .max(MAX_BATCH_RECORDS, `at most ${MAX_BATCH_RECORDS} records per request`),
})

/** The customer record: list, search, export, one customer's timeline, batch ingest, shop webhooks. */
export function customerRoutes(app: Hono<AppEnv>, options: CustomerRouteOptions = {}): ApiRouter {
  const api = new ApiRouter(app, '/api/v1')
  const tags = ['customers']

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/customers',
      tags,
      params: workspaceParams,
      query: listQuery,
      summary: 'Customers, searched by id, name, e-mail or phone, with order totals',
      response: customerPageSchema,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const { limit, offset, ...filter } = query
      const page = await listCustomers(c.var.db, access, {
        ...customerFilter(access, filter, options, c.var.now()),
        limit,
        offset,
      })
      return c.json({ ...page, limit, offset })
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/customers.csv',
      tags,
      params: workspaceParams,
      query: filterQuery,
      summary: 'The customer list as CSV, with the same filters',
      responseType: 'text/csv',
      response: z.string(),
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const header = [
        'customer_id',
        'name',
        'email',
        'phone',
        'language',
        'org_unit',
        'orders',
        'revenue',
        'currency',
        'last_order_at',
      ]
      return csvDownload(
        c,
        'customers.csv',
        header,
        allCustomers(c.var.db, access, customerFilter(access, query, options, c.var.now())),
        (r) => [
          r.externalId,
          r.name,
          r.email,
          r.phone,
          r.language,
          r.orgUnitName,
          r.ordersCount,
          r.revenue,
          r.currency,
          r.lastOrderAt?.toISOString() ?? '',
        ],
      )
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/customers/:customerId',
      tags,
      params: paramsWith('customerId'),
      summary: 'One customer: the record and order stats',
      response: customerSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const customer = await visibleCustomer(c.var.db, access, params.customerId)
      return c.json(customer)
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/customers/:customerId/timeline',
      tags,
      params: paramsWith('customerId'),
      query: limitQuery(1000, 200),
      summary: "A customer's orders and events, newest first",
      response: timelineSchema,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const customer = await visibleCustomer(c.var.db, access, params.customerId)
      return c.json({ items: await getTimeline(c.var.db, access.workspaceId, customer.id, query.limit) })
    },
  )

  for (const kind of ['customers', 'orders', 'events'] as const) {
    api.route(
      {
        method: 'post',
        path: `/workspaces/:workspaceId/ingest/${kind}`,
        tags,
        params: workspaceParams,
        body: batchSchema,
        bodyLimit: INGEST_BODY_LIMIT,
        isolatedItems: 'records',
        response: reportSchema,
        summary: `Import up to ${MAX_BATCH_RECORDS} ${kind} records; upserts by external id, bad records reported by index`,
      },
      async (c, { params, body }) => {
        const db = c.var.db
        const access = await authorizeWorkspace(c, db, params.workspaceId, 'ingest')
        // The batch commits in transactions of its own, so that a bad record spoils none: its entry follows it.
        const report = await ingestRecords(db, access.workspaceId, kind, body.records, access)
        await recordAudit(db, {
          workspaceId: access.workspaceId,
          actor: access.actor,
          action: 'import',
          entityType: kind,
          details: { ...report, errors: report.errors.length },
        })
        return c.json(report)
      },
    )
  }

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/webhook-sources',
      tags,
      params: workspaceParams,
      summary: 'Shops that push order webhooks',
      response: z.object({ items: z.array(webhookSourceSchema) }),
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage', {
        wholeWorkspace: true,
      })
      const origin = requestPublicOrigin(c)
      const items = await listWebhookSources(c.var.db, access.workspaceId)
      return c.json({ items: items.map((s) => ({ ...s, url: `${origin}/api/v1/hooks/${s.id}` })) })
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/webhook-sources',
      tags,
      params: workspaceParams,
      status: 201,
      body: z.object({
        platform: z.enum(['shopify', 'woocommerce']),
        name: z.string().trim().min(1).max(200),
      }),
      summary: 'Register a shop: returns the URL to give it and the signing secret',
      response: webhookSourceSchema,
    },
    async (c, { params, body }) => {
      const db = c.var.db
      const access = await authorizeWorkspace(c, db, params.workspaceId, 'manage', { wholeWorkspace: true })
      const source = await audited(
        db,
        (tx) => createWebhookSource(tx, access.workspaceId, body),
        (created) => ({
          workspaceId: access.workspaceId,
          actor: access.actor,
          action: 'create',
          entityType: 'webhook_source',
          entityId: created.id,
          details: { platform: created.platform },
        }),
      )
      return c.json({ ...source, url: `${requestPublicOrigin(c)}/api/v1/hooks/${source.id}` }, 201)
    },
  )

  // Shops cannot log in: the source id in the path says which workspace, the HMAC proves the sender.
  api.route(
    {
      method: 'post',
      path: '/hooks/:sourceId',
      tags,
      public: true,
      params: z.object({ sourceId: z.string() }),
      summary:
        'Receives Shopify orders/create and WooCommerce order.created webhooks; a replayed delivery is acknowledged and not imported again',
      response: reportSchema.extend({ replayed: z.boolean() }),
    },
    async (c, { params }) => {
      const db = c.var.db
      const source = isUuid(params.sourceId) ? await getWebhookSource(db, params.sourceId) : undefined
      if (!source) throw notFound('webhook source')
      const raw = await c.req.text()
      const signed =
        source.platform === 'shopify'
          ? verifyShopifyHmac(raw, source.secret, c.req.header('x-shopify-hmac-sha256'))
          : verifyWooSignature(raw, source.secret, c.req.header('x-wc-webhook-signature'))
      if (!signed)
        throw new HttpError(401, 'bad_signature', 'the webhook signature does not match this source')
      let payload: unknown
      try {
        payload = JSON.parse(raw)
      } catch {
        // WooCommerce pings a new webhook with a form body (webhook_id=…): acknowledge it.
        if (source.platform === 'woocommerce' && raw.startsWith('webhook_id=')) return c.body(null, 204)
        throw new HttpError(400, 'invalid_request', 'the webhook body is not valid JSON')
      }
      safeInput(payload, 'payload')
      const mapped =
        source.platform === 'shopify'
          ? safeMap(shopifyOrderToRecords, payload)
          : safeMap(wooOrderToRecords, payload)
      const deliveryId = c.req.header(
        source.platform === 'shopify' ? 'x-shopify-webhook-id' : 'x-wc-webhook-delivery-id',
      )
      const report = await db.transaction(async (tx) => {
        if (!(await recordWebhookDelivery(tx, source.id, webhookDeliveryKeys(raw, deliveryId))))
          return { ...emptyReport, replayed: true }
        await ingestRecords(tx, source.workspaceId, 'customers', [mapped.customer])
        const imported = await ingestRecords(tx, source.workspaceId, 'orders', [mapped.order])
        return { ...imported, replayed: false }
      })
      await markWebhookReceived(db, source.id)
      return c.json(report)
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/webhook-sources/:sourceId/deliveries',
      tags,
      params: paramsWith('sourceId'),
      query: limitQuery(100, 20),
      summary: 'The last deliveries a shop webhook source received, newest first',
      response: z.object({
        items: z.array(
          z.object({ receivedAt: jsonTimestamp, deliveryId: z.string().nullable(), bodyHash: z.string() }),
        ),
      }),
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage', {
        wholeWorkspace: true,
      })
      const source = isUuid(params.sourceId) ? await getWebhookSource(c.var.db, params.sourceId) : undefined
      if (!source || source.workspaceId !== access.workspaceId) throw notFound('webhook source')
      return c.json({ items: await listWebhookDeliveries(c.var.db, source.id, query.limit) })
    },
  )

  importRoutes(api, options.responsesImport)
  return api
}

/** The customer if the caller may see it; 404 otherwise, a malformed id included. */
async function visibleCustomer(db: Db, access: WorkspaceAccess, id: string): Promise<Customer> {
  const customer = isUuid(id) ? await getCustomer(db, access, id) : undefined
  if (!customer) throw notFound('customer')
  return customer
}

function safeMap<T>(map: (payload: unknown) => T, payload: unknown): T {
  try {
    return map(payload)
  } catch (error) {
    const issues = error instanceof z.ZodError ? error.issues : []
    const first = issues[0]
    throw new HttpError(
      400,
      'invalid_request',
      first ? `payload: ${first.path.join('.')}: ${first.message}` : 'payload is not a valid order',
      issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    )
  }
}
