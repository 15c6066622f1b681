import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'

/** Test support: [customer external id, YYYY-MM-DD, amount, status?] written straight into a workspace. */
export type SeedOrder = [customer: string, day: string, amount: string, status?: string]

/** Creates the customers and orders (noon UTC on each day), in one statement each. */
export async function seedOrders(db: Db, workspaceId: string, orders: SeedOrder[]): Promise<void> {
  const customers = [...new Set(orders.map((o) => o[0]))]
  await db.query(sql`insert into customers (workspace_id, external_id)
    select ${workspaceId}, id from unnest(${customers}::text[]) as t(id) on conflict do nothing`)
  await db.query(sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount, status)
    select ${workspaceId}, c.id, 'o' || t.n, (t.day || 'T12:00:00Z')::timestamptz, 'EUR', t.amount, t.status
    from unnest(${orders.map((o) => o[0])}::text[], ${orders.map((o) => o[1])}::text[],
      ${orders.map((o) => o[2])}::numeric[], ${orders.map((o) => o[3] ?? 'completed')}::text[])
      with ordinality as t(customer, day, amount, status, n)
    join customers c on c.workspace_id = ${workspaceId} and c.external_id = t.customer`)
}
