import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../access/audit.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { creditPoints } from './ledger.js'
import { seedMembers } from './test-members.js'
import { evaluateTiers, getTierRules, setTierRules, TIER_EVENT } from './tiers.js'

const on = (date: string) => new Date(`${date}T12:00:00Z`)

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`status tiers on ${driver.name}`, () => {
    let db: Db
    let ws: string
    let customer: Record<'ana' | 'bo' | 'rich', string>
    let member: Record<'ana' | 'bo' | 'rich', string>

    async function order(customerId: string, id: string, date: string, amount: string) {
      await db.query(sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount)
        values (${ws}, ${customerId}, ${id}, ${on(date)}, 'EUR', ${amount}::numeric)`)
    }
    const tierOf = async (memberId: string) => {
      const [row] = await db.query<{ code: string | null }>(sql`select t.code from loyalty_members m
        left join loyalty_tiers t on t.id = m.tier_id where m.id = ${memberId}`)
      return row?.code ?? null
    }

    beforeAll(async () => {
      db = await driver.open()
      const seeded = await seedMembers(db, 3)
      ws = seeded.workspaceId
      const rows = await db.query<{
        id: string
        customerId: string
      }>(sql`select m.id, m.customer_id as "customerId"
        from loyalty_members m join customers c on c.id = m.customer_id
        where m.workspace_id = ${ws} order by c.external_id`)
      const [ana, bo, rich] = rows
      customer = { ana: ana?.customerId ?? '', bo: bo?.customerId ?? '', rich: rich?.customerId ?? '' }
      member = { ana: ana?.id ?? '', bo: bo?.id ?? '', rich: rich?.id ?? '' }
      await setTierRules(db, ws, {
        windowDays: 90,
        graceDays: 30,
        tiers: [
          {
            code: 'silver',
            name: 'Silver',
            rank: 1,
            minSpend: '100',
            minOrders: 1,
            minEngagements: 0,
            benefits: [],
          },
          {
            code: 'gold',
            name: 'Gold',
            rank: 2,
            minSpend: '500',
            minOrders: 3,
            minEngagements: 1,
            benefits: ['a named contact', 'early access'],
          },
        ],
      })
      await order(customer.ana, 'A-1', '2026-02-01', '200')
      await order(customer.ana, 'A-2', '2026-02-10', '200')
      await order(customer.ana, 'A-3', '2026-02-20', '200')
      await order(customer.ana, 'A-4', '2026-05-01', '150')
      await db.query(sql`insert into events (workspace_id, customer_id, dedupe_key, type, occurred_at)
        values (${ws}, ${customer.ana}, 'review-1', 'review', ${on('2026-02-15')})`)
      await order(customer.bo, 'B-1', '2026-02-25', '150')
      await creditPoints(db, {
        memberId: member.rich,
        sourceType: 'manual',
        sourceId: 'gift',
        rule: 'manual',
        points: 1_000_000n,
        expiresAt: null,
        actor: systemActor,
        now: on('2026-02-01'),
      })
    })
    afterAll(async () => {
      await db.close()
    })

    test('tier rules read back as set', async () => {
      const rules = await getTierRules(db, ws)
      expect(rules).toMatchObject({ windowDays: 90, graceDays: 30 })
      expect(rules.tiers.map((t) => [t.code, t.rank, Number(t.minSpend), t.benefits])).toEqual([
        ['silver', 1, 100, []],
        ['gold', 2, 500, ['a named contact', 'early access']],
      ])
    })

    test('a member is upgraded at once, and a large points balance earns no tier', async () => {
      const changes = await evaluateTiers(db, ws, on('2026-03-01'))
      expect(changes.map((c) => [c.memberId, c.from, c.to, c.kind]).sort()).toEqual(
        [
          [member.ana, null, 'gold', 'upgrade'],
          [member.bo, null, 'silver', 'upgrade'],
        ].sort(),
      )
      expect(await tierOf(member.rich)).toBeNull()
    })

    test('a member below their tier keeps it through the grace period, then moves down to what they qualify for', async () => {
      // From 2026-05-05 the window (90 days) has lost A-1: 550 in 3 orders is still gold by spend, but 2026-05-12
      // loses A-2 as well: silver only.
      expect(await evaluateTiers(db, ws, on('2026-05-12'))).toEqual([])
      expect(await tierOf(member.ana)).toBe('gold')
      expect(await evaluateTiers(db, ws, on('2026-06-01'))).toEqual([])
      expect(await tierOf(member.ana)).toBe('gold')
      const changes = await evaluateTiers(db, ws, on('2026-06-11'))
      expect(changes).toEqual([
        { memberId: member.ana, customerId: customer.ana, from: 'gold', to: 'silver', kind: 'downgrade' },
      ])
      expect(await tierOf(member.ana)).toBe('silver')
      // Bo's only order left the window on 2026-05-26; the grace period runs 30 days from the first evaluation
      // that saw it (2026-06-01).
      expect(await tierOf(member.bo)).toBe('silver')
      expect((await evaluateTiers(db, ws, on('2026-07-01'))).map((c) => [c.memberId, c.to])).toEqual([
        [member.bo, null],
      ])
    })

    test('a member who qualifies again within the grace period keeps the tier', async () => {
      await setTierRules(db, ws, {
        windowDays: 90,
        graceDays: 30,
        tiers: [
          {
            code: 'silver',
            name: 'Silver',
            rank: 1,
            minSpend: '100',
            minOrders: 1,
            minEngagements: 0,
            benefits: [],
          },
        ],
      })
      await order(customer.bo, 'B-2', '2026-07-02', '120')
      await evaluateTiers(db, ws, on('2026-07-03'))
      expect(await tierOf(member.bo)).toBe('silver')
      // B-2 leaves the window on 2026-09-30; back within the grace period with B-3 on 2026-10-15.
      await evaluateTiers(db, ws, on('2026-10-01'))
      await order(customer.bo, 'B-3', '2026-10-15', '120')
      await evaluateTiers(db, ws, on('2026-10-16'))
      // Ana, below since 2026-10-01 without a new order, goes down; Bo does not.
      const changes = await evaluateTiers(db, ws, on('2026-11-10'))
      expect(changes.map((c) => [c.memberId, c.to])).toEqual([[member.ana, null]])
      expect(await tierOf(member.bo)).toBe('silver')
    })

    test('tier changes are events on the customer timeline', async () => {
      const events = await db.query<{ properties: Record<string, unknown> }>(sql`select properties from events
        where workspace_id = ${ws} and customer_id = ${customer.ana} and type = ${TIER_EVENT} order by occurred_at`)
      expect(events.map((e) => e.properties)).toEqual([
        { from: null, to: 'gold', kind: 'upgrade' },
        { from: 'gold', to: 'silver', kind: 'downgrade' },
        { from: 'silver', to: null, kind: 'downgrade' },
      ])
    })
  })
}
