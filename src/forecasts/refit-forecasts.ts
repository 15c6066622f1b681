import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { type ClvOptions, defaultClvOptions } from './clv.js'
import { FitNotConvergedError } from './fit-result.js'
import { predictCustomer, purchasePredictor } from './forecast-models.js'
import {
  type FitRow,
  insertFit,
  insertPredictions,
  loadDailyPurchases,
  mainCurrency,
  type PredictionInput,
  storeRevenueAtRisk,
} from './queries.js'
import { runForecast } from './run-forecast.js'
import { dateOfDay, type Purchase, summarizePurchases, unitDays } from './summarize-purchases.js'
import { validateHoldout } from './validate-holdout.js'

const UNIT = 'week'
const HORIZON_DAYS = 90
const TREND_DAYS = 30

const MIN_CUSTOMERS = 30

/** Runs the writing of a fit in a transaction; a caller may add its own work to it (an audit entry). */
export type StoreFit = (write: (tx: Db) => Promise<FitRow>) => Promise<FitRow>

/**
 * Fits the forecast models to a workspace's orders up to its last order day and stores the fit with each
 * customer's P(alive), expected purchases in the next 90 days and CLV; also validates the models on a holdout
 * (the last third of the history, at most 26 weeks). A fit that fails is stored as failed, with the reason.
 * Meant to run on demand and after imports. Only the storing runs in a transaction (`store`), not the fitting.
 */
export async function refitForecasts(
  db: Db,
  workspaceId: string,
  clv: ClvOptions = defaultClvOptions,
  store: StoreFit = (write) => db.transaction(write),
): Promise<FitRow> {
  const started = performance.now()
  const base = { workspaceId, unit: UNIT, horizonDays: HORIZON_DAYS, clvOptions: { ...clv } }
  const failed = (error: string, extra: Partial<FitRow> = {}) =>
    store((tx) =>
      insertFit(tx, {
        ...base,
        status: 'failed',
        error,
        currency: null,
        calibrationEnd: null,
        customers: 0,
        chosen: null,
        bgnbd: null,
        paretoNbd: null,
        gammaGamma: null,
        constantSpend: null,
        validation: null,
        warnings: [],
        seconds: (performance.now() - started) / 1000,
        ...extra,
      }),
    )
  const currency = await mainCurrency(db, workspaceId)
  if (!currency) return failed('there are no orders to fit the models to')
  const purchases = await loadDailyPurchases(db, workspaceId, currency)
  if (purchases.length === 0) return failed('there are no purchases to fit the models to', { currency })
  let end = Number.NEGATIVE_INFINITY
  let start = Number.POSITIVE_INFINITY
  for (const p of purchases) {
    end = Math.max(end, p.day)
    start = Math.min(start, p.day)
  }
  const data = summarizePurchases(purchases, { calibrationEnd: end, unit: UNIT })
  // A handful of customers cannot identify the models; the optimiser would only wander towards an edge.
  if (data.customers.length < MIN_CUSTOMERS)
    return failed(
      `the models need at least ${MIN_CUSTOMERS} customers with purchases; there are ${data.customers.length}`,
      { currency, calibrationEnd: dateOfDay(end), customers: data.customers.length },
    )
  let fitted: ReturnType<typeof runForecast>
  try {
    fitted = runForecast(data.customers)
  } catch (error) {
    if (error instanceof FitNotConvergedError || error instanceof RangeError) {
      return failed(error.message, {
        currency,
        calibrationEnd: dateOfDay(end),
        customers: data.customers.length,
      })
    }
    throw error
  }
  const { models, report } = fitted
  const validation = validate(purchases, start, end)
  const before = pAliveBefore(purchases, end, models)
  const revenue = await customerRevenue(db, workspaceId, currency)
  const options = { ...clv, unitsPerMonth: unitDays.month / unitDays[UNIT] }
  const predictions: PredictionInput[] = data.customers.map((c) => {
    const p = predictCustomer(models, c, HORIZON_DAYS / unitDays[UNIT], options)
    return {
      customerId: c.id,
      x: c.x,
      tx: c.tx,
      T: c.T,
      revenue: revenue.get(c.id) ?? '0',
      pAlive: p.pAlive,
      pAliveBefore: before.get(c.id) ?? null,
      expectedPurchases: p.expectedPurchases,
      expectedSpend: p.expectedSpend === null ? null : p.expectedSpend.toFixed(4),
      clv: p.clv === null ? null : p.clv.toFixed(4),
    }
  })
  return store(async (tx) => {
    const fit = await insertFit(tx, {
      ...base,
      status: 'fitted',
      error: null,
      currency,
      calibrationEnd: dateOfDay(end),
      customers: report.customers,
      chosen: report.chosen,
      bgnbd: report.bgnbd && pick(report.bgnbd, ['r', 'alpha', 'a', 'b', 'logLikelihood', 'iterations']),
      paretoNbd:
        report.paretoNbd &&
        pick(report.paretoNbd, ['r', 'alpha', 's', 'beta', 'logLikelihood', 'iterations']),
      gammaGamma: report.gammaGamma
        ? pick(report.gammaGamma, ['p', 'q', 'gamma', 'logLikelihood', 'iterations', 'customers'])
        : null,
      constantSpend: report.constantSpend,
      validation,
      warnings: report.warnings,
      seconds: (performance.now() - started) / 1000,
    })
    await insertPredictions(tx, fit.id, workspaceId, predictions)
    await storeRevenueAtRisk(tx, workspaceId, fit.id)
    return fit
  })
}

/** The holdout check: fit on all but the last third of the history (at most 26 weeks), forecast the rest. */
function validate(purchases: Purchase[], start: number, end: number) {
  const holdoutDays = Math.min(182, Math.floor((end - start) / 3))
  if (holdoutDays < 28)
    return { error: 'the order history is too short for a holdout check (under 12 weeks)' }
  const calibrationEnd = end - holdoutDays
  const data = summarizePurchases(purchases, { calibrationEnd, holdoutEnd: end, unit: UNIT })
  try {
    const { models } = runForecast(data.customers)
    return {
      calibrationEnd: dateOfDay(calibrationEnd),
      holdoutEnd: dateOfDay(end),
      ...validateHoldout(data, models),
    }
  } catch (error) {
    if (error instanceof FitNotConvergedError || error instanceof RangeError) return { error: error.message }
    throw error
  }
}

/** Each customer's P(alive) as of 30 days before the end, from their purchases up to then (same parameters). */
function pAliveBefore(
  purchases: Purchase[],
  end: number,
  models: ReturnType<typeof runForecast>['models'],
): Map<string, number> {
  const earlier = summarizePurchases(purchases, { calibrationEnd: end - TREND_DAYS, unit: UNIT })
  const chosen = purchasePredictor(models, models.chosen)!
  return new Map(earlier.customers.map((c) => [c.id, chosen.pAlive(c.x, c.tx, c.T)]))
}

async function customerRevenue(db: Db, workspaceId: string, currency: string): Promise<Map<string, string>> {
  const rows = await db.query<{
    id: string
    revenue: string
  }>(sql`select customer_id as id, sum(amount)::text as revenue
    from orders where workspace_id = ${workspaceId} and currency = ${currency}
      and status not in ('cancelled', 'returned')
    group by customer_id`)
  return new Map(rows.map((r) => [r.id, r.revenue]))
}

function pick<T extends object>(value: T, keys: (keyof T & string)[]): Record<string, number> {
  return Object.fromEntries(keys.map((k) => [k, value[k] as number]))
}
