import { z } from 'zod'
import { audited } from '../access/audit.js'
import { authorizeWorkspace } from '../access/authenticate.js'
import { DomainError } from '../errors/domain-error.js'
import type { ApiRouter } from '../http/api-router.js'
import { notFound } from '../http/errors.js'
import { sortQuery } from '../http/order-by.js'
import { pagingQuery, paramsWith, workspaceParams } from '../http/route-params.js'
import { getEventRules, recordActBatch, setEventRules } from './act-sources.js'
import {
  getActRules,
  listActsWaiting,
  listValuableNeverThanked,
  recordAct,
  setActRules,
  thankAct,
  waitingSorts,
} from './acts.js'
import {
  actBody,
  actJson,
  actKindSchema,
  actRulesSchema,
  actSchema,
  plainText,
  thankBody,
} from './schemas.js'

export const eventRulesSchema = z.object({
  rules: z.array(z.object({ eventType: plainText(100), actKind: actKindSchema })).max(100),
})

const batchOutcomeSchema = z.object({
  index: z.number().int(),
  status: z.enum(['created', 'existing', 'invalid']),
  act: actSchema.optional(),
  field: z.string().optional(),
  message: z.string().optional(),
})

const actParams = paramsWith('actId')
const base = '/workspaces/:workspaceId/loyalty'

/** Acts of loyalty: record them, the thank-you queue, thanks given, and the points (if any) each kind earns. */
export function addActRoutes(api: ApiRouter): void {
  const tags = ['loyalty']

  api.route(
    {
      method: 'post',
      path: `${base}/acts`,
      tags,
      params: workspaceParams,
      body: actBody,
      summary: 'Record an act of loyalty (again with the same kind and source id: the act there, 200)',
      response: actSchema,
      status: 201,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      const recorded = await recordAct(
        c.var.db,
        access,
        { ...body, occurredAt: new Date(body.occurredAt) },
        c.var.now(),
      )
      if (!recorded) throw notFound('customer')
      return c.json(actJson(recorded.act), recorded.created ? 201 : 200)
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/acts/waiting`,
      tags,
      params: workspaceParams,
      query: pagingQuery().extend({
        customerId: plainText(100).optional(),
        ...sortQuery(waitingSorts, 'oldest first; ties by act id'),
      }),
      summary:
        'Acts waiting for a thank-you, oldest first or sorted (of one customer, when customerId is given)',
      response: z.object({ items: z.array(actSchema) }),
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const acts = await listActsWaiting(c.var.db, access, query)
      return c.json({ items: acts.map(actJson) })
    },
  )

  api.route(
    {
      method: 'post',
      path: `${base}/acts/:actId/thanks`,
      tags,
      params: actParams,
      body: thankBody,
      summary: 'Record the thanks given for an act: from whom, in what words',
      response: actSchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      const act = await thankAct(c.var.db, access, params.actId, body, c.var.now())
      if (!act) throw notFound('act')
      return c.json(actJson(act))
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/act-rules`,
      tags,
      params: workspaceParams,
      summary: 'Points each kind of act earns (most earn thanks only)',
      response: actRulesSchema,
    },
    async (c, { params }) => {
      await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const rules = await getActRules(c.var.db, params.workspaceId)
      return c.json({ points: Object.fromEntries(Object.entries(rules).map(([k, v]) => [k, Number(v)])) })
    },
  )

  api.route(
    {
      method: 'put',
      path: `${base}/act-rules`,
      tags,
      params: workspaceParams,
      body: actRulesSchema,
      summary: 'Set the points each kind of act earns',
      response: actRulesSchema,
    },
    async (c, { params, body }) => {
      // The program's rules hold in every unit, so a member limited to one may not change them.
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage', {
        wholeWorkspace: true,
      })
      const rules = Object.fromEntries(Object.entries(body.points).map(([k, v]) => [k, BigInt(v ?? 0)]))
      await audited(c.var.db, (tx) => setActRules(tx, params.workspaceId, rules), {
        workspaceId: params.workspaceId,
        actor: access.actor,
        action: 'loyalty.act_rules_changed',
        entityType: 'workspace',
        entityId: params.workspaceId,
        details: body,
      })
      return c.json(body)
    },
  )

  api.route(
    {
      method: 'post',
      path: `${base}/acts/batch`,
      tags,
      params: workspaceParams,
      body: z.object({ items: z.array(z.unknown()).min(1).max(1000) }),
      summary:
        'Record up to 1,000 acts (an import); each item stands alone: a bad one is reported, the others stored',
      response: z.object({ items: z.array(batchOutcomeSchema) }),
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      const outcomes = await recordActBatch(c.var.db, access, body.items, c.var.now())
      return c.json({
        items: outcomes.map((o) =>
          'act' in o ? { index: o.index, status: o.status, act: actJson(o.act) } : o,
        ),
      })
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/event-rules`,
      tags,
      params: workspaceParams,
      summary: 'Which event types are acts of which kind (recorded by a job every ten minutes)',
      response: eventRulesSchema,
    },
    async (c, { params }) => {
      await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json({ rules: await getEventRules(c.var.db, params.workspaceId) })
    },
  )

  api.route(
    {
      method: 'put',
      path: `${base}/event-rules`,
      tags,
      params: workspaceParams,
      body: eventRulesSchema,
      summary: 'Replace the event rules: an event of the type becomes an act of the kind',
      response: eventRulesSchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage', {
        wholeWorkspace: true,
      })
      const types = body.rules.map((r) => r.eventType)
      const twice = types.findIndex((t, i) => types.indexOf(t) !== i)
      if (twice >= 0)
        throw new DomainError('invalid', 'an event type may have one rule', `rules.${twice}.eventType`)
      await audited(c.var.db, (tx) => setEventRules(tx, params.workspaceId, body.rules), {
        workspaceId: params.workspaceId,
        actor: access.actor,
        action: 'loyalty.event_rules_changed',
        entityType: 'workspace',
        entityId: params.workspaceId,
        details: body,
      })
      return c.json({ rules: await getEventRules(c.var.db, params.workspaceId) })
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/never-thanked`,
      tags,
      params: workspaceParams,
      query: pagingQuery(),
      summary: 'Valuable customers (revenue class A) never thanked for anything, most valuable first',
      response: z.object({
        items: z.array(
          z.object({
            customerId: z.string(),
            externalId: z.string(),
            name: z.string().nullable(),
            monetary: z.string(),
            frequency: z.number().int(),
            actsWaiting: z.number().int(),
          }),
        ),
      }),
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json({ items: await listValuableNeverThanked(c.var.db, access, query) })
    },
  )
}
