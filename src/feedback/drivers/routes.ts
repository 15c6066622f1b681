import type { Hono } from 'hono'
import { z } from 'zod'
import { authorizeWorkspace } from '../../access/authenticate.js'
import { isUuid } from '../../db/is-uuid.js'
import { ApiRouter } from '../../http/api-router.js'
import type { AppEnv } from '../../http/app-env.js'
import { csvDownload } from '../../http/csv-download.js'
import { badRequest, notFound } from '../../http/errors.js'
import { sortQuery } from '../../http/order-by.js'
import { pageOf, pagingQuery, paramsWith, workspaceParams } from '../../http/route-params.js'
import type { SegmentResultsOf } from '../diagnosis/diagnosis.sql.js'
import { DEFAULT_SEED, type KeyDrivers } from './key-drivers.js'
import { orderDimensions } from './profiles.js'
import { driverOutcomes, listCustomerProfiles, type ProfileOrder, profileSorts } from './queries.js'
import { getBatteryProfile, getCustomerProfiles, getWorkspaceDrivers } from './workspace-drivers.js'

const battery = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a battery question id: letters, digits, _ or -')
  .default('forces')
  .describe(
    'the drivers: a battery question whose dimensions they are (forces, commitment, any other), or touchpoints (each customer’s mean NPS, CSAT and CES per touchpoint, on 0–10)',
  )
const dimensionName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a dimension: letters, digits, _ or -')
const groupBy = z.enum(['segment', 'org_unit', 'touchpoint']).default('segment')
const driversQuery = z.object({
  battery,
  outcome: z
    .enum(driverOutcomes)
    .default('nps')
    .describe(
      'nps: the latest relational NPS answer; csat: the latest CSAT; repurchase: the latest answer to the rating question `repurchase` (“How likely are you to buy from us again?”), on 0–10',
    ),
  groupBy,
  resamples: z.coerce
    .number()
    .int()
    .min(0)
    .max(5000)
    .default(1000)
    .describe('bootstrap resamples (0 for none)'),
  seed: z.coerce.number().int().min(0).max(2_147_483_647).default(DEFAULT_SEED),
})

const driverSchema = z.object({
  driver: z.string(),
  weight: z.number().describe("Johnson's raw relative weight: the part of R² the driver carries"),
  share: z.number().describe('the weight as a share of R² (0–1)'),
  shapley: z.number().nullable().describe('exact Shapley value (LMG) of R²; null above 12 drivers'),
  beta: z.number().describe('standardised regression coefficient'),
  correlation: z.number(),
  signFlip: z.boolean().describe("the coefficient's sign is against the correlation's: collinear drivers"),
  ciLow: z.number().nullable().describe('bootstrap 95 % interval of the weight'),
  ciHigh: z.number().nullable(),
  mean: z.number().describe('mean score: the performance axis of the quadrant chart'),
})
const keyDriversSchema = z.object({
  outcome: z.string(),
  drivers: z.array(driverSchema),
  r2: z.number(),
  n: z.number().int().describe('complete cases'),
  bootstrap: z.object({ resamples: z.number().int(), used: z.number().int(), seed: z.number().int() }),
  constant: z.array(z.string()).describe('drivers without variance, left out'),
})
const groupKey = { group: z.string().nullable(), label: z.string().nullable(), n: z.number().int() }
export const workspaceDriversSchema = z.object({
  battery: z.string(),
  outcome: z.enum(driverOutcomes),
  groupBy: z.enum(['segment', 'org_unit', 'touchpoint']),
  overall: keyDriversSchema.nullable().describe('null when fewer than minCases customers have both scores'),
  answered: z.number().int().describe('customers who answered the battery'),
  groups: z.array(
    z.object({
      ...groupKey,
      r2: z.number(),
      drivers: z.array(
        z.object({ driver: z.string(), weight: z.number(), share: z.number(), mean: z.number() }),
      ),
    }),
  ),
  smallGroups: z.array(z.object(groupKey)),
  minCases: z.number().int(),
})
export const profileSchema = z.object({
  battery: z.string(),
  groupBy: z.enum(['segment', 'org_unit', 'touchpoint']),
  dimensions: z.array(z.string()),
  groups: z.array(
    z.object({
      ...groupKey,
      means: z.record(z.string(), z.number()),
      heldWithoutAttachment: z
        .boolean()
        .describe('commitment: forced or economic commitment above neutral (4) while affective is below it'),
    }),
  ),
})
export const customerProfileSchema = z.object({
  customerId: z.string(),
  externalId: z.string(),
  name: z.string().nullable(),
  answeredAt: z.string(),
  scores: z.record(z.string(), z.number()),
})

const customerBattery = z.object({
  answeredAt: z.string(),
  dimensions: z.array(z.string()).describe('in the template’s order'),
  scores: z.record(z.string(), z.number()).describe('mean agreement per dimension, 1–7'),
})
export const customerProfilesSchema = z.object({
  customerId: z.string(),
  commitment: customerBattery
    .extend({
      heldWithoutAttachment: z
        .boolean()
        .describe('forced or economic commitment above neutral (4) while affective is below it'),
    })
    .nullable()
    .describe('null when the customer never answered the commitment battery'),
  forces: customerBattery.nullable().describe('null when the customer never answered the six forces'),
})

/** Key drivers of NPS, CSAT or repurchase intent, the quadrant chart's points per group, and the commitment and forces profiles. */
export interface DriverRouteOptions {
  /** The segments' current results, for grouping by segment (feedback may not import segments). */
  segmentResults: SegmentResultsOf
}

export function driverRoutes(app: Hono<AppEnv>, options: DriverRouteOptions): ApiRouter {
  const { segmentResults } = options
  const api = new ApiRouter(app, '/api/v1')
  const tags = ['key drivers']

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/drivers',
      tags,
      params: workspaceParams,
      query: driversQuery,
      response: workspaceDriversSchema,
      summary:
        "A battery's dimensions as drivers of NPS, CSAT or repurchase intent: relative weights with bootstrap intervals, Shapley weights, betas, R², n; importance × performance per group",
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json(await getWorkspaceDrivers(c.var.db, access, { ...query, segmentResults }))
    },
  )
  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/drivers.csv',
      tags,
      params: workspaceParams,
      query: driversQuery,
      responseType: 'text/csv',
      response: z.string(),
      summary:
        'The key drivers table as CSV: driver, weight, share, shapley, beta, ci_low, ci_high, mean, n, r2',
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const { overall } = await getWorkspaceDrivers(c.var.db, access, { ...query, segmentResults })
      const header = ['driver', 'weight', 'share', 'shapley', 'beta', 'ci_low', 'ci_high', 'mean', 'n', 'r2']
      return csvDownload(c, 'drivers.csv', header, once(overall), (d: KeyDrivers['drivers'][number]) => [
        d.driver,
        d.weight,
        d.share,
        d.shapley,
        d.beta,
        d.ciLow,
        d.ciHigh,
        d.mean,
        overall?.n,
        overall?.r2,
      ])
    },
  )
  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/drivers/profiles',
      tags,
      params: workspaceParams,
      query: z.object({ battery, groupBy }),
      response: profileSchema,
      summary:
        'Mean of each battery dimension per segment, org unit or touchpoint; commitment groups held without attachment are flagged',
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json(await getBatteryProfile(c.var.db, access, query.battery, query.groupBy, segmentResults))
    },
  )
  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/drivers/profiles.csv',
      tags,
      params: workspaceParams,
      query: z.object({ battery, groupBy }),
      responseType: 'text/csv',
      response: z.string(),
      summary: 'The profile table as CSV: group, n, one column per dimension, held_without_attachment',
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const profile = await getBatteryProfile(c.var.db, access, query.battery, query.groupBy, segmentResults)
      const header = ['group', 'n', ...profile.dimensions, 'held_without_attachment']
      return csvDownload(c, 'profiles.csv', header, batchOf(profile.groups), (g) => [
        g.label ?? g.group ?? '',
        g.n,
        ...profile.dimensions.map((d) => g.means[d] ?? null),
        String(g.heldWithoutAttachment),
      ])
    },
  )
  const profilesOrder = {
    ...sortQuery(profileSorts, 'newest answer first'),
    dimension: dimensionName.optional().describe('the dimension whose mean `sort=dimension` sorts by'),
  }
  const customersQuery = pagingQuery().extend({ battery, ...profilesOrder })
  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/drivers/profiles/customers',
      tags,
      params: workspaceParams,
      query: customersQuery,
      response: pageOf(customerProfileSchema).extend({ battery: z.string() }),
      summary:
        "Each customer's profile: the dimension means of their latest battery answer, newest first or sorted",
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const page = await listCustomerProfiles(c.var.db, access, query.battery, profileOrder(query))
      return c.json({
        battery: query.battery,
        total: page.total,
        limit: query.limit,
        offset: query.offset,
        items: page.items.map((i) => ({ ...i, answeredAt: i.answeredAt.toISOString() })),
      })
    },
  )
  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/drivers/profiles/customers.csv',
      tags,
      params: workspaceParams,
      query: z.object({ battery, ...profilesOrder }),
      responseType: 'text/csv',
      response: z.string(),
      summary:
        "Every customer's profile as CSV, in the list's order: external id, name, answered at, one column per dimension",
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const db = c.var.db
      const order = profileOrder(query)
      const first = await listCustomerProfiles(db, access, query.battery, { ...order, limit: 1, offset: 0 })
      const dimensions = orderDimensions(query.battery, Object.keys(first.items[0]?.scores ?? {}))
      async function* pages() {
        for (let offset = 0; ; offset += 1000) {
          const page = await listCustomerProfiles(db, access, query.battery, {
            ...order,
            limit: 1000,
            offset,
          })
          if (page.items.length) yield page.items
          if (page.items.length < 1000) return
        }
      }
      const header = ['external_id', 'name', 'answered_at', ...dimensions]
      return csvDownload(c, 'customer-profiles.csv', header, pages(), (p) => [
        p.externalId,
        p.name ?? '',
        p.answeredAt.toISOString(),
        ...dimensions.map((d) => p.scores[d] ?? null),
      ])
    },
  )
  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/drivers/profiles/customers/:customerId',
      tags,
      params: paramsWith('customerId'),
      response: customerProfilesSchema,
      summary:
        "One customer's five-commitment profile (flagged when held without attachment) and six-forces profile, from their latest answers",
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const profiles = isUuid(params.customerId)
        ? await getCustomerProfiles(c.var.db, access, params.customerId)
        : null
      if (!profiles) throw notFound('customer')
      const iso = <T extends { answeredAt: Date }>(b: T | null) =>
        b && { ...b, answeredAt: b.answeredAt.toISOString() }
      return c.json({ ...profiles, commitment: iso(profiles.commitment), forces: iso(profiles.forces) })
    },
  )
  return api
}

/** The list's order from the query; sorting by a dimension needs the dimension's name. */
function profileOrder<Q extends ProfileOrder>(query: Q): Q {
  if (query.sort === 'dimension' && !query.dimension)
    throw badRequest('query: dimension: name the dimension to sort by', [
      { field: 'dimension', message: 'name the dimension to sort by' },
    ])
  return query
}

async function* batchOf<T>(items: T[]): AsyncIterable<T[]> {
  if (items.length) yield items
}

async function* once(overall: KeyDrivers | null): AsyncIterable<KeyDrivers['drivers']> {
  if (overall) yield overall.drivers
}
