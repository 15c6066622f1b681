import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import { loadConfig } from '../config.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { createWorker } from '../jobs/worker.js'
import { backgroundWork } from '../server/background-work.js'
import { currentResults } from './current-results.js'
import { customerParts, inPart } from './customer-parts.js'
import { recomputeSegments } from './recompute-segments.js'
import { queueLostSegments } from './restore-segments.js'
import { type SeedOrder, seedOrders } from './test-seed-orders.js'

/** 400 customers with 1-6 orders from a handful of amounts (so that monetary ties straddle the ABC thresholds). */
function shop(): SeedOrder[] {
  let seed = 7
  const next = (n: number) => {
    seed = (seed * 48271) % 2147483647
    return seed % n
  }
  const amounts = ['10', '20', '35.50', '100', '250']
  const orders: SeedOrder[] = []
  for (let c = 0; c < 400; c++) {
    for (let o = 0, count = 1 + next(6); o < count; o++) {
      const day = new Date(Date.UTC(2023, 0, 1) + next(700) * 86_400_000).toISOString().slice(0, 10)
      const returned = next(15) === 0
      orders.push([
        `k${next(100_000)}-${c}`,
        day,
        returned ? '-10' : amounts[next(5)]!,
        returned ? 'returned' : undefined,
      ])
    }
  }
  return orders
}

const stored = (db: Db, ws: string) =>
  db.query(sql`select customer_id, as_of::text, first_purchase::text, last_purchase::text, recency_days, frequency,
    monetary::text, r, f, m, segment, abc, xyz, cv::text, median_interval_days::text, interval_cv::text,
    next_due::text, habit_broken, purchase_months
    from ${currentResults(ws)} s order by customer_id`)

const snapshots = (db: Db, ws: string) =>
  db.query(sql`select as_of::text, org_unit_id, segment, customers, monetary::text from segment_snapshots
    where workspace_id = ${ws} order by as_of, segment`)

test('customer parts split the UUIDs into equal ranges that meet', () => {
  expect(customerParts(1)).toEqual([{ from: null, to: null }])
  const zeros = '-0000-0000-0000-000000000000'
  expect(customerParts(2)).toEqual([
    { from: null, to: `80000000${zeros}` },
    { from: `80000000${zeros}`, to: null },
  ])
  expect(customerParts(3).map((p) => p.to)).toEqual([`55555555${zeros}`, `aaaaaaaa${zeros}`, null])
})

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`recomputation on ${driver.name}`, () => {
    let db: Db
    let org: string
    beforeAll(async () => {
      db = await driver.open()
      org = (await createOrganization(db, 'Org')).id
    })
    afterAll(async () => {
      await db?.close()
    })

    test('every id lies in exactly one part', async () => {
      const ids = [
        '00000000-0000-0000-0000-000000000000',
        '55555554-ffff-ffff-ffff-ffffffffffff',
        '55555555-0000-0000-0000-000000000000',
        'aaaaaaaa-0000-0000-0000-000000000001',
        'ffffffff-ffff-ffff-ffff-ffffffffffff',
      ]
      const parts = customerParts(3)
      const counts = await Promise.all(
        parts.map(async (part) => {
          const [row] = await db.query<{ n: number }>(sql`select count(*)::int as n
            from unnest(${ids}::uuid[]) as t(id) where ${inPart(sql`t.id`, part)}`)
          return row!.n
        }),
      )
      expect(counts).toEqual([2, 1, 2])
    })

    test('split over connections, the results and sizes are those of one statement, and replace the last', async () => {
      const ws = (await createWorkspace(db, org, 'Shop')).id
      await seedOrders(db, ws, shop())
      const once = await recomputeSegments(db, ws, { connections: 1 })
      const results = await stored(db, ws)
      const sizes = await snapshots(db, ws)
      expect(results.length).toBeGreaterThan(390)
      expect(new Set(results.map((r) => r.abc))).toEqual(new Set(['A', 'B', 'C']))

      const split = await recomputeSegments(db, ws, { connections: 3 })
      expect(split).toMatchObject({ asOf: once.asOf, customers: once.customers })
      expect(await stored(db, ws)).toEqual(results)
      expect(await snapshots(db, ws)).toEqual(sizes)
      // One generation is left, and no staging table.
      const [left] = await db.query<{ rows: number; generations: number }>(sql`select count(*)::int as rows,
        count(distinct generation)::int as generations from segment_results where workspace_id = ${ws}`)
      expect(left).toEqual({ rows: results.length, generations: 1 })
      const staging =
        await db.query(sql`select tablename from pg_tables where tablename like 'segment\\_figures\\_%'
        or tablename like 'segment\\_counts\\_%'`)
      expect(staging).toEqual([])
    })

    test('results lost to a crash are computed again, for the same date', async () => {
      const ws = (await createWorkspace(db, org, 'Shop')).id
      await seedOrders(db, ws, shop().slice(0, 300))
      await recomputeSegments(db, ws, { asOf: '2024-10-01' })
      const results = await stored(db, ws)
      expect(await queueLostSegments(db)).toBe(0)

      // After a crash PostgreSQL empties the unlogged results.
      await db.query(sql`delete from segment_results where workspace_id = ${ws}`)
      expect(await queueLostSegments(db)).toBe(1)
      expect(await queueLostSegments(db)).toBe(1)
      const { handlers } = backgroundWork({ config: loadConfig({}), baseUrl: 'http://127.0.0.1' })
      expect(await createWorker({ db, handlers }).tick()).toBe(1)
      const restored = await stored(db, ws)
      expect(restored).toEqual(results)
      expect(restored[0]).toMatchObject({ as_of: '2024-10-01' })
      expect(await queueLostSegments(db)).toBe(0)
    })
  })
}
