import { type Sql, sql } from '../db/sql.js'

/**
 * A lateral join giving a customer's value as `<alias>.value` (numeric) and `<alias>.source` ('clv' | 'revenue'):
 * the 12-month CLV of the workspace's newest successful forecast where it has one for the customer, else the
 * customer's order revenue in the 12 months before `asOf` (an instant), returns subtracted.
 */
export function customerValueJoin(workspaceId: string, customerId: Sql, asOf: Sql, alias: string): Sql {
  const fit = sql`(select id from forecast_fits where workspace_id = ${workspaceId} and status = 'fitted'
    order by fitted_at desc, id limit 1)`
  return sql`left join lateral (
    select coalesce(f.clv, coalesce(o.revenue, 0)) as value, case when f.clv is null then 'revenue' else 'clv' end as source
    from (select 1) one
    left join lateral (select p.clv from forecast_predictions p where p.fit_id = ${fit}
      and p.customer_id = ${customerId} and p.clv is not null) f on true
    left join lateral (select sum(o.amount) as revenue from orders o where o.workspace_id = ${workspaceId}
      and o.customer_id = ${customerId} and o.ordered_at < ${asOf} and o.ordered_at >= ${asOf} - interval '12 months') o
      on true
  ) ${sql.raw(alias)} on true`
}
