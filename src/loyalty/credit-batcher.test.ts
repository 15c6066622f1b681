import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../access/audit.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { secondPool, testDrivers } from '../db/test-db.js'
import { creditCustomer } from './credit-batcher.js'
import { listLots } from './ledger.js'
import { ledgerTotals, seedMembers } from './test-members.js'

const now = new Date('2026-06-01T00:00:00Z')

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`credits sharing a statement on ${driver.name}`, () => {
    let db: Db
    let pool: Db
    let workspaceId: string
    let members: { memberId: string; customerId: string }[]

    beforeAll(async () => {
      db = await driver.open()
      pool = await secondPool(db)
      const seeded = await seedMembers(db, 12)
      workspaceId = seeded.workspaceId
      members = await db.query(sql`select id as "memberId", customer_id as "customerId" from loyalty_members
        where workspace_id = ${workspaceId} order by id`)
    })
    afterAll(async () => {
      await pool?.close()
      await db?.close()
    })

    /** The Db, counting the statements sent through it. */
    const counted = () => {
      const seen = { statements: 0 }
      const through: Db = {
        ...pool,
        query: (query) => {
          seen.statements++
          return pool.query(query)
        },
      }
      return { through, seen }
    }
    const credit = (through: Db, customerId: string, sourceId: string, points = 10n) =>
      creditCustomer(through, workspaceId, {
        customerId,
        sourceType: 'order',
        sourceId,
        rule: 'purchase',
        points,
        expiresAt: null,
        actor: systemActor,
        now,
      })

    test('credits arriving together share one statement, and each member gets its own lot', async () => {
      const { through, seen } = counted()
      const group = members.slice(0, 8)
      const outcomes = await Promise.all(
        group.map((m, i) => credit(through, m.customerId, 'O-shared', BigInt(i + 1))),
      )
      expect(seen.statements).toBe(1)
      for (const [i, m] of group.entries()) {
        expect(outcomes[i]?.created).toBe(true)
        expect(await listLots(db, m.memberId)).toEqual([outcomes[i]?.lot])
        expect(outcomes[i]?.lot.points).toBe(BigInt(i + 1))
      }
    })

    test('in one batch, a customer who is no member gets nothing and a repeated credit finds the first lot', async () => {
      const [first, second] = members.slice(8, 10)
      const earlier = await credit(pool, first?.customerId ?? '', 'O-earlier', 40n)
      const { through } = counted()
      const [repeat, stranger, fresh] = await Promise.all([
        credit(through, first?.customerId ?? '', 'O-earlier', 99n),
        credit(through, '0190a3b2-1111-7222-8333-444455556666', 'O-earlier'),
        credit(through, second?.customerId ?? '', 'O-earlier', 5n),
      ])
      expect(repeat).toEqual({ lot: earlier?.lot, created: false })
      expect(stranger).toBeUndefined()
      expect(fresh?.created).toBe(true)
      expect(await ledgerTotals(db, first?.memberId ?? '')).toMatchObject({ credited: 40n, remaining: 40n })
    })

    test('the same credit sent 20 times at once is one lot, created once and found by the other 19', async () => {
      const m = members[10]
      const { through } = counted()
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () => credit(through, m?.customerId ?? '', 'O-twenty', 7n)),
      )
      expect(outcomes.filter((o) => o?.created)).toHaveLength(1)
      const lots = await listLots(db, m?.memberId ?? '')
      expect(lots).toHaveLength(1)
      for (const outcome of outcomes) expect(outcome?.lot).toEqual(lots[0])
      expect(await ledgerTotals(db, m?.memberId ?? '')).toMatchObject({ credited: 7n, remaining: 7n })
    })

    test('a batch that fails is retried credit by credit: only the bad credit fails', async () => {
      const [good, other] = members.slice(10, 12)
      const { through } = counted()
      // A lot of more points than bigint holds fails the whole statement, and on its own, that credit alone.
      const outcomes = await Promise.allSettled([
        credit(through, good?.customerId ?? '', 'O-retry', 3n),
        credit(through, other?.customerId ?? '', 'O-retry', 2n ** 64n),
      ])
      expect(outcomes[0]).toMatchObject({ status: 'fulfilled', value: { created: true } })
      expect(outcomes[1]?.status).toBe('rejected')
      expect(await ledgerTotals(db, other?.memberId ?? '')).toMatchObject({ credited: 0n })
    })
  })
}
