import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi'
import type { Context, Hono } from 'hono'
import { z } from 'zod'
import { audited } from '../access/audit.js'
import { authorizeWorkspace } from '../access/authenticate.js'
import type { Permission } from '../access/roles.js'
import type { WorkspaceAccess } from '../access/workspace-access.js'
import { settingRoutes } from '../access/workspace-setting.js'
import { isUuid } from '../db/is-uuid.js'
import { ApiRouter } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { notFound } from '../http/errors.js'
import { paramsWith, workspaceParams } from '../http/route-params.js'
import { addActRoutes } from './act-routes.js'
import { creditCustomer } from './credit-batcher.js'
import { addDashboardRoutes } from './dashboard-routes.js'
import { addEngagementRoutes } from './engagement-routes.js'
import { creditCustomers, getBalance, listEntries, listLots, redeemMember, reversePoints } from './ledger.js'
import { memberViewRoutes } from './member-view-routes.js'
import { enrollMember, findMember, getProgram, type Member, memberOfCustomer, setProgram } from './members.js'
import { addReferralRoutes } from './referral-routes.js'
import {
  creditBody,
  entriesPage,
  entriesQuery,
  entryJson,
  entrySchema,
  lotJson,
  lotSchema,
  memberDetailSchema,
  memberJson,
  memberSchema,
  plainText,
  redeemBody,
  reverseBody,
  settingsInput,
  settingsSchema,
  tierRulesSchema,
} from './schemas.js'
import { getMemberTier, getTierRules, setTierRules } from './tiers.js'

const memberParams = paramsWith('customerId')
const base = '/workspaces/:workspaceId/loyalty'
const memberPath = `${base}/members/:customerId`

/** The member of a customer the caller may see, or 404 (as for a customer outside their org unit). */
async function memberFor(
  c: Context<AppEnv>,
  params: z.infer<typeof memberParams>,
  permission: Permission,
): Promise<{ access: WorkspaceAccess; member: Member }> {
  const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, permission)
  const member = await findMember(c.var.db, access, params.customerId)
  if (!member) throw notFound('loyalty member')
  return { access, member }
}

/** The loyalty program: settings, members, and the points ledger (credit, redeem, reverse, entries). */
export function loyaltyRoutes(app: Hono<AppEnv>): { registry: OpenAPIRegistry } {
  const api = new ApiRouter(app, '/api/v1')
  const tags = ['loyalty']

  settingRoutes(api, {
    path: '/loyalty/settings',
    tags,
    summary: {
      read: 'Program settings: how many days points last',
      change: 'Set how many days credited points last (null: they never expire) and what a point is worth',
    },
    schema: settingsSchema,
    input: settingsInput,
    entityType: 'loyalty_settings',
    load: getProgram,
    save: async (tx, workspaceId, input) => {
      await setProgram(tx, workspaceId, input)
      return getProgram(tx, workspaceId)
    },
  })

  api.route(
    {
      method: 'get',
      path: `${base}/tiers`,
      tags,
      params: workspaceParams,
      summary:
        'Status tiers: what earns each over the rolling window, and the grace period before a downgrade',
      response: tierRulesSchema,
    },
    async (c, { params }) => {
      await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json(await getTierRules(c.var.db, params.workspaceId))
    },
  )

  api.route(
    {
      method: 'put',
      path: `${base}/tiers`,
      tags,
      params: workspaceParams,
      body: tierRulesSchema,
      summary: 'Replace the status tiers, their window and grace period',
      response: tierRulesSchema,
    },
    async (c, { params, body }) => {
      // The program's rules hold in every unit, so a member limited to one may not change them.
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage', {
        wholeWorkspace: true,
      })
      await audited(c.var.db, (tx) => setTierRules(tx, params.workspaceId, body), {
        workspaceId: params.workspaceId,
        actor: access.actor,
        action: 'loyalty.tiers_changed',
        entityType: 'workspace',
        entityId: params.workspaceId,
        details: body,
      })
      return c.json(await getTierRules(c.var.db, params.workspaceId))
    },
  )

  api.route(
    {
      method: 'post',
      path: `${base}/members`,
      tags,
      params: workspaceParams,
      body: z.object({ customerId: plainText(100) }),
      summary: 'Enroll a customer in the program (again: the same member, 200)',
      response: memberSchema,
      status: 201,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      const enrolled = await enrollMember(c.var.db, access, body.customerId, c.var.now())
      if (!enrolled) throw notFound('customer')
      const balance = await getBalance(c.var.db, enrolled.member.id, c.var.now())
      return c.json(memberJson(enrolled.member, balance), enrolled.created ? 201 : 200)
    },
  )

  api.route(
    {
      method: 'get',
      path: memberPath,
      tags,
      params: memberParams,
      summary: "A member and the points they can spend now (the sum of their lots' remaining points)",
      response: memberDetailSchema,
    },
    async (c, { params }) => {
      const { member } = await memberFor(c, params, 'read')
      const now = c.var.now()
      const balance = await getBalance(c.var.db, member.id, now)
      const lots = await listLots(c.var.db, member.id)
      const tier = await getMemberTier(c.var.db, member.id)
      return c.json({
        ...memberJson(member, balance),
        tier: tier && {
          ...tier,
          since: tier.since?.toISOString() ?? null,
          belowSince: tier.belowSince?.toISOString() ?? null,
        },
        lots: lots.map(lotJson),
      })
    },
  )

  api.route(
    {
      method: 'get',
      path: `${memberPath}/entries`,
      tags,
      params: memberParams,
      query: entriesQuery,
      summary: "A member's ledger entries, newest first or sorted, a page at a time",
      response: entriesPage,
    },
    async (c, { params, query }) => {
      const { member } = await memberFor(c, params, 'read')
      const entries = await listEntries(c.var.db, member.id, query)
      const last = entries.at(-1)
      return c.json({
        entries: entries.map(entryJson),
        nextBefore: entries.length === query.limit && last ? String(last.seq) : null,
      })
    },
  )

  api.route(
    {
      method: 'post',
      path: `${memberPath}/credits`,
      tags,
      params: memberParams,
      body: creditBody,
      summary: 'Credit points as a lot; the same source event and rule again returns the lot there (200)',
      response: lotSchema,
      status: 201,
    },
    async (c, { params, body }) => {
      // The hot path: authorization, then one statement finds the member, the program's expiry and credits.
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      if (!isUuid(params.customerId)) throw notFound('loyalty member')
      const credit = {
        ...body,
        customerId: params.customerId,
        expiresAt:
          body.expiresAt === undefined
            ? 'program'
            : body.expiresAt === null
              ? null
              : new Date(body.expiresAt),
        actor: access.actor,
        now: c.var.now(),
      } as const
      // A caller who sees the whole workspace shares a statement with the credits arriving alongside.
      const credited =
        access.unitPath === null
          ? await creditCustomer(c.var.db, access.workspaceId, credit)
          : await (await creditCustomers(c.var.db, access, [credit]))[0]
      if (!credited) throw notFound('loyalty member')
      return c.json(lotJson(credited.lot), credited.created ? 201 : 200)
    },
  )

  api.route(
    {
      method: 'post',
      path: `${memberPath}/redemptions`,
      tags,
      params: memberParams,
      body: redeemBody,
      summary: 'Spend points, soonest-to-expire first; 409 insufficient_points when the balance is short',
      response: entrySchema,
      status: 201,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      if (!isUuid(params.customerId)) throw notFound('loyalty member')
      const redeemed = await redeemMember(c.var.db, memberOfCustomer(access, params.customerId), {
        ...body,
        actor: access.actor,
        now: c.var.now(),
      })
      if (!redeemed) throw notFound('loyalty member')
      return c.json(entryJson(redeemed.entry), redeemed.created ? 201 : 200)
    },
  )

  api.route(
    {
      method: 'post',
      path: `${memberPath}/reversals`,
      tags,
      params: memberParams,
      body: reverseBody,
      summary:
        'Take back points earned on a refunded or cancelled source: floor(refund / order amount × points earned)',
      response: entrySchema,
      status: 201,
    },
    async (c, { params, body }) => {
      const { access, member } = await memberFor(c, params, 'write')
      const { entry, created } = await reversePoints(c.var.db, {
        ...body,
        memberId: member.id,
        actor: access.actor,
        now: c.var.now(),
      })
      return c.json(entryJson(entry), created ? 201 : 200)
    },
  )
  addActRoutes(api)
  addReferralRoutes(api)
  addEngagementRoutes(api)
  addDashboardRoutes(api)
  const publicApi = memberViewRoutes(app, api)
  return { registry: new OpenAPIRegistry([api.registry, publicApi.registry]) }
}
