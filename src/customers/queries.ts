import { inUnitTree, type UnitAccess, visibleCustomers } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import { orderBy, type SortDir } from '../http/order-by.js'

export interface CustomerSummary {
  id: string
  externalId: string
  name: string | null
  email: string | null
  phone: string | null
  language: string | null
  orgUnitId: string | null
  orgUnitName: string | null
  ordersCount: number
  revenue: string
  currency: string | null
  lastOrderAt: Date | null
}

export interface Customer extends CustomerSummary {
  attributes: Record<string, unknown>
  /** null: never stated, which is no consent. */
  emailOptIn: boolean | null
  smsOptIn: boolean | null
  optedOut: boolean
  createdAt: Date
  updatedAt: Date
  firstOrderAt: Date | null
}

function matches(q: string | undefined): Sql {
  if (!q) return sql.empty
  const pattern = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
  return sql` and (c.external_id ilike ${pattern} or c.name ilike ${pattern} or c.email ilike ${pattern}
    or c.phone ilike ${pattern})`
}

// One currency per customer is the norm; when there are several, the sum has no currency to show.
const summaryColumns = sql`c.id, c.external_id as "externalId", c.name, c.email, c.phone, c.language,
  c.org_unit_id as "orgUnitId", u.name as "orgUnitName", coalesce(s.orders_count, 0)::int as "ordersCount",
  coalesce(s.revenue, 0)::text as revenue, case when s.currencies = 1 then s.currency end as currency,
  s.last_order_at as "lastOrderAt"`

const summaryJoins = sql`left join org_units u on u.id = c.org_unit_id
  left join lateral (
    select count(*) as orders_count, sum(o.amount) as revenue, count(distinct o.currency) as currencies,
      min(o.currency) as currency, max(o.ordered_at) as last_order_at, min(o.ordered_at) as first_order_at
    from orders o where o.workspace_id = c.workspace_id and o.customer_id = c.id
  ) s on true`

/** Which customers the list shows: a search, an org unit (with the units under it), a language, and a
 * condition on `c.id` another capability contributes (their segment or ABC class). */
export const customerSorts = ['name', 'external_id', 'orders', 'revenue', 'last_order'] as const
export type CustomerSort = (typeof customerSorts)[number]

export interface CustomerFilter {
  q?: string
  /** The list's order; by name when absent. Ties go by external id. */
  sort?: CustomerSort
  dir?: SortDir
  orgUnitId?: string
  language?: string
  /** A condition on c.id, e.g. from the segments capability; undefined: none. */
  where?: Sql
}

function filtered(access: UnitAccess, f: CustomerFilter): Sql {
  const parts = [sql`${visibleCustomers(access)}${matches(f.q)}`]
  if (f.orgUnitId) parts.push(inUnitTree(access.workspaceId, sql`c.org_unit_id`, f.orgUnitId))
  if (f.language) parts.push(sql`c.language = ${f.language}`)
  if (f.where) parts.push(f.where)
  return sql.join(parts, ' and ')
}

const sortColumns: Record<CustomerSort, Sql> = {
  name: sql`c.name`,
  external_id: sql`c.external_id`,
  orders: sql`coalesce(s.orders_count, 0)`,
  revenue: sql`coalesce(s.revenue, 0)`,
  last_order: sql`s.last_order_at`,
}

/** Customers matching the filter, with their order totals, in the filter's order. */
function customersSql(access: UnitAccess, f: CustomerFilter): Sql {
  return sql`select ${summaryColumns} from customers c ${summaryJoins}
    where ${filtered(access, f)}
    order by ${orderBy(sortColumns, { sort: f.sort ?? 'name', dir: f.dir }, [sql`c.external_id`])}`
}

/** A page of customers matching the filter, in the order of customersSql. */
export async function listCustomers(
  db: Db,
  access: UnitAccess,
  options: CustomerFilter & { limit: number; offset: number },
): Promise<{ items: CustomerSummary[]; total: number }> {
  const [count] = await db.query<{ total: number }>(
    sql`select count(*)::int as total from customers c where ${filtered(access, options)}`,
  )
  const items = await db.query<CustomerSummary>(
    sql`${customersSql(access, options)} limit ${options.limit} offset ${options.offset}`,
  )
  return { items, total: count!.total }
}

/** Every customer matching the filter, in the list's order, in batches (CSV export). */
export function allCustomers(
  db: Db,
  access: UnitAccess,
  filter: CustomerFilter,
): AsyncGenerator<CustomerSummary[]> {
  return db.batches<CustomerSummary>(customersSql(access, filter), 2000)
}

/** One customer with record and stats, or undefined when not visible to the caller. */
export async function getCustomer(db: Db, access: UnitAccess, id: string): Promise<Customer | undefined> {
  const [row] =
    await db.query<Customer>(sql`select ${summaryColumns}, c.attributes, c.email_opt_in as "emailOptIn",
      c.sms_opt_in as "smsOptIn", c.opted_out as "optedOut", c.created_at as "createdAt", c.updated_at as "updatedAt",
      s.first_order_at as "firstOrderAt"
    from customers c ${summaryJoins} where ${visibleCustomers(access)} and c.id = ${id}`)
  return row
}

export type TimelineItem =
  | {
      kind: 'order'
      id: string
      at: Date
      externalId: string
      amount: string
      currency: string
      status: string
      lines: { productId: string; productName: string | null; quantity: string; unitPrice: string }[]
    }
  | {
      kind: 'event'
      id: string
      at: Date
      type: string
      channel: string | null
      touchpoint: string | null
      properties: Record<string, unknown>
    }

/** Orders and events of a customer, newest first. */
export async function getTimeline(
  db: Db,
  workspaceId: string,
  customerId: string,
  limit: number,
): Promise<TimelineItem[]> {
  const orders = await db.query<TimelineItem>(sql`select 'order' as kind, o.id, o.ordered_at as at,
      o.external_id as "externalId", o.amount::text as amount, o.currency, o.status,
      coalesce((select json_agg(json_build_object('productId', l.product_id, 'productName', l.product_name,
        'quantity', l.quantity::text, 'unitPrice', l.unit_price::text) order by l.line_no)
        from order_lines l where l.order_id = o.id), '[]') as lines
    from orders o where o.workspace_id = ${workspaceId} and o.customer_id = ${customerId}
    order by o.ordered_at desc limit ${limit}`)
  const events = await db.query<TimelineItem>(sql`select 'event' as kind, e.id, e.occurred_at as at, e.type,
      e.channel, e.touchpoint, e.properties
    from events e where e.workspace_id = ${workspaceId} and e.customer_id = ${customerId}
    order by e.occurred_at desc limit ${limit}`)
  return [...orders, ...events].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit)
}
