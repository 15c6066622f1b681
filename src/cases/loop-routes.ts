import type { Hono } from 'hono'
import { z } from 'zod'
import { audited } from '../access/audit.js'
import { authorizeWorkspace } from '../access/authenticate.js'
import { ApiRouter } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { csvDownload } from '../http/csv-download.js'
import { notFound } from '../http/errors.js'
import { pagingQuery, workspaceParams } from '../http/route-params.js'
import { getChange, listChanges, notifyChange, recordChange, selectChangeCustomers } from './loop-changes.js'
import type { LoopMail } from './loop-messages.js'
import {
  campaignDetailSchema,
  campaignListSchema,
  campaignParams,
  changeDetailSchema,
  changePageSchema,
  changeParams,
  newCampaignBody,
  newChangeBody,
  notifiedSchema,
  outreachListsSchema,
  recipientChangeBody,
  recipientParams,
  selectedSchema,
  selectionBody,
} from './loop-schemas.js'
import {
  changeRecipient,
  createCampaign,
  getCampaign,
  listCampaigns,
  outreachLists,
  type ReadOutreachList,
  sendCampaign,
} from './outreach.js'

export interface LoopRouteOptions {
  /** The e-mail path and the delivery rules (consent, fatigue). */
  mail: LoopMail
  /** The domain of reply+… addresses. */
  inboundDomain: string
  /** The outreach lists (silent, broken habits, at risk), read by the composition root. */
  readList: ReadOutreachList
}

const DAY = 86_400_000
/** The most customers one campaign takes (newCampaignBody's limit). */
const CAMPAIGN_MAX = 2000

/** "You said, we did" (the log of changes, whom to tell, telling them) and outreach campaigns. */
export function loopRoutes(app: Hono<AppEnv>, options: LoopRouteOptions): ApiRouter {
  const api = new ApiRouter(app, '/api/v1')
  const tags = ['you said, we did']
  const base = '/workspaces/:workspaceId/changes'
  const one = `${base}/:changeId`

  api.route(
    {
      method: 'get',
      path: base,
      tags,
      params: workspaceParams,
      query: pagingQuery(100),
      summary: "The log of changes, each with the told and not-told customers' next scores",
      response: changePageSchema,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const page = await listChanges(c.var.db, access, query)
      return c.json({ ...page, ...query })
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/changes.csv',
      tags,
      params: workspaceParams,
      summary: "The log of changes as CSV, with each group's n and mean next score",
      responseType: 'text/csv',
      response: z.string(),
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const header = [
        'created_at',
        'title',
        'linked_to',
        'metric',
        'notified_at',
        'sent',
        'suppressed',
        'deselected',
        'told_n',
        'told_mean_next',
        'not_told_n',
        'not_told_mean_next',
        'difference',
        'difference_low',
        'difference_high',
      ]
      async function* all() {
        for (let offset = 0; ; offset += 100) {
          const { items } = await listChanges(c.var.db, access, { limit: 100, offset })
          if (items.length === 0) return
          yield items
        }
      }
      return csvDownload(c, 'changes.csv', header, all(), (ch) => {
        const { told, notTold, difference } = ch.comparison
        return [
          ch.createdAt.toISOString(),
          ch.title,
          ch.touchpoint ?? ch.themeWords?.join(' '),
          ch.metric,
          ch.notifiedAt?.toISOString() ?? '',
          ch.counts.sent,
          ch.counts.suppressed,
          ch.counts.deselected,
          told.n,
          told.meanNext ?? '',
          notTold.n,
          notTold.meanNext ?? '',
          difference?.value ?? '',
          difference?.low ?? '',
          difference?.high ?? '',
        ]
      })
    },
  )

  api.route(
    {
      method: 'post',
      path: base,
      tags,
      params: workspaceParams,
      body: newChangeBody,
      status: 201,
      summary: 'Record a change; the customers who raised it with a low score are selected to be told',
      response: changeDetailSchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      const input = {
        title: body.title,
        texts: body.texts,
        touchpoint: body.touchpoint ?? null,
        themeWords: body.themeWords ?? null,
        metric: body.metric,
        raisedSince: body.raisedSince ? new Date(body.raisedSince) : new Date(Date.now() - 90 * DAY),
      }
      const id = await audited(
        c.var.db,
        (tx) => recordChange(tx, access, access.actor.userId, input),
        (changeId) => ({
          workspaceId: params.workspaceId,
          actor: access.actor,
          action: 'create',
          entityType: 'loop_change',
          entityId: changeId,
          details: { title: body.title },
        }),
      )
      return c.json(await getChange(c.var.db, access, id), 201)
    },
  )

  api.route(
    {
      method: 'get',
      path: one,
      tags,
      params: changeParams,
      summary: 'A change with the customers who raised it, whether each was told, and their next scores',
      response: changeDetailSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const change = await getChange(c.var.db, access, params.changeId)
      if (!change) throw notFound('change')
      return c.json(change)
    },
  )

  api.route(
    {
      method: 'post',
      path: `${one}/selection`,
      tags,
      params: changeParams,
      body: selectionBody,
      summary: 'Select or deselect customers not yet told',
      response: selectedSchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      const changed = await selectChangeCustomers(
        c.var.db,
        access,
        params.changeId,
        body.customerIds,
        body.selected,
      )
      return c.json({ changed })
    },
  )

  api.route(
    {
      method: 'post',
      path: `${one}/notify`,
      tags,
      params: changeParams,
      summary: 'Tell the selected customers by e-mail, under the consent and fatigue rules',
      response: notifiedSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      const result = await notifyChange(c.var.db, access, params.changeId, options.mail)
      await audited(c.var.db, async () => undefined, {
        workspaceId: params.workspaceId,
        actor: access.actor,
        action: 'notify',
        entityType: 'loop_change',
        entityId: params.changeId,
        details: result,
      })
      return c.json(result)
    },
  )

  const campaigns = '/workspaces/:workspaceId/outreach-campaigns'
  const campaign = `${campaigns}/:campaignId`
  const outreachTags = ['outreach']
  api.route(
    {
      method: 'get',
      path: campaigns,
      tags: outreachTags,
      params: workspaceParams,
      summary: 'Outreach campaigns with what came of them: replies, orders again, survey answers',
      response: campaignListSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json({ items: await listCampaigns(c.var.db, access) })
    },
  )
  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/outreach-lists',
      tags: outreachTags,
      params: workspaceParams,
      summary: 'How many customers the caller may reach on each outreach list now',
      response: outreachListsSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const items = []
      for (const list of outreachLists) {
        const found = (await options.readList(c.var.db, access, list, CAMPAIGN_MAX + 1)).length
        items.push({ list, customers: Math.min(found, CAMPAIGN_MAX), more: found > CAMPAIGN_MAX })
      }
      return c.json({ items })
    },
  )
  api.route(
    {
      method: 'post',
      path: campaigns,
      tags: outreachTags,
      params: workspaceParams,
      body: newCampaignBody,
      status: 201,
      summary: 'Start a campaign to a list, with a personal message per customer from the template',
      response: campaignDetailSchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      const customers = await options.readList(c.var.db, access, body.list, body.limit)
      const id = await audited(
        c.var.db,
        (tx) => createCampaign(tx, access, access.actor.userId, body, customers),
        (campaignId) => ({
          workspaceId: params.workspaceId,
          actor: access.actor,
          action: 'create',
          entityType: 'outreach_campaign',
          entityId: campaignId,
          details: { list: body.list, customers: customers.length },
        }),
      )
      return c.json(await getCampaign(c.var.db, access, id), 201)
    },
  )
  api.route(
    {
      method: 'get',
      path: campaign,
      tags: outreachTags,
      params: campaignParams,
      summary: "A campaign's customers with their message, whether it went out, and its outcome",
      response: campaignDetailSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const found = await getCampaign(c.var.db, access, params.campaignId)
      if (!found) throw notFound('campaign')
      return c.json(found)
    },
  )
  api.route(
    {
      method: 'get',
      path: `${campaign}/recipients.csv`,
      tags: outreachTags,
      params: campaignParams,
      summary: "A campaign's customers as CSV: message, status, when sent, and what came of it",
      responseType: 'text/csv',
      response: z.string(),
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const found = await getCampaign(c.var.db, access, params.campaignId)
      if (!found) throw notFound('campaign')
      const header = [
        'external_id',
        'name',
        'status',
        'reason',
        'sent_at',
        'replied_at',
        'bought_again',
        'answered_survey',
        'message',
      ]
      async function* one() {
        yield found!.items
      }
      return csvDownload(c, 'outreach.csv', header, one(), (r) => [
        r.externalId,
        r.name ?? '',
        r.status,
        r.reason ?? '',
        r.sentAt?.toISOString() ?? '',
        r.repliedAt?.toISOString() ?? '',
        String(r.boughtAgain),
        String(r.answeredSurvey),
        r.message,
      ])
    },
  )
  api.route(
    {
      method: 'patch',
      path: `${campaign}/recipients/:customerId`,
      tags: outreachTags,
      params: recipientParams,
      body: recipientChangeBody,
      summary: "Edit one customer's message, or leave them out, before it is sent",
      response: campaignDetailSchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      await changeRecipient(c.var.db, access, params.campaignId, params.customerId, body)
      return c.json(await getCampaign(c.var.db, access, params.campaignId))
    },
  )
  api.route(
    {
      method: 'post',
      path: `${campaign}/send`,
      tags: outreachTags,
      params: campaignParams,
      summary: 'Send the selected messages by e-mail, under the consent and fatigue rules',
      response: notifiedSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      const result = await sendCampaign(c.var.db, access, params.campaignId, {
        ...options.mail,
        inboundDomain: options.inboundDomain,
      })
      await audited(c.var.db, async () => undefined, {
        workspaceId: params.workspaceId,
        actor: access.actor,
        action: 'send',
        entityType: 'outreach_campaign',
        entityId: params.campaignId,
        details: result,
      })
      return c.json(result)
    },
  )

  return api
}
