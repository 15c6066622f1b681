import { type UnitAccess, visibleCustomers } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import { currentResults } from '../segments/current-results.js'
import { customerValue, newestFitId } from './customer-value.js'
import { addDays, answeredAt, inLocalWindow, localDayStart } from './local-window.js'

export interface SilentQuery {
  /** Buying: at least one order on a local date from `from` to `to`. */
  from: string
  to: string
  /** Silent: no response ever, or none answered within the window. */
  silence: 'never' | 'period'
}

export interface SilentCustomer {
  customerId: string
  externalId: string
  name: string | null
  email: string | null
  emailOptIn: boolean | null
  segment: string | null
  abc: string | null
  orders: number
  /** Order revenue in the window. */
  revenue: string
  /** 12-month CLV of the newest forecast, else the customer's net revenue. */
  value: string
  valueSource: 'clv' | 'revenue'
  lastOrderAt: string
  /** Their newest answer before the window's end; null when they never answered. */
  lastAnsweredAt: string | null
}

export interface SilentSegment {
  segment: string | null
  customers: number
  revenue: string
  value: string
}

/**
 * The silent customers' rows (aliases b: their orders in the window, c: the customer, sr: segments, and the value
 * columns). "Never answered" starts from the customers with orders and no response (insight_customers) and looks
 * up their orders in the window; "not in the window" starts from the window's orders.
 */
function silentFrom(access: UnitAccess, query: SilentQuery, fitId: string | null): Sql {
  const ws = access.workspaceId
  const inWindow = inLocalWindow(ws, sql`o.ordered_at`, query.from, query.to)
  const ordered = sql`select count(*)::int as orders, sum(o.amount) as revenue, max(o.ordered_at) as last_order_at`
  const buyers =
    query.silence === 'never'
      ? // The buyers first, then each of them looked up (offset 0 keeps the planner from flattening either): it
        // expects every never-answering customer to be a buyer and would otherwise read all customers to join them.
        sql`from (select ic.customer_id, b.orders, b.revenue, b.last_order_at from insight_customers ic
            cross join lateral (${ordered} from orders o
              where o.workspace_id = ${ws} and o.customer_id = ic.customer_id and ${inWindow}) b
            where ic.workspace_id = ${ws} and ic.responses = 0 and b.orders > 0 offset 0) b
          cross join lateral (select * from customers c where c.id = b.customer_id offset 0) c`
      : sql`from (select o.customer_id, count(*)::int as orders, sum(o.amount) as revenue,
            max(o.ordered_at) as last_order_at
          from orders o where o.workspace_id = ${ws} and ${inWindow} group by o.customer_id) b
          join customers c on c.id = b.customer_id`
  const silent =
    query.silence === 'never'
      ? sql`true`
      : sql`not exists (select 1 from responses r where r.workspace_id = ${ws} and r.customer_id = c.id
          and ${inLocalWindow(ws, answeredAt, query.from, query.to)})`
  return sql`${buyers}
    left join ${currentResults(ws)} sr on sr.customer_id = c.id
    ${customerValue(ws, sql`c.id`, fitId).joins}
    where ${silent} and ${visibleCustomers(access)} and c.erased_at is null`
}

function listSql(access: UnitAccess, query: SilentQuery, fitId: string | null): Sql {
  const ws = access.workspaceId
  const end = localDayStart(ws, addDays(query.to, 1))
  const value = customerValue(ws, sql`c.id`, fitId)
  return sql`select c.id as "customerId", c.external_id as "externalId", c.name, c.email,
      c.email_opt_in as "emailOptIn", sr.segment, sr.abc::text as abc, b.orders, round(b.revenue, 2)::text as revenue,
      round(${value.value}, 2)::text as value, ${value.source} as "valueSource", b.last_order_at as "lastOrderAt",
      (select max(${answeredAt}) from responses r where r.workspace_id = ${ws} and r.customer_id = c.id
        and ${answeredAt} < ${end}) as "lastAnsweredAt"
    ${silentFrom(access, query, fitId)}
    order by ${value.value} desc, c.external_id`
}

/** How many customers bought in the window but never answered (or not in the window), per segment, and their value. */
export async function summarizeSilentCustomers(
  db: Db,
  access: UnitAccess,
  query: SilentQuery,
  fitId?: string | null,
): Promise<{ total: number; bySegment: SilentSegment[] }> {
  const fit = fitId === undefined ? await newestFitId(db, access.workspaceId) : fitId
  const value = customerValue(access.workspaceId, sql`c.id`, fit).value
  const bySegment = await db.query<SilentSegment>(sql`select sr.segment, count(*)::int as customers,
      round(sum(b.revenue), 2)::text as revenue, round(sum(${value}), 2)::text as value
    ${silentFrom(access, query, fit)}
    group by sr.segment order by sum(${value}) desc, sr.segment`)
  return { total: bySegment.reduce((sum, s) => sum + s.customers, 0), bySegment }
}

/** Customers who bought in the window but never answered (or not in the window), most valuable first. */
export async function listSilentCustomers(
  db: Db,
  access: UnitAccess,
  query: SilentQuery,
  page: { limit: number; offset: number },
): Promise<{ items: SilentCustomer[]; total: number; bySegment: SilentSegment[] }> {
  const fitId = await newestFitId(db, access.workspaceId)
  const [summary, items] = await Promise.all([
    summarizeSilentCustomers(db, access, query, fitId),
    db.query<SilentCustomer>(sql`${listSql(access, query, fitId)} limit ${page.limit} offset ${page.offset}`),
  ])
  return { items: items.map(withIsoDates), ...summary }
}

/** The whole list in its order, in batches (the CSV for outreach). */
export async function* allSilentCustomers(
  db: Db,
  access: UnitAccess,
  query: SilentQuery,
): AsyncGenerator<SilentCustomer[]> {
  const fitId = await newestFitId(db, access.workspaceId)
  for await (const batch of db.batches<SilentCustomer>(listSql(access, query, fitId), 2000))
    yield batch.map(withIsoDates)
}

function withIsoDates(row: SilentCustomer): SilentCustomer {
  const iso = (value: unknown) => (value === null ? null : new Date(value as string).toISOString())
  return { ...row, lastOrderAt: iso(row.lastOrderAt) ?? '', lastAnsweredAt: iso(row.lastAnsweredAt) }
}
