import { z } from 'zod'
import { authorizeWorkspace } from '../access/authenticate.js'
import type { ApiRouter } from '../http/api-router.js'
import { csvDownload } from '../http/csv-download.js'
import { sortQuery } from '../http/order-by.js'
import { pageOf, pagingQuery, workspaceParams } from '../http/route-params.js'
import { allMembers, listMembers, type MemberRow, memberSorts } from './member-list.js'
import { getProgramHealth } from './program-health.js'
import { plainText } from './schemas.js'

const base = '/workspaces/:workspaceId/loyalty'
const decimal = z.string()

export const programHealthSchema = z.object({
  currency: z.string(),
  pointValue: decimal.nullable(),
  days: z.number().int(),
  members: z.number().int(),
  engaged: z.number().int(),
  redeemingOnly: z.number().int(),
  engagedShare: decimal.nullable(),
  liability: z.object({ points: decimal, value: decimal.nullable() }),
  issued: z.object({
    points: decimal,
    cost: decimal.nullable(),
    revenue: decimal,
    costShare: decimal.nullable(),
  }),
  tierMovements: z.array(
    z.object({ month: z.string(), upgrades: z.number().int(), downgrades: z.number().int() }),
  ),
})

export const memberRowSchema = z.object({
  customerId: z.string(),
  externalId: z.string(),
  name: z.string().nullable(),
  enrolledAt: z.string(),
  tierCode: z.string().nullable(),
  tierName: z.string().nullable(),
  balance: decimal,
  engagementScore: z.number().int(),
  lastActAt: z.string().nullable(),
})

export const memberListSchema = pageOf(memberRowSchema)

const memberFilter = z.object({
  /** A tier's code, or '-' for members without a tier. */
  tier: plainText(50).optional(),
  ...sortQuery(memberSorts, 'best tier first'),
})

const rowJson = (r: MemberRow): z.infer<typeof memberRowSchema> => ({
  ...r,
  enrolledAt: r.enrolledAt.toISOString(),
  lastActAt: r.lastActAt?.toISOString() ?? null,
})

/** What the loyalty dashboard reads beyond the ledger: the program's health and the members table. */
export function addDashboardRoutes(api: ApiRouter): void {
  const tags = ['loyalty']

  api.route(
    {
      method: 'get',
      path: `${base}/health`,
      tags,
      params: workspaceParams,
      query: z.object({ days: z.coerce.number().int().min(1).max(3660).default(365) }),
      summary:
        'Program health over the last days: members engaging beyond points, tier movements, points liability, cost of points against revenue',
      response: programHealthSchema,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json(await getProgramHealth(c.var.db, access, query.days, c.var.now()))
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/members`,
      tags,
      params: workspaceParams,
      query: pagingQuery().extend(memberFilter.shape),
      summary: 'Members, best tier first: tier, spendable points, engagement score, last act of loyalty',
      response: memberListSchema,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const { items, total } = await listMembers(c.var.db, access, query, c.var.now())
      return c.json({ items: items.map(rowJson), total, limit: query.limit, offset: query.offset })
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/members.csv`,
      tags,
      params: workspaceParams,
      query: memberFilter,
      summary: 'The members table as CSV',
      responseType: 'text/csv',
      response: z.string(),
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const header = [
        'customer_id',
        'name',
        'tier',
        'balance',
        'engagement_score',
        'last_act_at',
        'enrolled_at',
      ]
      return csvDownload(
        c,
        'loyalty-members.csv',
        header,
        allMembers(c.var.db, access, query, c.var.now()),
        (r) => [
          r.externalId,
          r.name,
          r.tierCode ?? '',
          r.balance,
          r.engagementScore,
          r.lastActAt?.toISOString() ?? '',
          r.enrolledAt.toISOString(),
        ],
      )
    },
  )
}
