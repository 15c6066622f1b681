import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../access/audit.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { HttpError } from '../http/errors.js'
import { creditPoints, expireLots, getBalance, listLots, redeemPoints, reversePoints } from './ledger.js'
import { enrollMember } from './members.js'
import { ledgerTotals, seedMembers } from './test-members.js'

// Random sequences of credits, debits, expiries, refunds and reversals against the ledger, with a plain model
// of lots beside it: the balance must match the model's and the ledger's sums must balance after every step.

type Op =
  | { kind: 'credit'; source: number; points: number; expiresInDays: number | null }
  | { kind: 'debit'; points: number }
  | { kind: 'advance'; days: number }
  | { kind: 'expire' }
  | { kind: 'refund'; source: number; percent: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('credit' as const),
    source: fc.integer({ min: 0, max: 5 }),
    points: fc.integer({ min: 1, max: 1000 }),
    expiresInDays: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
  }),
  fc.record({ kind: fc.constant('debit' as const), points: fc.integer({ min: 1, max: 1500 }) }),
  fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 4 }) }),
  fc.constant({ kind: 'expire' as const }),
  fc.record({
    kind: fc.constant('refund' as const),
    source: fc.integer({ min: 0, max: 5 }),
    percent: fc.integer({ min: 0, max: 100 }),
  }),
)

interface ModelLot {
  source: number
  points: bigint
  remaining: bigint
  expiresAt: number | null
  createdAt: number
}

/** The ledger's rules restated over an array, to compare balances with. */
class Model {
  lots: ModelLot[] = []
  claimed = new Map<number, bigint>()

  spendable(now: number, source?: number): ModelLot[] {
    return this.lots
      .filter((l) => l.remaining > 0n && (l.expiresAt === null || l.expiresAt > now))
      .filter((l) => source === undefined || l.source === source)
      .sort((a, b) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || a.createdAt - b.createdAt)
  }

  balance(now: number): bigint {
    return this.spendable(now).reduce((sum, l) => sum + l.remaining, 0n)
  }

  take(lots: ModelLot[], wanted: bigint): bigint {
    let taken = 0n
    for (const lot of lots) {
      const take = lot.remaining < wanted - taken ? lot.remaining : wanted - taken
      lot.remaining -= take
      taken += take
    }
    return taken
  }

  refund(source: number, percent: number, now: number): void {
    const credited = this.lots.filter((l) => l.source === source).reduce((sum, l) => sum + l.points, 0n)
    const claimed = this.claimed.get(source) ?? 0n
    const share = (credited * BigInt(percent)) / 100n
    const due = share < credited - claimed ? share : credited - claimed
    this.claimed.set(source, claimed + due)
    const own = this.take(this.spendable(now, source), due)
    this.take(this.spendable(now), due - own)
  }
}

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`ledger invariants on ${driver.name}`, () => {
    let db: Db
    let workspaceId: string
    let runs = 0

    beforeAll(async () => {
      db = await driver.open()
      ;({ workspaceId } = await seedMembers(db, 0))
    })
    afterAll(async () => {
      await db.close()
    })

    async function newMember(): Promise<string> {
      runs++
      const [customer] = await db.query<{ id: string }>(sql`insert into customers (workspace_id, external_id)
        values (${workspaceId}, ${`P-${runs}`}) returning id`)
      const enrolled = await enrollMember(db, { workspaceId, unitPath: null }, customer?.id ?? '', new Date())
      return enrolled?.member.id ?? ''
    }

    test('balance = remaining of unexpired lots ≥ 0, no lot overdrawn, credited = remaining + spent + expired + reversed', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
          const memberId = await newMember()
          const model = new Model()
          let clock = Date.parse('2026-01-01T00:00:00Z')
          for (const [i, op] of ops.entries()) {
            clock += 1000 // distinct creation times, as the model orders ties by them
            const now = new Date(clock)
            await apply(op, i, now)
          }

          async function apply(op: Op, i: number, now: Date): Promise<void> {
            const t = now.getTime()
            const common = { memberId, actor: systemActor, now }
            if (op.kind === 'credit') {
              const expiresAt = op.expiresInDays === null ? null : t + op.expiresInDays * 86_400_000
              const points = BigInt(op.points)
              await creditPoints(db, {
                ...common,
                sourceType: 'order',
                sourceId: `O-${op.source}`,
                rule: 'purchase',
                points,
                expiresAt: expiresAt === null ? null : new Date(expiresAt),
              })
              if (!model.lots.some((l) => l.source === op.source))
                model.lots.push({ source: op.source, points, remaining: points, expiresAt, createdAt: t })
            } else if (op.kind === 'debit') {
              const points = BigInt(op.points)
              const affordable = model.balance(t) >= points
              const outcome = await redeemPoints(db, {
                ...common,
                points,
                sourceType: 'reward',
                sourceId: `R-${i}`,
              }).catch((e: unknown) => e)
              if (affordable) {
                expect(outcome).not.toBeInstanceOf(Error)
                model.take(model.spendable(t), points)
              } else expect(outcome).toMatchObject({ status: 409, code: 'insufficient_points' })
              if (!affordable) expect(outcome).toBeInstanceOf(HttpError)
            } else if (op.kind === 'advance') {
              clock += op.days * 86_400_000
            } else if (op.kind === 'expire') {
              await expireLots(db, now)
              for (const lot of model.lots)
                if (lot.expiresAt !== null && lot.expiresAt <= t) lot.remaining = 0n
            } else {
              await reversePoints(db, {
                ...common,
                sourceType: 'order',
                sourceId: `O-${op.source}`,
                reference: `refund-${i}`,
                refundAmount: String(op.percent),
                orderAmount: '100',
              })
              model.refund(op.source, op.percent, t)
            }
            const balance = await getBalance(db, memberId, now)
            expect(balance).toBe(model.balance(t))
            expect(balance).toBeGreaterThanOrEqual(0n)
            const totals = await ledgerTotals(db, memberId)
            expect(totals.brokenLots).toBe(0)
            expect(totals.credited).toBe(totals.remaining + totals.spent + totals.expired + totals.reversed)
            const lots = await listLots(db, memberId)
            const remainingBySource = (rows: { sourceId: string; remaining: bigint }[]) =>
              Object.fromEntries(rows.map((l) => [l.sourceId, l.remaining]))
            expect(remainingBySource(lots)).toEqual(
              remainingBySource(
                model.lots.map((l) => ({ sourceId: `O-${l.source}`, remaining: l.remaining })),
              ),
            )
          }
        }),
        { numRuns: driver.name === 'pglite' ? 40 : 25 },
      )
    }, 180_000)
  })
}
