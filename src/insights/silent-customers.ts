import { visibleCustomers } from '../access/unit-scope.js'
import type { WorkspaceAccess } from '../access/workspace-access.js'
import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import { currentResults } from '../segments/current-results.js'
import { customerValueJoin } from './customer-value.js'
import { addDays, answeredAt, inLocalWindow, localDayStart } from './local-window.js'

type Access = Pick<WorkspaceAccess, 'workspaceId' | 'unitPath'>

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
  /** 12-month CLV of the newest forecast, else revenue of the 12 months before the window's end. */
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

function silentFrom(access: Access, query: SilentQuery): Sql {
  const ws = access.workspaceId
  const end = localDayStart(ws, addDays(query.to, 1))
  const answered =
    query.silence === 'never'
      ? sql`r.workspace_id = ${ws} and r.customer_id = c.id`
      : sql`r.workspace_id = ${ws} and r.customer_id = c.id and ${inLocalWindow(ws, answeredAt, query.from, query.to)}`
  return sql`from (select o.customer_id, count(*)::int as orders, sum(o.amount) as revenue,
        max(o.ordered_at) as last_order_at
      from orders o where o.workspace_id = ${ws} and ${inLocalWindow(ws, sql`o.ordered_at`, query.from, query.to)}
      group by o.customer_id) b
    join customers c on c.id = b.customer_id
    left join ${currentResults(ws)} sr on sr.customer_id = c.id
    ${customerValueJoin(ws, sql`c.id`, end, 'v')}
    where ${visibleCustomers(access)} and c.erased_at is null
      and not exists (select 1 from responses r where ${answered})`
}

function listSql(access: Access, query: SilentQuery): Sql {
  const ws = access.workspaceId
  const end = localDayStart(ws, addDays(query.to, 1))
  return sql`select c.id as "customerId", c.external_id as "externalId", c.name, c.email,
      c.email_opt_in as "emailOptIn", sr.segment, sr.abc::text as abc, b.orders, round(b.revenue, 2)::text as revenue,
      round(v.value, 2)::text as value, v.source as "valueSource", b.last_order_at as "lastOrderAt",
      (select max(${answeredAt}) from responses r where r.workspace_id = ${ws} and r.customer_id = c.id
        and ${answeredAt} < ${end}) as "lastAnsweredAt"
    ${silentFrom(access, query)}
    order by v.value desc, c.external_id`
}

/** Customers who bought in the window but never answered (or not in the window), most valuable first. */
export async function listSilentCustomers(
  db: Db,
  access: Access,
  query: SilentQuery,
  page: { limit: number; offset: number },
): Promise<{ items: SilentCustomer[]; total: number; bySegment: SilentSegment[] }> {
  const bySegment = await db.query<SilentSegment>(sql`select sr.segment, count(*)::int as customers,
      round(sum(b.revenue), 2)::text as revenue, round(sum(v.value), 2)::text as value
    ${silentFrom(access, query)}
    group by sr.segment order by sum(v.value) desc, sr.segment`)
  const total = bySegment.reduce((sum, s) => sum + s.customers, 0)
  const items = await db.query<SilentCustomer>(
    sql`${listSql(access, query)} limit ${page.limit} offset ${page.offset}`,
  )
  return { items: items.map(withIsoDates), total, bySegment }
}

/** The whole list in its order, in batches (the CSV for outreach). */
export async function* allSilentCustomers(
  db: Db,
  access: Access,
  query: SilentQuery,
): AsyncGenerator<SilentCustomer[]> {
  for await (const batch of db.batches<SilentCustomer>(listSql(access, query), 2000))
    yield batch.map(withIsoDates)
}

function withIsoDates(row: SilentCustomer): SilentCustomer {
  const iso = (value: unknown) => (value === null ? null : new Date(value as string).toISOString())
  return { ...row, lastOrderAt: iso(row.lastOrderAt) ?? '', lastAnsweredAt: iso(row.lastAnsweredAt) }
}
