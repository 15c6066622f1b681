import { type UnitAccess, visibleCustomers } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import { orderBy, type SortDir } from '../http/order-by.js'
import type { Purchase } from './summarize-purchases.js'

/** The currency most orders are in: amounts in other currencies cannot be added to them. */
export async function mainCurrency(db: Db, workspaceId: string): Promise<string | null> {
  const [row] = await db.query<{ currency: string }>(sql`select currency from orders
    where workspace_id = ${workspaceId} group by currency order by count(*) desc, currency limit 1`)
  return row?.currency ?? null
}

/**
 * A workspace's purchases merged per customer and UTC day, in one currency; cancelled and returned orders
 * and negative amounts (returns) are left out.
 */
export async function loadDailyPurchases(db: Db, workspaceId: string, currency: string): Promise<Purchase[]> {
  const rows = await db.query<{ customerId: string; day: number; amount: string }>(sql`
    select customer_id as "customerId", ((ordered_at at time zone 'UTC')::date - date '1970-01-01') as day,
      sum(amount)::text as amount
    from orders
    where workspace_id = ${workspaceId} and currency = ${currency} and amount >= 0
      and status not in ('cancelled', 'returned')
    group by customer_id, day`)
  return rows.map((r) => ({ customerId: r.customerId, day: Number(r.day), amount: Number(r.amount) }))
}

export interface FitRow {
  id: string
  workspaceId: string
  fittedAt: Date
  status: 'fitted' | 'failed'
  error: string | null
  unit: string
  currency: string | null
  calibrationEnd: string | null
  horizonDays: number
  customers: number
  chosen: 'bgnbd' | 'paretoNbd' | null
  bgnbd: Record<string, number> | null
  paretoNbd: Record<string, number> | null
  gammaGamma: Record<string, number> | null
  /** Without a spend model: the amount every transaction is worth, when that never varies. */
  constantSpend: number | null
  clvOptions: Record<string, number>
  validation: unknown
  warnings: string[]
  seconds: number
}

const fitColumns = sql`id, workspace_id as "workspaceId", fitted_at as "fittedAt", status, error, unit, currency,
  calibration_end::text as "calibrationEnd", horizon_days as "horizonDays", customers, chosen, bgnbd,
  pareto_nbd as "paretoNbd", gamma_gamma as "gammaGamma", constant_spend as "constantSpend",
  clv_options as "clvOptions", validation, warnings, seconds`

export type NewFit = Omit<FitRow, 'id' | 'fittedAt'>

export async function insertFit(db: Db, fit: NewFit): Promise<FitRow> {
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v))
  const [row] =
    await db.query<FitRow>(sql`insert into forecast_fits (workspace_id, status, error, unit, currency,
      calibration_end, horizon_days, customers, chosen, bgnbd, pareto_nbd, gamma_gamma, constant_spend,
      clv_options, validation, warnings, seconds)
    values (${fit.workspaceId}, ${fit.status}, ${fit.error}, ${fit.unit}, ${fit.currency}, ${fit.calibrationEnd},
      ${fit.horizonDays}, ${fit.customers}, ${fit.chosen}, ${json(fit.bgnbd)}::jsonb, ${json(fit.paretoNbd)}::jsonb,
      ${json(fit.gammaGamma)}::jsonb, ${fit.constantSpend}, ${json(fit.clvOptions)}::jsonb, ${json(fit.validation)}::jsonb,
      ${json(fit.warnings)}::jsonb, ${fit.seconds})
    returning ${fitColumns}`)
  return row!
}

/** The newest fit of a workspace (fitted or failed), or the newest successful one with `fittedOnly`. */
export async function latestFit(
  db: Db,
  workspaceId: string,
  fittedOnly = false,
): Promise<FitRow | undefined> {
  const [row] = await db.query<FitRow>(sql`select ${fitColumns} from forecast_fits
    where workspace_id = ${workspaceId} ${fittedOnly ? sql`and status = 'fitted'` : sql.empty}
    order by fitted_at desc, id limit 1`)
  return row
}

export interface PredictionInput {
  customerId: string
  x: number
  tx: number
  T: number
  revenue: string
  pAlive: number
  pAliveBefore: number | null
  expectedPurchases: number
  expectedSpend: string | null
  clv: string | null
}

/** Stores a fit's per-customer predictions, in batches of one statement each. */
export async function insertPredictions(db: Db, fitId: string, workspaceId: string, rows: PredictionInput[]) {
  const batch = 5000
  for (let i = 0; i < rows.length; i += batch) {
    const part = rows.slice(i, i + batch)
    const col = <K extends keyof PredictionInput>(k: K) => part.map((r) => r[k])
    await db.query(sql`insert into forecast_predictions (fit_id, workspace_id, customer_id, x, t_x, t, revenue,
        p_alive, p_alive_before, expected_purchases, expected_spend, clv)
      select ${fitId}, ${workspaceId}, * from unnest(${col('customerId')}::uuid[], ${col('x')}::int[],
        ${col('tx')}::float8[], ${col('T')}::float8[], ${col('revenue')}::numeric[], ${col('pAlive')}::float8[],
        ${col('pAliveBefore')}::float8[], ${col('expectedPurchases')}::float8[], ${col('expectedSpend')}::numeric[],
        ${col('clv')}::numeric[])`)
  }
}

export interface CustomerForecast {
  fitId: string
  fittedAt: Date
  x: number
  pAlive: number
  pAliveBefore: number | null
  expectedPurchases: number
  expectedSpend: string | null
  clv: string | null
}

/** A visible customer's predictions, newest fit first (the history of P(alive)); empty when there are none. */
export async function customerForecasts(
  db: Db,
  access: UnitAccess,
  customerId: string,
): Promise<CustomerForecast[]> {
  return db.query<CustomerForecast>(sql`select p.fit_id as "fitId", f.fitted_at as "fittedAt", p.x,
      p.p_alive as "pAlive", p.p_alive_before as "pAliveBefore", p.expected_purchases as "expectedPurchases",
      p.expected_spend::text as "expectedSpend", p.clv::text as clv
    from forecast_predictions p
    join forecast_fits f on f.id = p.fit_id
    join customers c on c.id = p.customer_id
    where ${visibleCustomers(access)} and p.workspace_id = ${access.workspaceId} and p.customer_id = ${customerId}
    order by f.fitted_at desc limit 20`)
}

export interface AtRiskCustomer {
  customerId: string
  externalId: string
  name: string | null
  email: string | null
  revenue: string
  pAlive: number
  pAliveBefore: number
  revenueAtRisk: string
  expectedPurchases: number
  clv: string | null
}

/** The columns the revenue-at-risk list sorts by on the server. */
export const atRiskSorts = [
  'customer',
  'revenue',
  'p_alive_before',
  'p_alive',
  'revenue_at_risk',
  'clv',
] as const
export type AtRiskSort = (typeof atRiskSorts)[number]
/** The list's order; by revenue at risk, largest first, when no column is chosen. */
export interface AtRiskOrder {
  sort?: AtRiskSort | undefined
  dir?: SortDir | undefined
}

const atRiskSortColumns: Record<AtRiskSort, Sql> = {
  customer: sql`coalesce(c.name, c.external_id)`,
  revenue: sql`p.revenue`,
  p_alive_before: sql`coalesce(prev.p_alive, p.p_alive_before)`,
  p_alive: sql`p.p_alive`,
  revenue_at_risk: sql`p.revenue * (1 - p.p_alive)::numeric`,
  clv: sql`p.clv`,
}

function atRiskFrom(access: UnitAccess, fitId: string): Sql {
  // The previous fit on older data: refitting the same data again says nothing about a trend.
  const previous = sql`(select id from forecast_fits where workspace_id = ${access.workspaceId} and status = 'fitted'
    and calibration_end < (select calibration_end from forecast_fits where id = ${fitId})
    order by calibration_end desc, fitted_at desc limit 1)`
  return sql`from forecast_predictions p
    join customers c on c.id = p.customer_id
    left join forecast_predictions prev on prev.fit_id = ${previous} and prev.customer_id = p.customer_id
    where p.fit_id = ${fitId} and ${visibleCustomers(access)}
      and p.p_alive < coalesce(prev.p_alive, p.p_alive_before) - 0.01`
}

/**
 * Revenue at risk in a fit: customers whose P(alive) fell — below their P(alive) in the last fit on older data
 * when they were in it, else below the model's P(alive) for them 30 days before — ordered by their revenue
 * times (1 − P(alive)).
 */
function atRiskSql(access: UnitAccess, fitId: string, order: AtRiskOrder): Sql {
  return sql`select p.customer_id as "customerId", c.external_id as "externalId",
      c.name, c.email, p.revenue::text as revenue, p.p_alive as "pAlive",
      coalesce(prev.p_alive, p.p_alive_before) as "pAliveBefore",
      round(p.revenue * (1 - p.p_alive)::numeric, 2)::text as "revenueAtRisk",
      p.expected_purchases as "expectedPurchases", p.clv::text as clv
    ${atRiskFrom(access, fitId)}
    order by ${atRiskOrderBy(order)}`
}

function atRiskOrderBy(order: AtRiskOrder): Sql {
  if (!order.sort) return sql`${atRiskSortColumns.revenue_at_risk} desc, c.external_id`
  return orderBy(atRiskSortColumns, { sort: order.sort, dir: order.dir }, [sql`c.external_id`])
}

/** A page of the revenue-at-risk list. */
export async function revenueAtRisk(
  db: Db,
  access: UnitAccess,
  fitId: string,
  page: AtRiskOrder & { limit: number; offset: number },
): Promise<{ items: AtRiskCustomer[]; total: number }> {
  const [count] = await db.query<{ total: number }>(
    sql`select count(*)::int as total ${atRiskFrom(access, fitId)}`,
  )
  const items = await db.query<AtRiskCustomer>(
    sql`${atRiskSql(access, fitId, page)} limit ${page.limit} offset ${page.offset}`,
  )
  return { items, total: count!.total }
}

/**
 * The at-risk customers of a fit and their revenue at risk in all, Σ revenue × (1 − P(alive)). For the whole
 * workspace, the stored total while it is current (migration 050).
 */
export async function revenueAtRiskTotal(
  db: Db,
  access: UnitAccess,
  fitId: string,
): Promise<{ customers: number; amount: string }> {
  if (access.unitPath === null) return storeRevenueAtRisk(db, access.workspaceId, fitId, true)
  const [row] = await db.query<{ customers: number; amount: string }>(
    sql`select customers, amount::text as amount from (${atRiskTotalSql(access, fitId)}) t`,
  )
  return row!
}

function atRiskTotalSql(access: UnitAccess, fitId: string): Sql {
  return sql`select count(*)::int as customers,
      coalesce(round(sum(p.revenue * (1 - p.p_alive)::numeric), 2), 0) as amount ${atRiskFrom(access, fitId)}`
}

/**
 * A fit's revenue at risk for the whole workspace, computed and stored with the version of the workspace's fits and
 * predictions it was read at (one statement, one snapshot); with `reuse`, a stored total of the current version is
 * returned instead. A refit stores its own before it commits.
 */
export async function storeRevenueAtRisk(
  db: Db,
  workspaceId: string,
  fitId: string,
  reuse = false,
): Promise<{ customers: number; amount: string }> {
  const current = sql`coalesce((select version from forecast_prediction_versions where workspace_id = ${workspaceId}), 0)`
  if (reuse) {
    const [stored] = await db.query<{ customers: number; amount: string }>(sql`select customers,
        amount::text as amount from forecast_at_risk_totals where fit_id = ${fitId} and version = ${current}`)
    if (stored) return stored
  }
  const [row] = await db.query<{ customers: number; amount: string }>(sql`
    with total as (${atRiskTotalSql({ workspaceId, unitPath: null }, fitId)}),
      stored as (
        insert into forecast_at_risk_totals as t (fit_id, workspace_id, version, customers, amount)
        select ${fitId}, ${workspaceId}, ${current}, customers, amount from total
        on conflict (fit_id) do update set version = excluded.version, customers = excluded.customers,
          amount = excluded.amount
        -- A reader that started before a write must not put back the total it read.
        where t.version <= excluded.version)
    select customers, amount::text as amount from total`)
  return row!
}

/** The whole revenue-at-risk list, in its order, in batches (CSV export). */
export function allRevenueAtRisk(
  db: Db,
  access: UnitAccess,
  fitId: string,
  order: AtRiskOrder,
): AsyncGenerator<AtRiskCustomer[]> {
  return db.batches<AtRiskCustomer>(atRiskSql(access, fitId, order), 2000)
}
