import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import type { Purchase } from './summarize-purchases.js'

// Test support only.

/** 2023-01-01 as a day number, the first day of the steady shop. */
export const steadyStart = Date.UTC(2023, 0, 1) / 86_400_000

/**
 * A shop's first two years, as the segments benchmark writes them: `orders` orders of 10 spread over
 * `customers` customers and 730 days by fixed steps, every 50th left out, so that everybody keeps buying at
 * a steady pace. Nothing in it identifies a dropout process.
 */
export function steadyPurchases(orders = 5000, customers = 2000): Purchase[] {
  return Array.from({ length: orders }, (_, o) => ({
    customerId: String((o * 104729) % customers),
    day: steadyStart + ((o * 7919) % 730),
    amount: 10,
  })).filter((_, o) => o % 50 !== 0)
}

/**
 * The steady shop's customers and orders up to `lastDay` (a day number) into a workspace; returns the
 * customers' external ids. Up to day 638 BG/NBD is identified, Pareto/NBD's dropout is not.
 */
export async function insertSteadyShop(db: Db, workspaceId: string, lastDay: number): Promise<string[]> {
  const purchases = steadyPurchases().filter((p) => p.day <= lastDay)
  const buyers = [...new Set(purchases.map((p) => p.customerId))]
  await db.query(sql`insert into customers (workspace_id, external_id)
    select ${workspaceId}, id from unnest(${buyers}::text[]) as t(id)`)
  await db.query(sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount, status)
    select ${workspaceId}, c.id, 'o' || t.n, timestamptz '1970-01-01' + t.day * interval '1 day', 'EUR',
      t.amount, 'completed'
    from unnest(${purchases.map((p) => p.customerId)}::text[], ${purchases.map((p) => p.day)}::int[],
      ${purchases.map((p) => p.amount)}::numeric[]) with ordinality as t(customer, day, amount, n)
    join customers c on c.workspace_id = ${workspaceId} and c.external_id = t.customer`)
  return buyers
}
