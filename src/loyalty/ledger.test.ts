import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../access/audit.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { HttpError } from '../http/errors.js'
import { creditPoints, expireLots, getBalance, listLots, redeemPoints, reversePoints } from './ledger.js'
import { ledgerTotals, seedMembers } from './test-members.js'

const day = 86_400_000
const t0 = new Date('2026-06-01T00:00:00Z')
const at = (days: number) => new Date(t0.getTime() + days * day)
const actor = systemActor

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`points ledger on ${driver.name}`, () => {
    let db: Db
    let members: string[]
    let workspaceId: string

    beforeAll(async () => {
      db = await driver.open()
      ;({ memberIds: members, workspaceId } = await seedMembers(db, 7))
    })
    afterAll(async () => {
      await db.close()
    })

    const credit = (memberId: string, sourceId: string, points: bigint, expiresAt: Date | null, now = t0) =>
      creditPoints(db, {
        memberId,
        sourceType: 'order',
        sourceId,
        rule: 'purchase',
        points,
        expiresAt,
        actor,
        now,
      })

    test('a debit takes the soonest-to-expire lots first and the lots that never expire last', async () => {
      const m = members[0] ?? ''
      const never = await credit(m, 'O-never', 100n, null)
      const late = await credit(m, 'O-late', 100n, at(60))
      const soon = await credit(m, 'O-soon', 100n, at(10))
      const { entry } = await redeemPoints(db, {
        memberId: m,
        points: 150n,
        sourceType: 'reward',
        sourceId: 'R-1',
        actor,
        now: at(1),
      })
      const taken = await db.query<{
        lotId: string
        points: string
      }>(sql`select lot_id as "lotId", points::text
        from loyalty_consumptions where entry_seq = ${String(entry.seq)}::bigint`)
      expect(Object.fromEntries(taken.map((t) => [t.lotId, t.points]))).toEqual({
        [soon.lot.id]: '100',
        [late.lot.id]: '50',
      })
      expect(await getBalance(db, m, at(1))).toBe(150n)
      expect((await listLots(db, m)).find((l) => l.id === never.lot.id)?.remaining).toBe(100n)
    })

    test("a new lot comes back as it is stored, expiring the program's days after the credit, its entry at the credit's time", async () => {
      const m = members[6] ?? ''
      await db.query(sql`insert into loyalty_programs (workspace_id, expiry_days) values (${workspaceId}, 30)
        on conflict (workspace_id) do update set expiry_days = 30`)
      const credited = await creditPoints(db, {
        memberId: m,
        sourceType: 'order',
        sourceId: 'O-program',
        rule: 'purchase',
        points: 70n,
        expiresAt: 'program',
        actor,
        now: at(2),
      })
      expect(credited?.lot.expiresAt).toEqual(at(32))
      expect(await listLots(db, m)).toEqual([credited?.lot])
      const entries = await db.query(sql`select kind, points::text, at, lot_id as "lotId" from loyalty_entries
        where member_id = ${m}`)
      expect(entries).toEqual([{ kind: 'credit', points: '70', at: at(2), lotId: credited?.lot.id }])
    })

    test('the same source event credited twice is one lot', async () => {
      const m = members[1] ?? ''
      const first = await credit(m, 'O-1', 40n, null)
      const again = await credit(m, 'O-1', 999n, null)
      expect(first.created).toBe(true)
      expect(again).toEqual({ lot: first.lot, created: false })
      expect(await getBalance(db, m, t0)).toBe(40n)
    })

    test('a redemption beyond the balance is 409 insufficient_points and changes nothing', async () => {
      const m = members[2] ?? ''
      await credit(m, 'O-1', 30n, null)
      const attempt = redeemPoints(db, {
        memberId: m,
        points: 31n,
        sourceType: 'reward',
        sourceId: 'R',
        actor,
        now: t0,
      })
      await expect(attempt).rejects.toMatchObject({ status: 409, code: 'insufficient_points' })
      await expect(attempt).rejects.toBeInstanceOf(HttpError)
      expect(await getBalance(db, m, t0)).toBe(30n)
    })

    test('expired points are not spendable, and the job writes one expiry entry for what remained', async () => {
      const m = members[3] ?? ''
      const lot = await credit(m, 'O-1', 80n, at(5))
      await redeemPoints(db, {
        memberId: m,
        points: 30n,
        sourceType: 'reward',
        sourceId: 'R',
        actor,
        now: at(1),
      })
      expect(await getBalance(db, m, at(5))).toBe(0n)
      await expireLots(db, at(5))
      const entries = await db.query<{ points: string; sourceId: string }>(sql`select points::text,
        source_id as "sourceId" from loyalty_entries where member_id = ${m} and kind = 'expiry'`)
      expect(entries).toEqual([{ points: '50', sourceId: lot.lot.id }])
      await expireLots(db, at(6))
      expect(await ledgerTotals(db, m)).toMatchObject({
        credited: 80n,
        spent: 30n,
        expired: 50n,
        remaining: 0n,
      })
    })

    test('a partial refund reverses floor(refund / order × points earned), remaining first, the rest as shortfall', async () => {
      const m = members[4] ?? ''
      await credit(m, 'O-1', 100n, null) // earned on an order of 99.00
      await credit(m, 'O-2', 20n, null)
      await redeemPoints(db, {
        memberId: m,
        points: 90n,
        sourceType: 'reward',
        sourceId: 'R',
        actor,
        now: at(1),
      })
      // 30 left: 10 of O-1 (spent first, being older) and 20 of O-2. Refund 67.00 of 99.00: floor(67.68) = 67.
      const { entry } = await reversePoints(db, {
        memberId: m,
        sourceType: 'order',
        sourceId: 'O-1',
        reference: 'refund-1',
        refundAmount: '67.00',
        orderAmount: '99.00',
        reason: 'partial refund',
        actor,
        now: at(2),
      })
      expect(entry).toMatchObject({ kind: 'reversal', points: 30n, shortfall: 37n, reason: 'partial refund' })
      expect(await getBalance(db, m, at(2))).toBe(0n)
      const again = await reversePoints(db, {
        memberId: m,
        sourceType: 'order',
        sourceId: 'O-1',
        reference: 'refund-1',
        refundAmount: '67.00',
        orderAmount: '99.00',
        actor,
        now: at(3),
      })
      expect(again.created).toBe(false)
      // The rest of the order cancelled: only the 33 points not claimed yet are due, all of them short.
      const rest = await reversePoints(db, {
        memberId: m,
        sourceType: 'order',
        sourceId: 'O-1',
        reference: 'cancel',
        refundAmount: '99.00',
        orderAmount: '99.00',
        actor,
        now: at(3),
      })
      expect(rest.entry).toMatchObject({ points: 0n, shortfall: 33n })
    })

    test('every entry says who, when, why and its source', async () => {
      const m = members[5] ?? ''
      const who = { userId: null, apiKeyId: null }
      await creditPoints(db, {
        memberId: m,
        sourceType: 'act',
        sourceId: 'review-7',
        rule: 'review',
        points: 5n,
        expiresAt: null,
        reason: 'thanks for the review',
        actor: who,
        now: at(4),
      })
      const [entry] =
        await db.query(sql`select kind, source_type as "sourceType", source_id as "sourceId", rule,
        reason, at from loyalty_entries where member_id = ${m}`)
      expect(entry).toEqual({
        kind: 'credit',
        sourceType: 'act',
        sourceId: 'review-7',
        rule: 'review',
        reason: 'thanks for the review',
        at: at(4),
      })
    })
    test("a lot or an entry in another workspace than its member's is refused, and deleting the workspace empties the ledger", async () => {
      const other = await seedMembers(db, 1)
      const m = members[5] ?? ''
      const before = await getBalance(db, m, t0)
      await credit(m, 'O-kept', 10n, null)
      const otherMember = other.memberIds[0] ?? ''
      await credit(otherMember, 'O-gone', 10n, null)
      // The member of the first workspace, with the second workspace's id on the row.
      await expect(
        db.query(sql`insert into loyalty_lots (workspace_id, member_id, source_type, source_id, rule, points,
          remaining, created_at) values (${other.workspaceId}, ${m}, 'order', 'O-x', 'purchase', 5, 5, now())`),
      ).rejects.toThrow(/foreign key/)
      await expect(
        db.query(sql`insert into loyalty_entries (workspace_id, member_id, kind, points, source_type, source_id, at)
          values (${other.workspaceId}, ${m}, 'debit', 5, 'reward', 'R-x', now())`),
      ).rejects.toThrow(/foreign key/)
      await db.query(sql`delete from workspaces where id = ${other.workspaceId}`)
      const [left] = await db.query<{ lots: number; entries: number }>(sql`select
        (select count(*)::int from loyalty_lots where member_id = ${otherMember}) as lots,
        (select count(*)::int from loyalty_entries where member_id = ${otherMember}) as entries`)
      expect(left).toEqual({ lots: 0, entries: 0 })
      expect(await getBalance(db, m, t0)).toBe(before + 10n)
    })
  })
}
