import { createOrgUnit } from '../access/org-units.js'
import type { Db } from '../db/db.js'

// Four customers worked by hand, as of 2024-04-01 (n = 4, score = min(5, 1 + floor(5 (rank − 1) / 3))):
//   a (riga)    10 on Jan 5, Feb 5, Mar 5   recency 27 → R4, F4 → loyal;  30, months 10/10/10 → X
//   b (riga)    20 on Jan 10, Mar 10        recency 22 → R5, F2 → potential_loyalist; 40, 20/0/20 → Y
//   c (vilnius) 100 on Feb 1                recency 60 → R2, F1 → hibernating; two months → no XYZ
//   d (none)    5 on Jan 1, 11, 21          recency 71 → R1, F4 → at_risk; 15/0/0 → Z; habit 10 days, broken
// ABC of 185: c before 0, b 100, a 140 (< 148) → A; d 170 (< 175.75) → B.
const orders = [
  ['a', '2024-01-05', '10'],
  ['a', '2024-02-05', '10'],
  ['a', '2024-03-05', '10'],
  ['b', '2024-01-10', '20'],
  ['b', '2024-03-10', '20'],
  ['c', '2024-02-01', '100'],
  ['d', '2024-01-01', '5'],
  ['d', '2024-01-11', '5'],
  ['d', '2024-01-21', '5'],
].map(([customer_id, day, amount], i) => ({
  customer_id,
  order_id: `o${i}`,
  ordered_at: `${day}T10:00:00Z`,
  amount,
}))

/** What the seed needs of the test client (server/test-client.ts, which segments/ may not import). */
interface Poster {
  json(method: 'POST', path: string, body: unknown): Promise<unknown>
}

/** The four customers above, their org units and orders, in a workspace (not yet analysed). */
export async function seedFourCustomers(db: Db, owner: Poster, ws: string): Promise<void> {
  await createOrgUnit(db, ws, { code: 'riga', name: 'Riga' })
  await createOrgUnit(db, ws, { code: 'vilnius', name: 'Vilnius' })
  await owner.json('POST', `/api/v1/workspaces/${ws}/ingest/customers`, {
    records: [
      { customer_id: 'a', name: 'Anna', org_unit: 'riga' },
      { customer_id: 'b', org_unit: 'riga' },
      { customer_id: 'c', org_unit: 'vilnius' },
      { customer_id: 'd' },
    ],
  })
  await owner.json('POST', `/api/v1/workspaces/${ws}/ingest/orders`, { records: orders })
}
