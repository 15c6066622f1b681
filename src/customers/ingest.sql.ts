import { sql } from '../db/sql.js'

// Set-based upserts over unnest()ed column arrays: one statement per batch, the same SQL on PGlite and PostgreSQL.
// Each is split into update-changed + insert-new so that a value absent from the input keeps what is stored.

export interface CustomerColumns {
  externalId: string[]
  name: (string | null)[]
  email: (string | null)[]
  phone: (string | null)[]
  language: (string | null)[]
  attributes: string[]
  unitCode: (string | null)[]
  emailOptIn: (boolean | null)[]
  smsOptIn: (boolean | null)[]
  optedOut: (boolean | null)[]
}

const customerInput = (c: CustomerColumns) => sql`
  select * from unnest(${c.externalId}::text[], ${c.name}::text[], ${c.email}::text[], ${c.phone}::text[],
    ${c.language}::text[], ${c.attributes}::text[], ${c.unitCode}::text[], ${c.emailOptIn}::bool[],
    ${c.smsOptIn}::bool[], ${c.optedOut}::bool[])
  as t(external_id, name, email, phone, language, attributes, unit_code, email_opt_in, sms_opt_in, opted_out)`

export function updateCustomersSql(ws: string, c: CustomerColumns) {
  return sql`with input as (${customerInput(c)}),
  merged as (
    select cu.id, coalesce(i.name, cu.name) as name, coalesce(i.email, cu.email) as email,
      coalesce(i.phone, cu.phone) as phone, coalesce(i.language, cu.language) as language,
      cu.attributes || i.attributes::jsonb as attributes, coalesce(u.id, cu.org_unit_id) as org_unit_id,
      coalesce(i.email_opt_in, cu.email_opt_in) as email_opt_in, coalesce(i.sms_opt_in, cu.sms_opt_in) as sms_opt_in,
      coalesce(i.opted_out, cu.opted_out) as opted_out
    from input i
    join customers cu on cu.workspace_id = ${ws} and cu.external_id = i.external_id
    left join org_units u on u.workspace_id = ${ws} and u.code = i.unit_code
  )
  update customers cu set name = m.name, email = m.email, phone = m.phone, language = m.language,
    attributes = m.attributes, org_unit_id = m.org_unit_id, email_opt_in = m.email_opt_in,
    sms_opt_in = m.sms_opt_in, opted_out = m.opted_out, updated_at = now()
  from merged m
  where cu.id = m.id and (cu.name, cu.email, cu.phone, cu.language, cu.attributes, cu.org_unit_id, cu.email_opt_in,
    cu.sms_opt_in, cu.opted_out) is distinct from (m.name, m.email, m.phone, m.language, m.attributes, m.org_unit_id,
    m.email_opt_in, m.sms_opt_in, m.opted_out)
  returning cu.external_id`
}

export function insertCustomersSql(ws: string, c: CustomerColumns) {
  return sql`with input as (${customerInput(c)})
  insert into customers (workspace_id, external_id, name, email, phone, language, attributes, org_unit_id,
    email_opt_in, sms_opt_in, opted_out)
  select ${ws}, i.external_id, i.name, i.email, i.phone, i.language, i.attributes::jsonb, u.id,
    i.email_opt_in, i.sms_opt_in, coalesce(i.opted_out, false)
  from input i left join org_units u on u.workspace_id = ${ws} and u.code = i.unit_code
  where not exists (select 1 from customers cu where cu.workspace_id = ${ws} and cu.external_id = i.external_id)
  on conflict (workspace_id, external_id) do nothing
  returning external_id`
}

/** Customers that orders and events name but no customer file has brought yet. */
export function ensureCustomersSql(ws: string, externalIds: string[]) {
  return sql`insert into customers (workspace_id, external_id)
  select ${ws}, id from unnest(${externalIds}::text[]) as t(id)
  on conflict (workspace_id, external_id) do nothing
  returning external_id`
}

export function knownUnitCodesSql(ws: string, codes: string[]) {
  return sql`select code from org_units where workspace_id = ${ws} and code = any(${codes}::text[])`
}

export interface OrderColumns {
  orderId: string[]
  customerId: string[]
  orderedAt: Date[]
  currency: string[]
  status: string[]
  /** null: the amount is the sum of the order's lines. */
  amount: (string | null)[]
}

const orderInput = (o: OrderColumns) => sql`
  select * from unnest(${o.orderId}::text[], ${o.customerId}::text[], ${o.orderedAt.map((d) => d.toISOString())}::timestamptz[],
    ${o.currency}::text[], ${o.status}::text[], ${o.amount}::numeric[])
  as t(order_id, customer_ext, ordered_at, currency, status, amount)`

export function updateOrdersSql(ws: string, o: OrderColumns) {
  return sql`with input as (${orderInput(o)}),
  merged as (
    select od.id, cu.id as customer_id, i.ordered_at, i.currency, i.status, coalesce(i.amount, od.amount) as amount
    from input i
    join orders od on od.workspace_id = ${ws} and od.external_id = i.order_id
    join customers cu on cu.workspace_id = ${ws} and cu.external_id = i.customer_ext
  )
  update orders od set customer_id = m.customer_id, ordered_at = m.ordered_at, currency = m.currency,
    status = m.status, amount = m.amount, updated_at = now()
  from merged m
  where od.id = m.id and (od.customer_id, od.ordered_at, od.currency, od.status, od.amount)
    is distinct from (m.customer_id, m.ordered_at, m.currency, m.status, m.amount)
  returning od.external_id`
}

/**
 * The staging table for one batch of orders, filled by COPY. Made once per connection (creating it per batch
 * costs more than filling it) and emptied at every commit. The lines of new orders skip it: they are copied
 * straight into order_lines once their orders are in.
 */
export const stagingTablesScript = `
  set local client_min_messages = warning;
  create temp table if not exists import_orders (id uuid, order_ext text, customer_id uuid, customer_ext text,
    ordered_at timestamptz, currency text, status text, amount numeric) on commit delete rows;`
export const stagedOrderColumns = [
  'id',
  'customer_id',
  'order_ext',
  'customer_ext',
  'ordered_at',
  'currency',
  'status',
  'amount',
]
export const orderLineColumns = [
  'order_id',
  'line_no',
  'workspace_id',
  'product_id',
  'quantity',
  'unit_price',
  'product_name',
]

/**
 * Customers the staged orders name that do not exist yet; returns how many were created. Their ids, made by
 * the caller, are time-ordered like those of orders: new customers (and their orders in orders_customer) land
 * at the right edge of the indexes.
 */
export function ensureStagedCustomersSql(ws: string) {
  return sql`with created as (
    insert into customers (id, workspace_id, external_id)
    select distinct customer_id, ${ws}::uuid, customer_ext from import_orders
    on conflict (workspace_id, external_id) do nothing
    returning 1
  )
  select count(*)::int as created from created`
}

/**
 * One writer of new orders at a time per workspace, so that "write the orders that do not exist yet" needs no
 * conflict handling: a plain insert skips the speculative insertion of `on conflict`, some 3 µs per order.
 */
export function lockOrderWritesSql(ws: string) {
  return sql`select pg_advisory_xact_lock(4404, hashtext(${ws}::text))`
}

/**
 * Writes the staged orders that do not exist yet; returns the staged orders it did not write (they existed
 * already). Call it holding lockOrderWritesSql. Customers and orders are probed one by one through their unique
 * indexes (offset 0 keeps the planner from hashing the whole table: mid-import its statistics are far out of date).
 */
export function insertStagedOrdersSql(ws: string) {
  return sql`with ins as (
    insert into orders (id, workspace_id, customer_id, external_id, ordered_at, currency, amount, status)
    select i.id, ${ws}, cu.id, i.order_ext, i.ordered_at, i.currency, i.amount, i.status
    from import_orders i
    cross join lateral (
      select id from customers c where c.workspace_id = ${ws} and c.external_id = i.customer_ext offset 0
    ) cu
    where not exists (select 1 from orders o where o.workspace_id = ${ws} and o.external_id = i.order_ext offset 0)
    returning external_id
  )
  select i.order_ext as external_id from import_orders i
  where not exists (select 1 from ins where ins.external_id = i.order_ext)`
}

export function orderIdsSql(ws: string, orderIds: string[]) {
  return sql`select id, external_id from orders where workspace_id = ${ws} and external_id = any(${orderIds}::text[])`
}

export interface LineColumns {
  /** The orders' own ids (uuid), looked up once per batch. */
  orderUuid: string[]
  lineNo: number[]
  productId: string[]
  quantity: string[]
  unitPrice: string[]
  productName: (string | null)[]
}

export function upsertLinesSql(ws: string, l: LineColumns) {
  return sql`insert into order_lines (order_id, line_no, workspace_id, product_id, quantity, unit_price, product_name)
  select t.order_id, t.line_no, ${ws}, t.product_id, t.quantity, t.unit_price, t.product_name
  from unnest(${l.orderUuid}::uuid[], ${l.lineNo}::int[], ${l.productId}::text[], ${l.quantity}::numeric[],
    ${l.unitPrice}::numeric[], ${l.productName}::text[]) as t(order_id, line_no, product_id, quantity, unit_price,
    product_name)
  on conflict (order_id, line_no) do update set product_id = excluded.product_id, quantity = excluded.quantity,
    unit_price = excluded.unit_price, product_name = excluded.product_name
  where (order_lines.product_id, order_lines.quantity, order_lines.unit_price, order_lines.product_name)
    is distinct from (excluded.product_id, excluded.quantity, excluded.unit_price, excluded.product_name)
  returning (xmax = 0) as inserted, order_id as "orderUuid", line_no as "lineNo"`
}

/** An order given by its lines is worth the exact sum of quantity × unit price. */
export function sumLineAmountsSql(ws: string, orderUuids: string[]) {
  return sql`update orders od set amount = s.total, updated_at = now()
  from (
    select order_id, sum(quantity * unit_price) as total from order_lines
    where order_id = any(${orderUuids}::uuid[]) group by order_id
  ) s
  where od.workspace_id = ${ws} and od.id = s.order_id and od.amount is distinct from s.total
  returning od.external_id`
}

export interface EventColumns {
  dedupeKey: string[]
  customerId: string[]
  type: string[]
  occurredAt: Date[]
  channel: (string | null)[]
  touchpoint: (string | null)[]
  properties: string[]
}

export function upsertEventsSql(ws: string, e: EventColumns) {
  return sql`insert into events (workspace_id, customer_id, dedupe_key, type, occurred_at, channel, touchpoint, properties)
  select ${ws}, cu.id, t.dedupe_key, t.type, t.occurred_at, t.channel, t.touchpoint, t.properties::jsonb
  from unnest(${e.dedupeKey}::text[], ${e.customerId}::text[], ${e.type}::text[],
    ${e.occurredAt.map((d) => d.toISOString())}::timestamptz[], ${e.channel}::text[], ${e.touchpoint}::text[],
    ${e.properties}::text[]) as t(dedupe_key, customer_ext, type, occurred_at, channel, touchpoint, properties)
  join customers cu on cu.workspace_id = ${ws} and cu.external_id = t.customer_ext
  on conflict (workspace_id, dedupe_key) do update set customer_id = excluded.customer_id, type = excluded.type,
    occurred_at = excluded.occurred_at, channel = excluded.channel, touchpoint = excluded.touchpoint,
    properties = excluded.properties
  where (events.customer_id, events.type, events.occurred_at, events.channel, events.touchpoint, events.properties)
    is distinct from (excluded.customer_id, excluded.type, excluded.occurred_at, excluded.channel,
      excluded.touchpoint, excluded.properties)
  returning (xmax = 0) as inserted, events.dedupe_key as "dedupeKey"`
}
