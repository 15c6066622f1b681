import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'

/**
 * Joins giving a customer's value as `value` (numeric) and `source` ('clv' | 'revenue'): the 12-month CLV of the
 * workspace's newest successful forecast (`fitId`, null for none) where it has one for the customer, else the
 * customer's net order revenue (returns subtracted), kept per customer in insight_customers (migration 040).
 */
export function customerValue(
  workspaceId: string,
  customerId: Sql,
  fitId: string | null,
): { joins: Sql; value: Sql; source: Sql } {
  const revenue = sql`left join insight_customers iv on iv.workspace_id = ${workspaceId} and iv.customer_id = ${customerId}`
  if (!fitId) return { joins: revenue, value: sql`coalesce(iv.revenue, 0)`, source: sql`'revenue'` }
  return {
    joins: sql`${revenue} left join forecast_predictions ip on ip.fit_id = ${fitId} and ip.customer_id = ${customerId}`,
    value: sql`coalesce(ip.clv, iv.revenue, 0)`,
    source: sql`case when ip.clv is null then 'revenue' else 'clv' end`,
  }
}

/** The workspace's newest successful forecast, whose CLV values its customers; null when it has none. */
export async function newestFitId(db: Db, workspaceId: string): Promise<string | null> {
  const [fit] = await db.query<{ id: string }>(sql`select id from forecast_fits
    where workspace_id = ${workspaceId} and status = 'fitted' order by fitted_at desc, id limit 1`)
  return fit?.id ?? null
}
