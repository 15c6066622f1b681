import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../access/audit.js'
import type { Db } from '../db/db.js'
import { openPostgresDb } from '../db/postgres-db.js'
import { sql } from '../db/sql.js'
import { postgresReachable, postgresTestDb } from '../db/test-db.js'
import { creditPoints, getBalance, redeemPoints } from './ledger.js'
import { ledgerTotals, seedMembers } from './test-members.js'

// Concurrency needs several connections at once, which only PostgreSQL has.

const adminUrl = process.env.RAPPORT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const now = new Date('2026-06-01T00:00:00Z')

describe.skipIf(!(await postgresReachable()))('the ledger under concurrent requests on postgres', () => {
  let db: Db
  let pool: Db
  let members: string[]

  beforeAll(async () => {
    db = await postgresTestDb()
    const [row] = await db.query<{ name: string }>(sql`select current_database() as name`)
    const url = new URL(adminUrl)
    url.pathname = `/${row?.name}`
    pool = openPostgresDb(url.toString(), { max: 24 })
    ;({ memberIds: members } = await seedMembers(db, 3))
  })
  afterAll(async () => {
    await pool?.close()
    await db?.close()
  })

  test('100 simultaneous redemptions: exactly the affordable ones succeed, the rest get 409, the balance is exact', async () => {
    const m = members[0] ?? ''
    // 300 points in three lots; 100 redemptions of 7 points each: 42 are affordable, 6 points stay.
    for (const [i, points] of [100n, 150n, 50n].entries())
      await creditPoints(db, {
        memberId: m,
        sourceType: 'order',
        sourceId: `O-${i}`,
        rule: 'purchase',
        points,
        expiresAt: i === 0 ? null : new Date(now.getTime() + (i + 1) * 86_400_000),
        actor: systemActor,
        now,
      })
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        redeemPoints(pool, {
          memberId: m,
          points: 7n,
          sourceType: 'reward',
          sourceId: `R-${i}`,
          actor: systemActor,
          now,
        }),
      ),
    )
    const succeeded = outcomes.filter((o) => o.status === 'fulfilled')
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []))
    expect(succeeded).toHaveLength(42)
    expect(refused).toHaveLength(58)
    for (const reason of refused) expect(reason).toMatchObject({ status: 409, code: 'insufficient_points' })
    expect(await getBalance(db, m, now)).toBe(6n)
    expect(await ledgerTotals(db, m)).toMatchObject({
      credited: 300n,
      spent: 294n,
      remaining: 6n,
      brokenLots: 0,
    })
  })

  test('20 concurrent credits for one source event make one lot and one credit entry', async () => {
    const m = members[1] ?? ''
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        creditPoints(pool, {
          memberId: m,
          sourceType: 'order',
          sourceId: 'O-dup',
          rule: 'purchase',
          points: 25n,
          expiresAt: null,
          actor: systemActor,
          now,
        }),
      ),
    )
    expect(results.filter((r) => r.created)).toHaveLength(1)
    expect(new Set(results.map((r) => r.lot.id)).size).toBe(1)
    const [counts] = await db.query<{ lots: number; credits: number }>(sql`select
      (select count(*)::int from loyalty_lots where member_id = ${m}) as lots,
      (select count(*)::int from loyalty_entries where member_id = ${m} and kind = 'credit') as credits`)
    expect(counts).toEqual({ lots: 1, credits: 1 })
    expect(await getBalance(db, m, now)).toBe(25n)
  })

  test('20 concurrent redemptions with one reference spend once and all answer with that debit', async () => {
    const m = members[2] ?? ''
    await creditPoints(db, {
      memberId: m,
      sourceType: 'order',
      sourceId: 'O-1',
      rule: 'purchase',
      points: 100n,
      expiresAt: null,
      actor: systemActor,
      now,
    })
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        redeemPoints(pool, {
          memberId: m,
          points: 30n,
          sourceType: 'reward',
          sourceId: 'R-coffee',
          reference: 'checkout-7',
          actor: systemActor,
          now,
        }),
      ),
    )
    expect(results.filter((r) => r.created)).toHaveLength(1)
    expect(new Set(results.map((r) => r.entry.seq)).size).toBe(1)
    expect(await getBalance(db, m, now)).toBe(70n)
    expect(await ledgerTotals(db, m)).toMatchObject({
      credited: 100n,
      spent: 30n,
      remaining: 70n,
      brokenLots: 0,
    })
  })
})
