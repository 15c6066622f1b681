import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../access/audit.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import {
  actsFromEvents,
  anniversaryActs,
  habitStreakActs,
  recordActBatch,
  setEventRules,
} from './act-sources.js'
import { seedMembers } from './test-members.js'

const now = new Date('2026-03-12T09:00:00Z')

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(
    `acts from batches, events, habits and anniversaries on ${driver.name}`,
    () => {
      let db: Db
      let ws: string
      let n = 0

      async function customer(externalId = `C-${n++}`) {
        const [row] = await db.query<{ id: string }>(sql`insert into customers (workspace_id, external_id)
        values (${ws}, ${externalId}) returning id`)
        return row?.id ?? ''
      }
      async function order(customerId: string, orderedAt: string, status = 'completed') {
        await db.query(sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount,
          status) values (${ws}, ${customerId}, ${`O-${n++}`}, ${orderedAt}, 'EUR', 25, ${status})`)
      }
      const acts = (kind: string) =>
        db.query<{
          customerId: string
          sourceId: string
        }>(sql`select customer_id as "customerId", source_id as "sourceId"
        from loyalty_acts where workspace_id = ${ws} and kind = ${kind} order by source_id`)

      beforeAll(async () => {
        db = await driver.open()
        ws = (await seedMembers(db, 0)).workspaceId
      })
      afterAll(async () => {
        await db.close()
      })

      test('a batch stores its good items and reports each bad one with its field', async () => {
        const ana = await customer('shop-ana')
        const access = { workspaceId: ws, unitPath: null, actor: systemActor }
        const items = [
          { customerId: 'shop-ana', kind: 'review', sourceId: 'rv-1', occurredAt: '2026-03-01T10:00:00Z' },
          { customerId: 'shop-ana', kind: 'bribe', sourceId: 'x-1', occurredAt: '2026-03-01T10:00:00Z' },
          { customerId: 'nobody', kind: 'review', sourceId: 'rv-2', occurredAt: '2026-03-01T10:00:00Z' },
          'not an object',
          {
            customerId: ana,
            kind: 'community_help',
            sourceId: 'forum-9',
            occurredAt: '2026-03-02T10:00:00Z',
          },
        ]
        const outcomes = await recordActBatch(db, access, items, now)
        expect(outcomes.map((o) => [o.index, o.status, 'field' in o ? o.field : null])).toEqual([
          [0, 'created', null],
          [1, 'invalid', 'kind'],
          [2, 'invalid', 'customerId'],
          [3, 'invalid', 'item'],
          [4, 'created', null],
        ])
        const again = await recordActBatch(db, access, [items[0]], now)
        expect(again[0]?.status).toBe('existing')
        expect((await acts('review')).map((a) => a.customerId)).toEqual([ana])
      })

      test('events of a type the rules name become acts once; other events do not', async () => {
        const ben = await customer()
        await setEventRules(db, ws, [{ eventType: 'review_posted', actKind: 'review' }])
        for (const [key, type] of [
          ['e1', 'review_posted'],
          ['e2', 'review_posted'],
          ['e3', 'page_viewed'],
        ] as const)
          await db.query(sql`insert into events (workspace_id, customer_id, dedupe_key, type, occurred_at)
          values (${ws}, ${ben}, ${key}, ${type}, '2026-03-05T10:00:00Z')`)
        expect(await actsFromEvents(db, now)).toBe(2)
        expect(await actsFromEvents(db, now)).toBe(0)
        expect((await acts('review')).filter((a) => a.customerId === ben)).toHaveLength(2)
      })

      test('a steady, unbroken habit is recognised at its milestone once; irregular or broken ones are not', async () => {
        const [gen] = await db.query<{ g: string }>(sql`select nextval('segment_generation')::text as g`)
        await db.query(sql`insert into segment_generations (workspace_id, generation, as_of, customers)
        values (${ws}, ${gen?.g}::bigint, '2026-03-11', 4)`)
        const rows = [
          { id: await customer(), frequency: 6, cv: 0.2, broken: false }, // milestone 5
          { id: await customer(), frequency: 6, cv: 0.9, broken: false }, // irregular
          { id: await customer(), frequency: 12, cv: 0.1, broken: true }, // habit broken
          { id: await customer(), frequency: 2, cv: 0.1, broken: false }, // below the first milestone
        ]
        for (const r of rows)
          await db.query(sql`insert into segment_results (workspace_id, generation, customer_id, as_of, first_purchase,
            last_purchase, recency_days, frequency, monetary, r, f, m, segment, abc, median_interval_days,
            interval_cv, next_due, habit_broken, purchase_months)
          values (${ws}, ${gen?.g}::bigint, ${r.id}, '2026-03-11', '2025-09-01', '2026-03-01', 10, ${r.frequency},
            100, 4, 4, 4, 'loyal', 'A', 30, ${r.cv}, '2026-03-31', ${r.broken}, '{}')`)
        expect(await habitStreakActs(db, now)).toBe(1)
        expect(await habitStreakActs(db, now)).toBe(0)
        expect(await acts('habit_streak')).toEqual([
          { customerId: rows[0]?.id, sourceId: `habit_streak:${rows[0]?.id}:5` },
        ])
      })

      test('the anniversary of the first purchase is recognised once, for customers who still buy', async () => {
        const kept = await customer()
        await order(kept, '2024-03-10T12:00:00Z')
        await order(kept, '2025-06-01T12:00:00Z')
        const lapsed = await customer()
        await order(lapsed, '2023-01-01T12:00:00Z')
        await order(lapsed, '2023-02-01T12:00:00Z')
        const recent = await customer()
        await order(recent, '2025-06-01T12:00:00Z')
        const returnedOnly = await customer()
        await order(returnedOnly, '2024-01-01T12:00:00Z', 'returned')
        expect(await anniversaryActs(db, now)).toBe(1)
        expect(await anniversaryActs(db, now)).toBe(0)
        expect(await acts('anniversary')).toEqual([{ customerId: kept, sourceId: `anniversary:${kept}:2` }])
      })
    },
  )
}
