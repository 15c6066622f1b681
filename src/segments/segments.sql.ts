import { type Sql, sql } from '../db/sql.js'
import type { SegmentSettings } from './segment-settings.js'
import { postgresDialect, type SqlDialect } from './sql-dialect.js'

// The one implementation of the rules (RFM, segments, ABC, XYZ, habits), set-based, the same SQL on PostgreSQL,
// PGlite and DuckDB: their common dialect, with the few fragments where they differ taken from a SqlDialect. It
// reads any relation of orders, so the stored record and the stateless file analysis share it.

/**
 * Orders for the rules: `customer_id` (any type), `day` date (the UTC calendar day of the order), `month_no`
 * integer (the day's year × 12 + month − 1), `amount` numeric, `status` text. The source gives the month as
 * it has it at least cost (date_part on a date costs a tenth of the figures). A source that computes `day`
 * should end in `offset 0`, or the planner copies the computation into every use of it.
 * `keys`, when given, maps customer_id to the external id that breaks ABC ties and is shown to people; without
 * them the ids' own order breaks the ties, and the id is shown.
 */
export interface OrderSource {
  orders: Sql
  keys?: Sql
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
 * One row per analysed customer as of `asOf` (YYYY-MM-DD; null: the day after the latest order, taken from
 * the same scan of the orders): a select with the columns customer_id (the source's id), external_id,
 * first_purchase … habit_broken, interval_cv, purchase_months and as_of. Dates are UTC calendar days throughout.
 */
export function segmentRowsSql(
  source: OrderSource,
  asOf: string | null,
  s: SegmentSettings,
  dialect: SqlDialect = postgresDialect,
  options: { purchaseMonths?: boolean } = {},
): Sql {
  return sql`with per_customer as (${customerFiguresSql(source.orders, asOf, s, { ...options, dialect })}),
    counts as (${figureCountsSql(sql`per_customer`)})
    select * from (${classifiedRowsSql({
      figures: sql`per_customer`,
      counts: sql`counts`,
      keys: source.keys,
      asOf,
      settings: s,
      dialect,
    })}) classified`
}

/** Which figure a row of figureCountsSql counts customers by (the `grouping` of its grouping set). */
export const countKinds = { lastPurchase: 3, frequency: 5, monetary: 6, all: 7 } as const

/**
 * How many customers with a purchase in `figures` have each last purchase day, frequency and monetary value
 * (`kind` says which), and one row (`kind` all) with the latest month and day of all of them: what the ranks and
 * the default date are made of. The counts of several parts of the customers add up to those of all.
 */
export function figureCountsSql(figures: Sql): Sql {
  return sql`select grouping(last_purchase, frequency, monetary) as kind, last_purchase, frequency, monetary,
    count(*) filter (where frequency > 0) as customers, max(last_month) as last_month, max(last_day) as last_day
  from ${figures}
  group by grouping sets ((last_purchase), (frequency), (monetary), ())`
}

/**
 * The rules' first half: one row per customer with an order before `asOf`, of the figures the classes come from
 * (frequency, monetary, first and last purchase, first and last month, last order day, the sum of squared monthly
 * revenue, the months with a purchase, and the intervals' count, sum, sum of squares and median). A customer's
 * figures depend on their own orders only, so the customers can be split into parts and their figures computed
 * apart (see recompute-segments.ts).
 *
 * Status: a cancelled order never happened and a returned one was paid back, so either counts as
 * min(amount, 0) — a separate negative return keeps its amount, a refunded order with a positive total
 * counts 0. Pending and completed orders count at their amount.
 * @param options.purchaseMonths false leaves purchase_months null, for a reader that never shows the months
 *   (they cost a sort per customer and a window over every order)
 */
export function customerFiguresSql(
  orders: Sql,
  asOf: string | null,
  s: SegmentSettings,
  options: { purchaseMonths?: boolean; dialect?: SqlDialect } = {},
): Sql {
  const d = options.dialect ?? postgresDialect
  const habit = sql`count(gap) >= ${s.habitMinPurchases - 1}`
  const months = options.purchaseMonths ?? true
  // One sort of the orders by customer, month and day feeds every per-customer figure: the windows and the
  // grouping below keep that order, so nothing else sorts or hashes a row per order.
  return sql`with src as (
    select o.customer_id, o.day, o.month_no,
      case when o.status in ('cancelled', 'returned') then least(o.amount, 0) else o.amount end as amount,
      -- A purchase is an order of a positive amount that counts (several figures test it: compared once here).
      o.amount > 0 and o.status not in ('cancelled', 'returned') as purchase
    from (${orders}) o
    where ${asOf}::date is null or o.day < ${asOf}::date
  ),
  walked as (
    select customer_id, month_no, day, amount, purchase,
      sum(amount) over (partition by customer_id, month_no) as month_revenue,
      max(day) filter (where purchase) over earlier as previous_purchase${
        months
          ? sql`,
      max(month_no) filter (where purchase) over earlier as previous_purchase_month`
          : sql.empty
      }
    from src
    window earlier as (partition by customer_id order by month_no, day rows between unbounded preceding and 1 preceding)
  ),
  gapped as (
    -- Same-day purchases are one occasion: the second one's gap of 0 is no gap.
    select walked.*, case when purchase then nullif(day - previous_purchase, 0) end as gap from walked
  )
  select customer_id, count(*) filter (where purchase)::int as frequency, sum(amount) as monetary,
    min(day) filter (where purchase) as first_purchase,
    max(day) filter (where purchase) as last_purchase,
    min(month_no) as first_month, max(month_no) as last_month, max(day) as last_day,
    -- Σ over months of revenue² as Σ over orders of amount × its month's revenue.
    sum(amount * month_revenue) as month_squares,
    ${
      months
        ? sql`array_agg(month_no order by month_no)
      filter (where purchase and previous_purchase_month is distinct from month_no)`
        : sql`null::int[]`
    } as purchase_months,
    case when ${habit} then count(gap) end as gaps,
    case when ${habit} then sum(gap) end as gap_total,
    case when ${habit} then sum(gap * gap) end as gap_squares,
    case when ${habit} then percentile_cont(0.5) within group (order by gap)::${d.numeric} end as median
  from gapped group by customer_id`
}

/** What classifiedRowsSql ranks and classifies. */
export interface Classification {
  /** A relation of customerFiguresSql's rows, named so that it can be read several times. */
  figures: Sql
  /** figureCountsSql's rows of all customers, or several parts' rows of them. */
  counts: Sql
  /**
   * Maps customer_id to the external id that breaks ABC ties and is shown to people; without them the ids'
   * own order breaks the ties.
   */
  keys?: Sql
  asOf: string | null
  settings: SegmentSettings
  /** Keeps the rows of some customers only (a condition on `customer_id`); the ranks still count everybody. */
  part?: Sql
  /**
   * When `figures` holds one part of the customers only, and the customers of the parts before come first
   * in the ids' order: the monetary counts of those parts (`monetary`, `customers`), which place this part's
   * customers in their tie groups.
   */
  tiesBefore?: Sql
  dialect?: SqlDialect
}

/**
 * The rules' second half: the scores, segment and classes of the customers in `figures`, ranked among all of
 * them by `counts`.
 */
export function classifiedRowsSql({
  figures,
  counts,
  keys,
  asOf,
  settings: s,
  part = sql`true`,
  tiesBefore,
  dialect: d = postgresDialect,
}: Classification): Sql {
  const n = (value: number) => String(value)
  const tieOrder = keys
    ? sql`coalesce((select k.external_id from (${keys}) k where k.customer_id = f.customer_id),
      f.customer_id::text) ${d.byteOrder}`
    : sql`f.customer_id`
  const abc = (before: Sql) => sql`case when ${before} < ${n(s.abcA)}::${d.numeric} * total then 'A'
    when ${before} < ${n(s.abcB)}::${d.numeric} * total then 'B' else 'C' end`
  const score = (rank: Sql) =>
    sql`case when n = 1 then 5 else least(5, 1 + ${d.div(sql`5 * (${rank} - 1)`, sql`n - 1`)}) end`
  return sql`with
  -- The latest order in the data, returns included, ends the months of XYZ and sets the default date.
  data_month as (
    select max(last_month) as last_month, coalesce(${asOf}::date, max(last_day) + 1) as as_of from ${counts}
    where kind = ${countKinds.all}
  ),
  -- Ranks with ties from the distinct values and their cumulative counts, instead of sorting every customer. An
  -- earlier last purchase is a longer recency.
  r_scale as (
    select last_purchase, (1 + coalesce(sum(sum(customers)) over (order by last_purchase
      rows between unbounded preceding and 1 preceding), 0))::bigint as rank
    from ${counts} where kind = ${countKinds.lastPurchase} and customers > 0 group by last_purchase
  ),
  f_scale as (
    select frequency, (1 + coalesce(sum(sum(customers)) over (order by frequency
      rows between unbounded preceding and 1 preceding), 0))::bigint as rank
    from ${counts} where kind = ${countKinds.frequency} and customers > 0 group by frequency
  ),
  -- ABC: the customers above one with monetary v hold everything above v, plus v for each tie before them by
  -- id; only a tie group that straddles a threshold needs that order.
  m_scale as (
    select monetary, ties, (sum(ties) over (order by monetary) - ties + 1)::bigint as rank,
      (sum(ties) over ())::bigint as n, sum(monetary * ties) over () as total,
      sum(monetary * ties) over () - sum(monetary * ties) over (order by monetary) as above
    from (select monetary, sum(customers) as ties from ${counts}
      where kind = ${countKinds.monetary} and customers > 0 group by monetary) c
  ),
  m_classes as (
    select m_scale.*, ${score(sql`rank`)} as m, ${abc(sql`above`)} as abc_first,
      ${abc(sql`above + (ties - 1) * monetary`)} as abc_last
    from m_scale
  ),
  -- The few monetary values whose tie group straddles a threshold; their customers are placed in the group by id.
  straddling as (select * from m_classes where abc_first <> abc_last),
  placed as (
    select f.*, (row_number() over (partition by f.monetary order by ${tieOrder})${
      tiesBefore
        ? sql` + coalesce((select sum(t.customers) from (${tiesBefore}) t where t.monetary = f.monetary), 0)`
        : sql.empty
    })::bigint as place
    from ${figures} f where f.frequency > 0 and f.monetary in (select monetary from straddling)
  ),
  -- The hash joins with the small tables keep the figures' order (by customer id), the results' key order.
  classed as (
    select c.*, null::bigint as place, m.n, m.m, m.abc_first as abc
    from ${figures} c join m_classes m on m.monetary = c.monetary and m.abc_first = m.abc_last
    where c.frequency > 0 and ${part}
    union all
    select c.*, m.n, m.m, ${abc(sql`m.above + (c.place - 1) * c.monetary`)}
    from placed c join straddling m on m.monetary = c.monetary
    where ${part}
  ),
  measured as (
    select c.*, ${keys ? sql`coalesce(k.external_id, c.customer_id::text)` : sql`c.customer_id::text`} as external_id,
      dm.as_of - c.last_purchase as recency_days, dm.as_of,
      dm.last_month - c.first_month + 1 as month_count,
      ${score(sql`rs.rank`)} as r, ${score(sql`fs.rank`)} as f,
      -- CV of the monthly revenue, squared and without division: n·Σx² − (Σx)² against t²·(Σx)².
      ${d.spread(sql`(dm.last_month - c.first_month + 1) * c.month_squares - c.monetary * c.monetary`)} as month_spread,
      ${d.spread(sql`c.monetary * c.monetary`)} as monetary_squared
    from classed c
    cross join data_month dm
    join r_scale rs on rs.last_purchase = c.last_purchase
    join f_scale fs on fs.frequency = c.frequency
    ${keys ? sql`left join (${keys}) k on k.customer_id = c.customer_id` : sql``}
  )
  select customer_id, external_id, first_purchase, last_purchase, recency_days, frequency, monetary,
    r::smallint as r, f::smallint as f, m::smallint as m,
    case
      when r <= 2 then case when f <= 2 then 'hibernating' when f <= 4 then 'at_risk' else 'cant_lose' end
      when r = 3 then case when f <= 2 then 'about_to_sleep' when f = 3 then 'need_attention' else 'loyal' end
      when r = 4 then case when f = 1 then 'promising' when f <= 3 then 'potential_loyalist' else 'loyal' end
      else case when f = 1 then 'new' when f <= 3 then 'potential_loyalist' else 'champions' end
    end as segment,
    abc,
    case when month_count < ${s.xyzMinMonths} then null
      when monetary <= 0 then 'Z'
      when month_spread > (${n(s.xyzY)}::${d.numeric} ^ 2) * monetary_squared then 'Z'
      when month_spread <= (${n(s.xyzX)}::${d.numeric} ^ 2) * monetary_squared then 'X'
      else 'Y' end as xyz,
    case when month_count >= ${s.xyzMinMonths} and monetary > 0
      then round(${d.sqrt(sql`month_spread`)} / monetary, 4) end as cv,
    median as median_interval_days,
    case when median is not null and gap_total > 0
      then round(${d.sqrt(sql`gaps * gap_squares - gap_total * gap_total`)} / gap_total, 4) end as interval_cv,
    last_purchase + floor(median)::int as next_due,
    coalesce(recency_days > ${n(s.habitBrokenFactor)}::${d.numeric} * median, false) as habit_broken,
    purchase_months, as_of
  -- offset 0: the planner would copy the spread's numeric arithmetic into each of its three uses.
  from (select * from measured offset 0) measured`
}
