import type { Hono } from 'hono'
import { audited } from '../access/audit.js'
import { authorizeWorkspace } from '../access/authenticate.js'
import { customerInUnit } from '../access/unit-scope.js'
import { ApiRouter } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { badRequest, notFound } from '../http/errors.js'
import { privateHostReason } from '../http/outbound.js'
import { pagingQuery, workspaceParams } from '../http/route-params.js'
import { getCaseContext, type ReadCustomerContext } from './case-context.js'
import {
  addNote,
  assignCases,
  changeCase,
  customerConversation,
  getCase,
  listCases,
  openCase,
  recordReply,
} from './cases.js'
import { receiveInboundEmail, sendCaseReply } from './conversation.js'
import { replyAddress, type SendReply } from './reply-email.js'
import {
  assignBody,
  assignedSchema,
  caseChangeBody,
  caseContextSchema,
  caseDetailSchema,
  caseListQuery,
  casePageSchema,
  caseParams,
  caseSchema,
  caseSettingsResponse,
  conversationSchema,
  createdEndpointSchema,
  customerParams,
  deliveryPageSchema,
  deliveryParams,
  endpointListSchema,
  endpointParams,
  inboundParams,
  inboundResultSchema,
  newCaseBody,
  noteBody,
  replayedSchema,
  replyBody,
} from './schemas.js'
import { caseSettingsSchema, getCaseSettings, getInboundToken, setCaseSettings } from './settings.js'
import { listDeliveries, replayDelivery } from './webhook-delivery.js'
import { createEndpoint, deleteEndpoint, endpointInputSchema, listEndpoints } from './webhooks.js'

export interface CaseRouteOptions {
  /** Sends a reply by e-mail (the workspace's SMTP setup). */
  sendReply: SendReply
  /** The domain of reply+… addresses. */
  inboundDomain: string
  /** Accept webhook endpoints on private addresses (RAPPORT_WEBHOOK_ALLOW_PRIVATE). */
  allowPrivateWebhooks: boolean
  /** The customer's scores, segment, CLV and last touchpoints (other capabilities' data). */
  readCustomerContext: ReadCustomerContext
}

/** Cases (inbox, case page, changes, notes, replies), case settings, webhook endpoints and the inbound relay. */
export function caseRoutes(app: Hono<AppEnv>, options: CaseRouteOptions): ApiRouter {
  const api = new ApiRouter(app, '/api/v1')
  const tags = ['cases']
  const base = '/workspaces/:workspaceId/cases'
  const one = `${base}/:caseId`

  api.route(
    {
      method: 'get',
      path: base,
      tags,
      params: workspaceParams,
      query: caseListQuery,
      summary: 'The case inbox: filters by status, owner (me, unassigned, a user), unit, priority, breach',
      response: casePageSchema,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const { limit, offset, owner, status, ...filter } = query
      const page = await listCases(
        c.var.db,
        access,
        {
          ...filter,
          status: status ?? ['new', 'in_progress', 'waiting_on_customer'],
          owner: owner === 'me' ? (access.actor.userId ?? 'unassigned') : owner,
        },
        { limit, offset },
      )
      return c.json({ ...page, limit, offset })
    },
  )

  api.route(
    {
      method: 'post',
      path: base,
      tags,
      params: workspaceParams,
      body: newCaseBody,
      status: 201,
      summary: 'Open a case by hand',
      response: caseSchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      if (body.customerId && !(await customerInUnit(c.var.db, access, body.customerId)))
        throw badRequest('customerId: no such customer in your org unit', [
          { field: 'customerId', message: 'no such customer in your org unit' },
        ])
      if (!body.customerId && access.unitPath !== null)
        throw badRequest('customerId: a member limited to an org unit opens cases about its customers', [
          { field: 'customerId', message: 'required for a member limited to an org unit' },
        ])
      const created = await openCase(c.var.db, params.workspaceId, {
        source: 'manual',
        customerId: body.customerId,
        subject: body.subject,
        priority: body.priority,
        ownerUserId: body.ownerUserId ?? null,
        actorUserId: access.actor.userId,
        note: body.note ?? null,
      })
      const k = await getCase(c.var.db, access, created!.id)
      return c.json(k, 201)
    },
  )

  api.route(
    {
      method: 'post',
      path: `${base}/assign`,
      tags,
      params: workspaceParams,
      body: assignBody,
      summary: 'Give many cases one owner (null: nobody)',
      response: assignedSchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      const changed = await assignCases(c.var.db, access, access.actor.userId, body.caseIds, body.ownerUserId)
      return c.json({ changed })
    },
  )

  api.route(
    {
      method: 'get',
      path: one,
      tags,
      params: caseParams,
      summary: 'A case with its SLA clock and full history',
      response: caseDetailSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const k = await getCase(c.var.db, access, params.caseId)
      if (!k) throw notFound('case')
      return c.json(k)
    },
  )

  api.route(
    {
      method: 'get',
      path: `${one}/context`,
      tags,
      params: caseParams,
      summary: "The case's customer context: scores over time, segment, CLV, last touchpoints, earlier cases",
      response: caseContextSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const context = await getCaseContext(c.var.db, access, params.caseId, options.readCustomerContext)
      if (!context) throw notFound('case')
      return c.json(context)
    },
  )

  api.route(
    {
      method: 'patch',
      path: one,
      tags,
      params: caseParams,
      body: caseChangeBody,
      summary: 'Change status, priority or owner; resolving and closing take a resolution summary',
      response: caseDetailSchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      await changeCase(c.var.db, access, access.actor.userId, params.caseId, body)
      return c.json(await getCase(c.var.db, access, params.caseId))
    },
  )

  api.route(
    {
      method: 'post',
      path: `${one}/notes`,
      tags,
      params: caseParams,
      body: noteBody,
      status: 201,
      summary: 'Add an internal note (never shown to the customer)',
      response: caseDetailSchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      await addNote(c.var.db, access, access.actor.userId, params.caseId, body.body)
      return c.json(await getCase(c.var.db, access, params.caseId), 201)
    },
  )

  api.route(
    {
      method: 'post',
      path: `${one}/replies`,
      tags,
      params: caseParams,
      body: replyBody,
      status: 201,
      summary:
        'Reply to the customer by e-mail in their language (or log a phone reply); their answer comes back here',
      response: caseDetailSchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      if (body.channel === 'email')
        await sendCaseReply(c.var.db, access, access.actor.userId, params.caseId, body.body, {
          send: options.sendReply,
          inboundDomain: options.inboundDomain,
        })
      else
        await recordReply(c.var.db, access, access.actor.userId, params.caseId, {
          body: body.body,
          channel: 'phone',
        })
      return c.json(await getCase(c.var.db, access, params.caseId), 201)
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/case-conversations/:customerId',
      tags,
      params: customerParams,
      summary: "The customer's conversation across their cases, for their timeline",
      response: conversationSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      if (!(await customerInUnit(c.var.db, access, params.customerId))) throw notFound('customer')
      return c.json({ items: await customerConversation(c.var.db, access, params.customerId) })
    },
  )

  const settingsPath = '/workspaces/:workspaceId/case-settings'
  const settingsAnswer = async (db: Parameters<typeof getCaseSettings>[0], workspaceId: string) => {
    const token = await getInboundToken(db, workspaceId)
    return {
      ...(await getCaseSettings(db, workspaceId)),
      inboundAddress: replyAddress('<case>', token, options.inboundDomain),
      inboundRelayPath: `/api/v1/public/inbound-email/${token}`,
    }
  }
  api.route(
    {
      method: 'get',
      path: settingsPath,
      tags,
      params: workspaceParams,
      summary: 'Business calendar, SLA targets by priority, case rules, and the inbound address',
      response: caseSettingsResponse,
    },
    async (c, { params }) => {
      await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json(await settingsAnswer(c.var.db, params.workspaceId))
    },
  )
  api.route(
    {
      method: 'put',
      path: settingsPath,
      tags,
      params: workspaceParams,
      body: caseSettingsSchema,
      summary: 'Set the business calendar, SLA targets and case rules',
      response: caseSettingsResponse,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage', {
        wholeWorkspace: true,
      })
      await audited(c.var.db, (tx) => setCaseSettings(tx, params.workspaceId, body), {
        workspaceId: params.workspaceId,
        actor: access.actor,
        action: 'update',
        entityType: 'case_settings',
        details: { rules: body.rules.length, timeZone: body.calendar.timeZone },
      })
      return c.json(await settingsAnswer(c.var.db, params.workspaceId))
    },
  )

  const hooks = '/workspaces/:workspaceId/webhook-endpoints'
  api.route(
    {
      method: 'get',
      path: hooks,
      tags,
      params: workspaceParams,
      summary: 'Outgoing webhook endpoints',
      response: endpointListSchema,
    },
    async (c, { params }) => {
      await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage', { wholeWorkspace: true })
      return c.json({ items: await listEndpoints(c.var.db, params.workspaceId) })
    },
  )
  api.route(
    {
      method: 'post',
      path: hooks,
      tags,
      params: workspaceParams,
      body: endpointInputSchema,
      status: 201,
      summary: 'Add an endpoint (JSON events or Slack-compatible alerts); its signing secret is shown once',
      response: createdEndpointSchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage', {
        wholeWorkspace: true,
      })
      const inside = options.allowPrivateWebhooks ? undefined : privateHostReason(body.url)
      if (inside)
        throw badRequest(`body: url: ${inside}; webhooks go to public receivers`, [
          { field: 'url', message: inside },
        ])
      const endpoint = await audited(
        c.var.db,
        (tx) => createEndpoint(tx, params.workspaceId, body),
        (created) => ({
          workspaceId: params.workspaceId,
          actor: access.actor,
          action: 'create',
          entityType: 'webhook_endpoint',
          entityId: created.id,
          details: { url: created.url, events: created.events },
        }),
      )
      return c.json(endpoint, 201)
    },
  )
  api.route(
    {
      method: 'delete',
      path: `${hooks}/:endpointId`,
      tags,
      params: endpointParams,
      status: 204,
      summary: 'Remove an endpoint',
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage', {
        wholeWorkspace: true,
      })
      await audited(c.var.db, (tx) => deleteEndpoint(tx, params.workspaceId, params.endpointId), {
        workspaceId: params.workspaceId,
        actor: access.actor,
        action: 'delete',
        entityType: 'webhook_endpoint',
        entityId: params.endpointId,
      })
      return c.body(null, 204)
    },
  )
  api.route(
    {
      method: 'get',
      path: `${hooks}/:endpointId/deliveries`,
      tags,
      params: endpointParams,
      query: pagingQuery(200),
      summary: "An endpoint's delivery log: every event, its attempts and the receiver's last answer",
      response: deliveryPageSchema,
    },
    async (c, { params, query }) => {
      await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage', { wholeWorkspace: true })
      const page = await listDeliveries(
        c.var.db,
        params.workspaceId,
        params.endpointId,
        query.limit,
        query.offset,
      )
      return c.json({ ...page, ...query })
    },
  )
  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/webhook-deliveries/:deliveryId/replay',
      tags,
      params: deliveryParams,
      status: 202,
      summary: 'Send an event again (same event id, fresh signature)',
      response: replayedSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage', {
        wholeWorkspace: true,
      })
      await audited(c.var.db, (tx) => replayDelivery(tx, params.workspaceId, params.deliveryId), {
        workspaceId: params.workspaceId,
        actor: access.actor,
        action: 'replay',
        entityType: 'webhook_delivery',
        entityId: params.deliveryId,
      })
      return c.json({ deliveryId: params.deliveryId, status: 'pending' as const }, 202)
    },
  )

  api.route(
    {
      method: 'post',
      path: '/public/inbound-email/:inboundToken',
      tags,
      params: inboundParams,
      public: true,
      bodyLimit: 10 * 1024 * 1024,
      summary: "Relay: POST a customer's answer as raw MIME (message/rfc822); it lands on its case",
      response: inboundResultSchema,
    },
    async (c, { params }) => {
      const raw = Buffer.from(await c.req.arrayBuffer())
      if (raw.length === 0)
        throw badRequest('body: a raw MIME message is required', [{ field: 'body', message: 'required' }])
      const result = await receiveInboundEmail(c.var.db, raw, params.inboundToken)
      return c.json({ caseId: result?.caseId ?? null, accepted: result !== undefined }, result ? 200 : 404)
    },
  )

  return api
}
