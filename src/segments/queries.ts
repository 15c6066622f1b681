import { z } from 'zod'
import { type UnitAccess, unitScope } from '../access/unit-scope.js'
import { type Db, one } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'
import { orderBy, type SortDir } from '../http/order-by.js'
import { currentResults } from './current-results.js'

// Reads of the stored results (the current generation's, and segment_snapshots); every one honours the caller's org unit
// the way the customer list does: a caller limited to a unit sees the customers of that unit and below.

export const segmentNames = [
  'champions',
  'loyal',
  'potential_loyalist',
  'new',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cant_lose',
  'hibernating',
] as const

const score = z.coerce.number().int().min(1).max(5)

/** Which customers a list shows: a segment, an ABC×XYZ cell, an R×F cell, broken habits; all optional. */
export const segmentFilterSchema = z.object({
  segment: z.enum(segmentNames).optional(),
  abc: z.enum(['A', 'B', 'C']).optional(),
  xyz: z.enum(['X', 'Y', 'Z', 'none']).optional(),
  r: score.optional(),
  f: score.optional(),
  habitBroken: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
})
export type SegmentFilter = z.infer<typeof segmentFilterSchema>

/**
 * The condition on `c.id` that keeps the customers whose current result is in the segment and ABC class, for
 * another capability's list (the customers list); an unknown segment is refused, naming the field.
 */
export function inSegment(workspaceId: string, f: { segment?: string; abc?: 'A' | 'B' | 'C' }): Sql {
  if (f.segment !== undefined && !segmentNames.some((n) => n === f.segment))
    throw new DomainError('invalid', `no such segment; one of ${segmentNames.join(', ')}`, 'segment')
  const parts = [sql`true`]
  if (f.segment) parts.push(sql`s.segment = ${f.segment}`)
  if (f.abc) parts.push(sql`s.abc = ${f.abc}`)
  return sql`c.id in (select s.customer_id from ${currentResults(workspaceId)} s where ${sql.join(parts, ' and ')})`
}

function units(access: UnitAccess, unitColumn: Sql): Sql {
  if (access.unitPath === null) return sql.empty
  return sql` and ${unitScope(access, unitColumn)}`
}

function visible(access: UnitAccess): Sql {
  return sql`s.workspace_id = ${access.workspaceId}${units(access, sql`c.org_unit_id`)}`
}

function filtered(access: UnitAccess, f: SegmentFilter): Sql {
  const parts = [visible(access)]
  if (f.segment) parts.push(sql`s.segment = ${f.segment}`)
  if (f.abc) parts.push(sql`s.abc = ${f.abc}`)
  if (f.xyz) parts.push(f.xyz === 'none' ? sql`s.xyz is null` : sql`s.xyz = ${f.xyz}`)
  if (f.r) parts.push(sql`s.r = ${f.r}`)
  if (f.f) parts.push(sql`s.f = ${f.f}`)
  if (f.habitBroken !== undefined) parts.push(sql`s.habit_broken = ${f.habitBroken}`)
  return sql.join(parts, ' and ')
}

const from = (access: UnitAccess) =>
  sql`${currentResults(access.workspaceId)} s join customers c on c.id = s.customer_id`

/**
 * The results alone when the caller sees the whole workspace and nothing of the customer is shown: every
 * result has its customer (the recomputation writes them from the customers' orders under the lock a delete of
 * customers takes, and a trigger checks any other write), so the join with a million customers would only cost
 * time.
 */
function resultsOnly(access: UnitAccess): Sql {
  return access.unitPath === null ? sql`${currentResults(access.workspaceId)} s` : from(access)
}

export interface SegmentCell {
  customers: number
  revenue: string
  /** Of the visible analysed customers, 0…1 (4 decimals). */
  customerShare: string
  /** Of their total monetary value, 0…1 (4 decimals); null when that total is not positive. */
  revenueShare: string | null
}

export interface SegmentSummary {
  asOf: string | null
  customers: number
  revenue: string
  habitBroken: number
  segments: (SegmentCell & { segment: string })[]
  abcXyz: (SegmentCell & { abc: string; xyz: string | null })[]
  rf: (SegmentCell & { r: number; f: number; segment: string })[]
}

/** Counts, revenue and shares per segment, per ABC×XYZ cell and per R×F cell. */
export async function getSegmentSummary(db: Db, access: UnitAccess): Promise<SegmentSummary> {
  // One pass over the results for all three tables and the totals: grouping() tells the sets apart (its bits
  // are the columns a row is not grouped by), and tells a cell without XYZ class from the sets without xyz.
  // Each set comes in its table's order: segments by size, ABC×XYZ by class, R×F from the top right.
  const rows = await db.query<{
    set: number
    segment: string | null
    abc: string | null
    xyz: string | null
    r: number | null
    f: number | null
    anySegment: string | null
    customers: number
    revenue: string
    customerShare: string
    revenueShare: string | null
    habitBroken: number
    asOf: string | null
  }>(sql`with cells as (
      select grouping(s.segment, s.abc, s.xyz, s.r, s.f) as set, s.segment, s.abc, s.xyz, s.r::int as r, s.f::int as f,
        min(s.segment) as any_segment, count(*)::int as customers, sum(s.monetary) as revenue,
        (count(*) filter (where s.habit_broken))::int as habit_broken, max(s.as_of) as as_of
      from ${resultsOnly(access)} where ${visible(access)}
      group by grouping sets ((), (s.segment), (s.abc, s.xyz), (s.r, s.f))
    )
    select c.set, c.segment, c.abc, c.xyz, c.r, c.f, c.any_segment as "anySegment", c.customers,
      coalesce(trim_scale(c.revenue), 0)::text as revenue,
      round(c.customers::numeric / nullif(t.customers, 0), 4)::text as "customerShare",
      case when t.revenue > 0 then round(c.revenue / t.revenue, 4)::text end as "revenueShare",
      c.habit_broken as "habitBroken", c.as_of::text as "asOf"
    from cells c cross join (select customers, revenue from cells where set = ${ALL}) t
    order by c.set, case when c.set = ${BY_SEGMENT} then c.customers end desc, c.abc, c.xyz nulls last,
      c.r desc, c.f desc`)
  const cell = ({ customers, revenue, customerShare, revenueShare }: (typeof rows)[number]): SegmentCell => ({
    customers,
    revenue,
    customerShare,
    revenueShare,
  })
  const totals = rows.find((row) => row.set === ALL)
  const sets = (set: number) => rows.filter((row) => row.set === set)
  return {
    asOf: totals?.asOf ?? null,
    customers: totals?.customers ?? 0,
    revenue: totals?.revenue ?? '0',
    habitBroken: totals?.habitBroken ?? 0,
    segments: sets(BY_SEGMENT).map((row) => ({ segment: row.segment!, ...cell(row) })),
    abcXyz: sets(BY_ABC_XYZ).map((row) => ({ abc: row.abc!, xyz: row.xyz, ...cell(row) })),
    rf: sets(BY_R_F).map((row) => ({ r: row.r!, f: row.f!, segment: row.anySegment!, ...cell(row) })),
  }
}

// grouping(segment, abc, xyz, r, f) of each grouping set: a bit for each column left out, segment highest.
const ALL = 0b11111
const BY_SEGMENT = 0b01111
const BY_ABC_XYZ = 0b10011
const BY_R_F = 0b11100

export interface SegmentCustomer {
  id: string
  externalId: string
  name: string | null
  email: string | null
  firstPurchase: string
  lastPurchase: string
  recencyDays: number
  frequency: number
  monetary: string
  r: number
  f: number
  m: number
  segment: string
  abc: string
  xyz: string | null
  cv: string | null
  medianIntervalDays: string | null
  intervalCv: string | null
  nextDue: string | null
  habitBroken: boolean
  asOf: string
}

const customerColumns = sql`c.id, c.external_id as "externalId", c.name, c.email,
  s.first_purchase::text as "firstPurchase", s.last_purchase::text as "lastPurchase", s.recency_days as "recencyDays",
  s.frequency, trim_scale(s.monetary)::text as monetary, s.r::int as r, s.f::int as f, s.m::int as m, s.segment,
  s.abc, s.xyz, s.cv::text as cv, trim_scale(s.median_interval_days)::text as "medianIntervalDays",
  s.interval_cv::text as "intervalCv", s.next_due::text as "nextDue", s.habit_broken as "habitBroken",
  s.as_of::text as "asOf"`

/** The columns the segment customers list sorts by on the server. */
export const segmentCustomerSorts = [
  'external_id',
  'name',
  'segment',
  'rfm',
  'abc_xyz',
  'frequency',
  'monetary',
  'last_purchase',
  'next_due',
] as const
export type SegmentCustomerSort = (typeof segmentCustomerSorts)[number]

/** A list's filter with its order; without a sort, broken habits by due date and the others by value. */
export type SegmentListFilter = SegmentFilter & {
  sort?: SegmentCustomerSort | undefined
  dir?: SortDir | undefined
}

// Segments in the order of segmentNames (best customers first), not by their codes' spelling.
const segmentRank = sql`case s.segment ${sql.join(
  segmentNames.map((name, i) => sql`when ${name} then ${i}::int`),
  ' ',
)} end`

const segmentSortColumns: Record<SegmentCustomerSort, Sql> = {
  external_id: sql`c.external_id collate "C"`,
  name: sql`c.name`,
  segment: segmentRank,
  // Scores are 1 to 5, so this orders by R, then F, then M.
  rfm: sql`s.r * 100 + s.f * 10 + s.m`,
  abc_xyz: sql`s.abc || coalesce(s.xyz, '')`,
  frequency: sql`s.frequency`,
  monetary: sql`s.monetary`,
  last_purchase: sql`s.last_purchase`,
  next_due: sql`s.next_due`,
}

function segmentCustomersOrder(filter: SegmentListFilter): Sql {
  if (filter.sort)
    return orderBy(segmentSortColumns, { sort: filter.sort, dir: filter.dir }, [
      sql`c.external_id collate "C"`,
    ])
  return filter.habitBroken ? sql`s.next_due, c.external_id` : sql`s.monetary desc, c.external_id collate "C"`
}

/** Analysed customers matching the filter, in its order. */
function segmentCustomersSql(access: UnitAccess, filter: SegmentListFilter): Sql {
  return sql`select ${customerColumns} from ${from(access)} where ${filtered(access, filter)}
    order by ${segmentCustomersOrder(filter)}`
}

/** A page of analysed customers matching the filter, in the order of segmentCustomersSql. */
export async function listSegmentCustomers(
  db: Db,
  access: UnitAccess,
  filter: SegmentListFilter,
  page: { limit: number; offset: number },
): Promise<{ items: SegmentCustomer[]; total: number }> {
  const counted = await db.query<{ total: number }>(
    sql`select count(*)::int as total from ${resultsOnly(access)} where ${filtered(access, filter)}`,
  )
  const items = await db.query<SegmentCustomer>(
    sql`${segmentCustomersSql(access, filter)} limit ${page.limit} offset ${page.offset}`,
  )
  return { items, total: one(counted, 'count of segment customers').total }
}

/** Every customer matching the filter, in the list's order, in batches (CSV export). */
export function allSegmentCustomers(
  db: Db,
  access: UnitAccess,
  filter: SegmentListFilter,
): AsyncGenerator<SegmentCustomer[]> {
  return db.batches<SegmentCustomer>(segmentCustomersSql(access, filter), 5000)
}

/** One customer's scores and classes, or undefined when not analysed or not visible. */
export async function getCustomerSegment(
  db: Db,
  access: UnitAccess,
  customerId: string,
): Promise<SegmentCustomer | undefined> {
  const [row] = await db.query<SegmentCustomer>(
    sql`select ${customerColumns} from ${from(access)} where ${visible(access)} and s.customer_id = ${customerId}`,
  )
  return row
}

export interface CohortPeriod {
  /** Months since the cohort's first purchase month. */
  period: number
  active: number
  /** Share of the cohort that bought in this month. */
  activeShare: string
  /** Of those active in the previous month, the share that did not buy in this one; null for period 0. */
  churnRate: string | null
  retentionRate: string | null
}

export interface Cohort {
  /** YYYY-MM of the first purchase. */
  cohort: string
  customers: number
  /** Share with more than one purchase. */
  repeatRate: string
  periods: CohortPeriod[]
}

/** Customers by month of first purchase: who bought again in each following month, churn and retention. */
export async function getCohorts(
  db: Db,
  access: UnitAccess,
): Promise<{ asOf: string | null; cohorts: Cohort[] }> {
  const rows = await db.query<{
    cohort: number
    customers: number
    repeaters: number
    period: number
    active: number
    carried: number
    previous: number | null
  }>(sql`with members as (
      select s.customer_id, s.purchase_months[1] as cohort, s.frequency, s.purchase_months
      from ${resultsOnly(access)} where ${visible(access)}
    ),
    sizes as (
      select cohort, count(*)::int as customers, (count(*) filter (where frequency > 1))::int as repeaters
      from members group by cohort
    ),
    activity as (
      select m.cohort, p.month - m.cohort as period, m.customer_id,
        p.month - 1 = any(m.purchase_months) as bought_before
      from members m cross join lateral unnest(m.purchase_months) as p(month)
    ),
    periods as (
      select cohort, period, count(*)::int as active, (count(*) filter (where bought_before))::int as carried
      from activity group by cohort, period
    ),
    last as (select max(cohort + period) as month from periods)
    select s.cohort, s.customers, s.repeaters, g.period::int as period, coalesce(p.active, 0) as active,
      coalesce(p.carried, 0) as carried, lag(coalesce(p.active, 0)) over (partition by s.cohort order by g.period) as previous
    from sizes s
    cross join lateral generate_series(0, (select month from last) - s.cohort) as g(period)
    left join periods p on p.cohort = s.cohort and p.period = g.period
    order by s.cohort, g.period`)
  const [asOf] = await db.query<{ asOf: string | null }>(
    sql`select as_of::text as "asOf" from segment_generations where workspace_id = ${access.workspaceId}`,
  )
  const ratio = (a: number, b: number) => (b === 0 ? '0.0000' : (a / b).toFixed(4))
  const cohorts = new Map<number, Cohort>()
  for (const row of rows) {
    let cohort = cohorts.get(row.cohort)
    if (!cohort) {
      const year = Math.floor(row.cohort / 12)
      const month = (row.cohort % 12) + 1
      cohort = {
        cohort: `${year}-${String(month).padStart(2, '0')}`,
        customers: row.customers,
        repeatRate: ratio(row.repeaters, row.customers),
        periods: [],
      }
      cohorts.set(row.cohort, cohort)
    }
    // Churned: active in the previous month, not in this one; the rest of the previous month's buyers stayed.
    const previous = row.previous
    cohort.periods.push({
      period: row.period,
      active: row.active,
      activeShare: ratio(row.active, row.customers),
      churnRate: previous === null ? null : previous === 0 ? null : ratio(previous - row.carried, previous),
      retentionRate: previous === null ? null : previous === 0 ? null : ratio(row.carried, previous),
    })
  }
  return { asOf: asOf?.asOf ?? null, cohorts: [...cohorts.values()] }
}

/** Segment sizes per analysis date, summed over the units the caller may see. */
export async function getSegmentHistory(
  db: Db,
  access: UnitAccess,
): Promise<{ asOf: string; segment: string; customers: number; revenue: string }[]> {
  return db.query(sql`select h.as_of::text as "asOf", h.segment, sum(h.customers)::int as customers,
      trim_scale(sum(h.monetary))::text as revenue
    from segment_snapshots h
    where h.workspace_id = ${access.workspaceId}${units(access, sql`h.org_unit_id`)}
    group by h.as_of, h.segment order by h.as_of, h.segment`)
}
