import type { Hono } from 'hono'
import { z } from 'zod'
import { audited } from '../access/audit.js'
import { authorizeWorkspace } from '../access/authenticate.js'
import { customerInUnit } from '../access/unit-scope.js'
import { isUuid } from '../db/is-uuid.js'
import { ApiRouter } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { csvDownload } from '../http/csv-download.js'
import { notFound } from '../http/errors.js'
import { sortQuery } from '../http/order-by.js'
import { pagingQuery, paramsWith, workspaceParams } from '../http/route-params.js'
import { defaultClvOptions } from './clv.js'
import { explainFit } from './explain-fit.js'
import {
  type AtRiskCustomer,
  allRevenueAtRisk,
  atRiskSorts,
  customerForecasts,
  type FitRow,
  latestFit,
  revenueAtRisk,
} from './queries.js'
import { refitForecasts } from './refit-forecasts.js'
import {
  atRiskPageSchema,
  currentFitSchema,
  customerForecastSchema,
  fitSchema,
  fitValidationSchema,
} from './responses.js'

const fitBody = z
  .object({
    months: z.number().int().min(1).max(120).default(defaultClvOptions.months),
    monthlyDiscount: z.number().min(0).max(1).default(defaultClvOptions.monthlyDiscount),
    margin: z.number().gt(0).max(1).default(defaultClvOptions.margin),
  })
  .default(defaultClvOptions)

/** The fit as the API shows it: without the bulky validation, with the explanation. */
function present(fit: FitRow) {
  const { validation: _validation, ...rest } = fit
  return { ...rest, explanation: explainFit(fit) }
}

/** Forecasts: fit on demand, the current model, validation, per-customer predictions and revenue at risk. */
const atRiskQuery = sortQuery(atRiskSorts, 'by revenue at risk, largest first; ties by external id')

export function forecastRoutes(app: Hono<AppEnv>): ApiRouter {
  const api = new ApiRouter(app, '/api/v1')
  const tags = ['forecasts']

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/forecasts/fit',
      tags,
      params: workspaceParams,
      body: fitBody,
      status: 201,
      summary:
        'Fit BG/NBD, Pareto/NBD and Gamma-Gamma to the workspace’s orders now (CLV horizon, discount, margin)',
      response: fitSchema,
    },
    async (c, { params, body }) => {
      const db = c.var.db
      const access = await authorizeWorkspace(c, db, params.workspaceId, 'write')
      const fit = await refitForecasts(db, access.workspaceId, body, (write) =>
        audited(db, write, (stored) => ({
          workspaceId: access.workspaceId,
          actor: access.actor,
          action: 'fit',
          entityType: 'forecast',
          entityId: stored.id,
          details: { status: stored.status, customers: stored.customers },
        })),
      )
      return c.json(present(fit), 201)
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/forecasts/current',
      tags,
      params: workspaceParams,
      summary:
        'The newest fit: parameters, log-likelihoods, the chosen model and a plain-language explanation',
      response: currentFitSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const fit = await latestFit(c.var.db, access.workspaceId)
      return c.json({ fit: fit ? present(fit) : null })
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/forecasts/validation',
      tags,
      params: workspaceParams,
      summary:
        'The holdout check of the newest successful fit: totals, weekly tracking curve, expectations by frequency',
      response: fitValidationSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const fit = await latestFit(c.var.db, access.workspaceId, true)
      return c.json({ fitId: fit?.id ?? null, validation: fit?.validation ?? null })
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/forecasts/customers/:customerId',
      tags,
      params: paramsWith('customerId'),
      summary:
        'A customer’s P(alive), expected purchases in the next 90 days and CLV, with the P(alive) history',
      response: customerForecastSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      if (!isUuid(params.customerId) || !(await customerInUnit(c.var.db, access, params.customerId)))
        throw notFound('customer')
      const history = await customerForecasts(c.var.db, access, params.customerId)
      const fit = await latestFit(c.var.db, access.workspaceId, true)
      const current = history[0] && fit && history[0].fitId === fit.id ? history[0] : null
      return c.json({
        current,
        horizonDays: fit?.horizonDays ?? null,
        currency: fit?.currency ?? null,
        history: history.map((h) => ({ fittedAt: h.fittedAt, pAlive: h.pAlive })),
      })
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/forecasts/at-risk',
      tags,
      params: workspaceParams,
      query: pagingQuery().extend(atRiskQuery),
      summary: 'Revenue at risk: customers whose P(alive) is falling, by revenue × (1 − P(alive))',
      response: atRiskPageSchema,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const fit = await latestFit(c.var.db, access.workspaceId, true)
      if (!fit)
        return c.json({ items: [], total: 0, limit: query.limit, offset: query.offset, currency: null })
      const result = await revenueAtRisk(c.var.db, access, fit.id, query)
      return c.json({ ...result, limit: query.limit, offset: query.offset, currency: fit.currency })
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/forecasts/at-risk.csv',
      tags,
      params: workspaceParams,
      query: z.object(atRiskQuery),
      summary: 'The revenue-at-risk list as CSV, in the list’s order',
      responseType: 'text/csv',
      response: z.string(),
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const fit = await latestFit(c.var.db, access.workspaceId, true)
      const header = [
        'customer_id',
        'name',
        'email',
        'revenue',
        'p_alive',
        'p_alive_before',
        'revenue_at_risk',
        'expected_purchases_90d',
        'clv',
      ]
      const rows = fit ? allRevenueAtRisk(c.var.db, access, fit.id, query) : noBatches<AtRiskCustomer>()
      return csvDownload(c, 'revenue-at-risk.csv', header, rows, (r) => [
        r.externalId,
        r.name,
        r.email,
        r.revenue,
        r.pAlive.toFixed(4),
        r.pAliveBefore.toFixed(4),
        r.revenueAtRisk,
        r.expectedPurchases.toFixed(3),
        r.clv ?? '',
      ])
    },
  )

  return api
}

async function* noBatches<T>(): AsyncGenerator<T[]> {}
