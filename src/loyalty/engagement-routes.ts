import { z } from 'zod'
import { authorizeWorkspace } from '../access/authenticate.js'
import type { ApiRouter } from '../http/api-router.js'
import { notFound } from '../http/errors.js'
import { pagingQuery, paramsWith, workspaceParams } from '../http/route-params.js'
import { actKinds } from './acts.js'
import { getEngagement, listEngaged } from './engagement.js'

const base = '/workspaces/:workspaceId/loyalty/engagement'

export const engagementSchema = z.object({
  customerId: z.string(),
  score: z.number().int(),
  parts: z.object({
    acts: z.object({
      points: z.number().int(),
      count: z.number().int(),
      byKind: z.partialRecord(z.enum(actKinds), z.number().int()),
    }),
    feedback: z.object({ points: z.number().int(), responses: z.number().int() }),
    habit: z.object({ points: z.number().int(), state: z.enum(['steady', 'irregular', 'broken', 'none']) }),
  }),
})

/** Engagement scores: one customer's, explained, and the customers at or above a score (an audience). */
export function addEngagementRoutes(api: ApiRouter): void {
  const tags = ['loyalty']

  api.route(
    {
      method: 'get',
      path: base,
      tags,
      params: workspaceParams,
      query: pagingQuery().extend({ minScore: z.coerce.number().int().min(0).max(100).default(1) }),
      summary: 'Customers whose engagement score is at least minScore, highest first, each with its parts',
      response: z.object({ items: z.array(engagementSchema) }),
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json({ items: await listEngaged(c.var.db, access, query, c.var.now()) })
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/:customerId`,
      tags,
      params: paramsWith('customerId'),
      summary:
        "A customer's engagement score (0–100) over the last year and the parts that made it: acts, feedback, habit",
      response: engagementSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const engagement = await getEngagement(c.var.db, access, params.customerId, c.var.now())
      if (!engagement) throw notFound('customer')
      return c.json(engagement)
    },
  )
}
