import type { Hono } from 'hono'
import { z } from 'zod'
import { authorizeWorkspace } from '../access/authenticate.js'
import { settingRoutes } from '../access/workspace-setting.js'
import { ApiRouter } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { notFound } from '../http/errors.js'
import { paramsWith } from '../http/route-params.js'
import { eraseCustomer, exportCustomerData } from './customer-data.js'
import { getRetention, setRetention } from './queries.js'

const row = z.record(z.string(), z.unknown())
const exportSchema = z.object({
  exportedAt: z.string(),
  customer: row,
  orders: z.array(row),
  events: z.array(row),
  responses: z.array(row),
  invitations: z.array(row),
  unsubscribes: z.array(row),
  /** Membership of the loyalty program with its ledger, or null when not enrolled. */
  loyalty: row.nullable(),
  acts: z.array(row),
})
const retentionSchema = z.object({
  /** Days after which free-text answers are removed; null keeps them until the customer is erased. */
  commentRetentionDays: z.number().int().min(1).max(3650).nullable(),
})

/** Data rights: a customer's data as JSON, erasure, and how long comments are kept. */
export function privacyRoutes(app: Hono<AppEnv>): ApiRouter {
  const api = new ApiRouter(app, '/api/v1')
  const tags = ['privacy']

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/customers/:customerId/export',
      tags,
      params: paramsWith('customerId'),
      summary: 'Everything held about one customer, as JSON (subject access request)',
      response: exportSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage')
      const data = await exportCustomerData(c.var.db, access, params.customerId)
      if (!data) throw notFound('customer')
      c.header('content-disposition', `attachment; filename="customer-${params.customerId}.json"`)
      return c.json(data)
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/customers/:customerId/erase',
      tags,
      params: paramsWith('customerId'),
      body: z.object({ reason: z.string().trim().max(500).optional() }),
      summary: "Erase a customer's personal data; orders and scores stay, anonymous",
      response: z.object({ customerId: z.string(), erasedAt: z.string() }),
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage')
      const erased = await eraseCustomer(c.var.db, access, params.customerId, body.reason)
      if (!erased) throw notFound('customer')
      return c.json(erased)
    },
  )

  settingRoutes(api, {
    path: '/privacy/settings',
    tags,
    summary: { read: 'How long raw comments are kept', change: 'Set how long raw comments are kept' },
    schema: retentionSchema,
    entityType: 'privacy_settings',
    load: async (db, workspaceId) => ({ commentRetentionDays: await getRetention(db, workspaceId) }),
    save: async (tx, workspaceId, input) => {
      await setRetention(tx, workspaceId, input.commentRetentionDays)
      return input
    },
  })
  return api
}
