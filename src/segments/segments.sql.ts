import { type Sql, sql } from '../db/sql.js'
import type { SegmentSettings } from './segment-settings.js'

// The one implementation of the rules (RFM, segments, ABC, XYZ, habits), set-based, the same SQL on PGlite
// and PostgreSQL. It reads any relation of orders, so the stored record and the stateless file analysis share it.

/**
 * Orders for the rules: `customer_id` (any type), `ordered_at` timestamptz, `amount` numeric, `status` text.
 * `keys`, when given, maps customer_id to the external id that breaks ABC ties and is shown to people.
 */
export interface OrderSource {
  orders: Sql
  keys?: Sql
}

/**
 * The day after the latest order: the default analysis date. Dates are UTC calendar days throughout.
 */
export function defaultAsOfSql(source: OrderSource): Sql {
  return sql`select ((max(ordered_at) at time zone 'UTC')::date + 1)::text as "asOf" from (${source.orders}) o`
}

/** The per-customer result columns, in the order of the CSV header. */
export const segmentColumns = [
  'customer_id',
  'first_purchase',
  'last_purchase',
  'recency_days',
  'frequency',
  'monetary',
  'r',
  'f',
  'm',
  'segment',
  'abc',
  'xyz',
  'cv',
  'median_interval_days',
  'next_due',
  'habit_broken',
] as const

/**
 * One row per analysed customer as of `asOf` (YYYY-MM-DD): a select with the columns customer_id (the
 * source's id), external_id, first_purchase … habit_broken, interval_cv and purchase_months.
 *
 * Status: a cancelled order never happened and a returned one was paid back, so either counts as
 * min(amount, 0) — a separate negative return keeps its amount, a refunded order with a positive total
 * counts 0. Pending and completed orders count at their amount.
 */
export function segmentRowsSql(source: OrderSource, asOf: string, s: SegmentSettings): Sql {
  const n = (value: number) => String(value)
  const keys = source.keys ?? sql`select null::text as customer_id, null::text as external_id where false`
  return sql`with src as (
    select o.customer_id, (o.ordered_at at time zone 'UTC')::date as day,
      case when o.status in ('cancelled', 'returned') then least(o.amount, 0) else o.amount end as amount
    from (${source.orders}) o
    where o.ordered_at < (${asOf}::date)::timestamp at time zone 'UTC'
  ),
  days as (
    select customer_id, day, count(*) filter (where amount > 0) as purchases, sum(amount) as amount
    from src group by customer_id, day
  ),
  data_month as (select max(extract(year from day) * 12 + extract(month from day) - 1)::int as last_month from days),
  months as (
    select customer_id, (extract(year from day) * 12 + extract(month from day) - 1)::int as month_no,
      sum(amount) as revenue, sum(purchases) > 0 as bought
    from days group by 1, 2
  ),
  month_stats as (
    select customer_id, min(month_no) as first_month, sum(revenue * revenue) as squares,
      array_agg(month_no order by month_no) filter (where bought) as purchase_months
    from months group by customer_id
  ),
  gaps as (
    select customer_id, day - lag(day) over (partition by customer_id order by day) as gap
    from days where purchases > 0
  ),
  habits as (
    select customer_id, count(*) as gaps, sum(gap) as total, sum(gap * gap) as squares,
      percentile_cont(0.5) within group (order by gap)::numeric as median
    from gaps where gap is not null group by customer_id
  ),
  customers_ as (
    select d.customer_id, sum(d.purchases)::int as frequency, sum(d.amount) as monetary,
      min(d.day) filter (where d.purchases > 0) as first_purchase,
      max(d.day) filter (where d.purchases > 0) as last_purchase
    from days d group by d.customer_id having sum(d.purchases) > 0
  ),
  measured as (
    select c.*, coalesce(k.external_id, c.customer_id::text) as external_id,
      (${asOf}::date - c.last_purchase) as recency_days,
      (select last_month from data_month) - ms.first_month + 1 as month_count, ms.squares as month_squares,
      ms.purchase_months, h.gaps, h.total as gap_total, h.squares as gap_squares, h.median
    from customers_ c
    join month_stats ms on ms.customer_id = c.customer_id
    left join habits h on h.customer_id = c.customer_id and h.gaps >= ${s.habitMinPurchases - 1}
    left join (${keys}) k on k.customer_id = c.customer_id
  ),
  ranked as (
    select m.*, count(*) over () as n,
      rank() over (order by recency_days desc) as r_rank,
      rank() over (order by frequency) as f_rank,
      rank() over (order by monetary) as m_rank,
      coalesce(sum(monetary) over (order by monetary desc, external_id collate "C"
        rows between unbounded preceding and 1 preceding), 0) as before,
      sum(monetary) over () as total
    from measured m
  ),
  scored as (
    select ranked.*,
      case when n = 1 then 5 else least(5, 1 + (5 * (r_rank - 1)) / (n - 1)) end as r,
      case when n = 1 then 5 else least(5, 1 + (5 * (f_rank - 1)) / (n - 1)) end as f,
      case when n = 1 then 5 else least(5, 1 + (5 * (m_rank - 1)) / (n - 1)) end as m,
      -- CV of the monthly revenue, squared and without division: n·Σx² − (Σx)² against t²·(Σx)².
      month_count * month_squares - monetary * monetary as month_spread
    from ranked
  )
  select customer_id, external_id, first_purchase, last_purchase, recency_days, frequency, monetary,
    r::smallint as r, f::smallint as f, m::smallint as m,
    case
      when r <= 2 then case when f <= 2 then 'hibernating' when f <= 4 then 'at_risk' else 'cant_lose' end
      when r = 3 then case when f <= 2 then 'about_to_sleep' when f = 3 then 'need_attention' else 'loyal' end
      when r = 4 then case when f = 1 then 'promising' when f <= 3 then 'potential_loyalist' else 'loyal' end
      else case when f = 1 then 'new' when f <= 3 then 'potential_loyalist' else 'champions' end
    end as segment,
    case when before < ${n(s.abcA)}::numeric * total then 'A'
      when before < ${n(s.abcB)}::numeric * total then 'B' else 'C' end as abc,
    case when month_count < ${s.xyzMinMonths} then null
      when monetary <= 0 then 'Z'
      when month_spread > (${n(s.xyzY)}::numeric ^ 2) * monetary * monetary then 'Z'
      when month_spread <= (${n(s.xyzX)}::numeric ^ 2) * monetary * monetary then 'X'
      else 'Y' end as xyz,
    case when month_count >= ${s.xyzMinMonths} and monetary > 0
      then round(sqrt(month_spread::numeric) / monetary, 4) end as cv,
    median as median_interval_days,
    case when median is not null and gap_total > 0
      then round(sqrt((gaps * gap_squares - gap_total * gap_total)::numeric) / gap_total, 4) end as interval_cv,
    last_purchase + floor(median)::int as next_due,
    coalesce(recency_days > ${n(s.habitBrokenFactor)}::numeric * median, false) as habit_broken,
    purchase_months
  from scored`
}
