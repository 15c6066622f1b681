import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { type client, setUp, testApp } from '../server/test-client.js'
import { evaluateTiers, setTierRules } from './tiers.js'

type Json = Record<string, unknown>

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`acts of loyalty on ${driver.name}`, () => {
    let db: Db
    let app: Awaited<ReturnType<typeof testApp>>['app']
    let owner: ReturnType<typeof client>
    let ws: string
    const customers: Record<string, string> = {}
    const url = (path: string) => `/api/v1/workspaces/${ws}/loyalty${path}`

    beforeAll(async () => {
      ;({ app, db } = await testApp(await driver.open()))
      ;({ owner, workspaceId: ws } = await setUp(app))
      await owner.json('POST', `/api/v1/workspaces/${ws}/ingest/customers`, {
        records: [{ customer_id: 'member' }, { customer_id: 'guest' }],
      })
      const list = await owner.json<{ items: { id: string; externalId: string }[] }>(
        'GET',
        `/api/v1/workspaces/${ws}/customers?limit=500`,
      )
      for (const c of list.body.items) customers[c.externalId] = c.id
      await owner.json('POST', url('/members'), { customerId: customers.member })
    })
    afterAll(async () => {
      await db.close()
    })

    let acts = 0
    // A minute apart, oldest first, so that the queue's order is the order recorded here.
    const act = (customer: string, kind: string, sourceId: string) =>
      owner.json<Json>('POST', url('/acts'), {
        customerId: customers[customer],
        kind,
        sourceId,
        occurredAt: new Date(Date.now() - 3_600_000 + 60_000 * acts++).toISOString(),
      })

    test('an act is recorded once, waits for a thank-you, and earns points only where a rule says so', async () => {
      expect((await owner.json('PUT', url('/act-rules'), { points: { referral: 50 } })).status).toBe(200)
      expect((await owner.json('PUT', url('/settings'), { expiryDays: 30 })).status).toBe(200)
      const review = await act('member', 'review', 'rev-1')
      expect(review.status).toBe(201)
      expect(review.body).toMatchObject({ kind: 'review', points: '0', thankedAt: null })
      const referral = await act('member', 'referral', 'ref-1')
      expect(referral.body.points).toBe('50')
      const again = await act('member', 'referral', 'ref-1')
      expect(again.status).toBe(200)
      expect(again.body.id).toBe(referral.body.id)
      // Not a member: thanks, no points.
      expect((await act('guest', 'referral', 'ref-2')).body.points).toBe('0')
      const member = await owner.json<Json>('GET', url(`/members/${customers.member}`))
      expect(member.body.balance).toBe('50')
      // The act's lot expires when the program said at its credit: 30 days then.
      const [lot] = await db.query<{
        days: string | null
      }>(sql`select (extract(epoch from expires_at - created_at)
        / 86400)::text as days from loyalty_lots where workspace_id = ${ws} and source_type = 'act'`)
      expect(Number(lot?.days)).toBe(30)

      const waiting = await owner.json<{ items: Json[] }>('GET', url('/acts/waiting'))
      expect(waiting.body.items.map((a) => a.sourceId)).toEqual(['rev-1', 'ref-1', 'ref-2'])
      const thanked = await owner.json<Json>('POST', url(`/acts/${review.body.id}/thanks`), {
        from: 'Olena from the Lviv shop',
        message: 'Thank you for your review!',
      })
      expect(thanked.status).toBe(200)
      expect(thanked.body).toMatchObject({
        thankedBy: 'Olena from the Lviv shop',
        thankedAt: expect.any(String),
      })
      const after = await owner.json<{ items: Json[] }>('GET', url('/acts/waiting'))
      expect(after.body.items.map((a) => a.sourceId)).toEqual(['ref-1', 'ref-2'])
      const guests = await owner.json<{ items: Json[] }>(
        'GET',
        url(`/acts/waiting?customerId=${customers.guest}`),
      )
      expect(guests.body.items.map((a) => [a.sourceId, a.customerName])).toEqual([['ref-2', 'guest']])
      const nobody = await owner.json<{ items: Json[] }>('GET', url('/acts/waiting?customerId=not-a-uuid'))
      expect(nobody.body.items).toEqual([])
    })

    test('acts count as engagement toward a tier', async () => {
      await setTierRules(db, ws, {
        windowDays: 30,
        graceDays: 0,
        tiers: [
          {
            code: 'ally',
            name: 'Ally',
            rank: 1,
            minSpend: '0',
            minOrders: 0,
            minEngagements: 2,
            benefits: [],
          },
        ],
      })
      const changes = await evaluateTiers(db, ws, new Date(Date.now() + 60_000))
      expect(changes.map((c) => [c.customerId, c.to])).toEqual([[customers.member, 'ally']])
    })

    test('bad acts are 400 naming the field, unknown ones 404', async () => {
      const bad = await owner.json<{ error: { details: { field: string }[] } }>('POST', url('/acts'), {
        customerId: customers.member,
        kind: 'bribe',
        sourceId: 'x',
        occurredAt: new Date().toISOString(),
      })
      expect(bad.status).toBe(400)
      expect(bad.body.error.details[0]?.field).toBe('kind')
      const none = await owner.request('POST', url('/acts/00000000-0000-4000-8000-000000000000/thanks'), {
        from: 'A',
        message: 'B',
      })
      expect(none.status).toBe(404)
      const [count] = await db.query<{ n: number }>(sql`select count(*)::int as n from loyalty_acts`)
      expect(count?.n).toBe(3)
    })
  })
}
