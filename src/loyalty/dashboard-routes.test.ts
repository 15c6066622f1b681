import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { type client, setUp, testApp } from '../server/test-client.js'
import { getProgramHealth } from './program-health.js'
import { evaluateAllTiers } from './tiers.js'

type Json = Record<string, unknown>
const DAY = 86_400_000

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`loyalty dashboard API on ${driver.name}`, () => {
    let db: Db
    let app: Awaited<ReturnType<typeof testApp>>['app']
    let owner: ReturnType<typeof client>
    let ws: string
    const customers: Record<string, string> = {}
    const url = (path: string) => `/api/v1/workspaces/${ws}/loyalty${path}`
    const actAt = new Date(Date.now() - 10 * DAY).toISOString()
    const downgradeAt = new Date(Date.now() - 40 * DAY)

    beforeAll(async () => {
      ;({ app, db } = await testApp(await driver.open()))
      ;({ owner, workspaceId: ws } = await setUp(app))
      await owner.json('POST', `/api/v1/workspaces/${ws}/org-units`, {
        code: 'north',
        name: 'North',
        parentCode: 'company',
      })
      await owner.json('POST', `/api/v1/workspaces/${ws}/ingest/customers`, {
        records: [
          { customer_id: 'a', name: 'Anna' },
          { customer_id: 'b', name: '=HYPERLINK("x")' },
          { customer_id: 'n', name: 'North shopper', org_unit: 'north' },
          { customer_id: 'x', name: 'Not a member' },
        ],
      })
      const list = await owner.json<{ items: { id: string; externalId: string }[] }>(
        'GET',
        `/api/v1/workspaces/${ws}/customers?limit=500`,
      )
      for (const c of list.body.items) customers[c.externalId] = c.id
      for (const id of ['a', 'b', 'n'])
        expect((await owner.json('POST', url('/members'), { customerId: customers[id] })).status).toBe(201)
      const now = new Date().toISOString()
      const order = (customer: string, id: string, amount: string, currency = 'EUR') => ({
        customer_id: customer,
        order_id: id,
        ordered_at: now,
        amount,
        currency,
      })
      await owner.json('POST', `/api/v1/workspaces/${ws}/ingest/orders`, {
        records: [
          order('a', 'A-1', '100.00'),
          order('a', 'A-2', '50.50'),
          order('b', 'B-1', '20.25'),
          // Another currency cannot be added to euros, and a non-member's revenue is not the members'.
          order('b', 'B-2', '999', 'USD'),
          order('x', 'X-1', '500'),
        ],
      })
      const member = (id: string) => url(`/members/${customers[id]}`)
      await owner.json('POST', `${member('a')}/credits`, {
        sourceType: 'order',
        sourceId: 'A-1',
        points: 120,
      })
      await owner.json('POST', `${member('b')}/credits`, { sourceType: 'order', sourceId: 'B-1', points: 30 })
      await owner.json('POST', `${member('a')}/redemptions`, {
        points: 20,
        sourceId: 'gift',
        reference: 'r-a',
      })
      await owner.json('POST', `${member('b')}/redemptions`, {
        points: 10,
        sourceId: 'gift',
        reference: 'r-b',
      })
      await owner.json('POST', url('/acts'), {
        customerId: customers.a,
        kind: 'review',
        sourceId: 'review-1',
        occurredAt: actAt,
      })
      await owner.json('PUT', url('/tiers'), {
        windowDays: 365,
        graceDays: 30,
        tiers: [{ code: 'friend', name: 'Friend', rank: 1, minOrders: 1 }],
      })
      await evaluateAllTiers(db, new Date())
      await db.query(sql`insert into events (workspace_id, customer_id, dedupe_key, type, occurred_at, properties)
        values (${ws}, ${customers.n}, 'old-downgrade', 'loyalty.tier_changed', ${downgradeAt},
          '{"from":"friend","to":null,"kind":"downgrade"}'::jsonb)`)
    })
    afterAll(async () => {
      await db.close()
    })

    test('program health: engagement beyond points, liability and cost in exact decimals, tier movements', async () => {
      const unset = await owner.json<Json>('GET', url('/health'))
      expect(unset.body).toMatchObject({ pointValue: null, liability: { points: '120', value: null } })
      expect(
        (await owner.json('PUT', url('/settings'), { expiryDays: null, pointValue: '0.05' })).status,
      ).toBe(200)
      const { status, body } = await owner.json<Json>('GET', url('/health'))
      expect(status).toBe(200)
      const month = (d: Date) => d.toISOString().slice(0, 7)
      const thisMonth = month(new Date())
      const movements =
        month(downgradeAt) === thisMonth
          ? [{ month: thisMonth, upgrades: 2, downgrades: 1 }]
          : [
              { month: month(downgradeAt), upgrades: 0, downgrades: 1 },
              { month: thisMonth, upgrades: 2, downgrades: 0 },
            ]
      // 3 members; Anna wrote a review (engaged), b only redeemed, n did nothing. Outstanding 100 + 20 points at
      // 0.05 = 6; issued 150 points = 7.5 against 100 + 50.50 + 20.25 = 170.75 of members' euros: 0.0439.
      expect(body).toEqual({
        currency: 'EUR',
        pointValue: '0.05',
        days: 365,
        members: 3,
        engaged: 1,
        redeemingOnly: 1,
        engagedShare: '0.3333',
        liability: { points: '120', value: '6' },
        issued: { points: '150', cost: '7.5', revenue: '170.75', costShare: '0.0439' },
        tierMovements: movements,
      })
    })

    test('a reader limited to a unit sees the health of its members only', async () => {
      const [north] = await db.query<{ path: string }>(
        sql`select path from org_units where workspace_id = ${ws} and code = 'north'`,
      )
      const health = await getProgramHealth(
        db,
        { workspaceId: ws, unitPath: north?.path ?? '' },
        365,
        new Date(),
      )
      expect(health).toMatchObject({
        members: 1,
        engaged: 0,
        liability: { points: '0' },
        issued: { points: '0', revenue: '0' },
      })
      expect(health.tierMovements.map((m) => m.downgrades + m.upgrades)).toEqual([1])
    })

    test('settings keep the point value when a change leaves it out', async () => {
      await owner.json('PUT', url('/settings'), { expiryDays: null, pointValue: '0.05' })
      expect((await owner.json('PUT', url('/settings'), { expiryDays: 90 })).body).toEqual({
        expiryDays: 90,
        pointValue: '0.05',
      })
      await owner.json('PUT', url('/settings'), { expiryDays: null })
    })

    test('members table: tier first, spendable balance, engagement score and last act; filtered by tier', async () => {
      const { body } = await owner.json<{ items: Json[]; total: number }>('GET', url('/members?limit=10'))
      expect(body.total).toBe(3)
      expect(body.items.map((m) => [m.externalId, m.tierCode, m.balance, m.engagementScore])).toEqual([
        // A review weighs 6 in the engagement score; nobody answered a survey or has a habit computed.
        ['a', 'friend', '100', 6],
        ['b', 'friend', '20', 0],
        ['n', null, '0', 0],
      ])
      expect(body.items[0]?.lastActAt).toBe(actAt)
      const untiered = await owner.json<{ items: Json[]; total: number }>('GET', url('/members?tier=-'))
      expect(untiered.body.items.map((m) => m.externalId)).toEqual(['n'])
      const page2 = await owner.json<{ items: Json[]; offset: number }>(
        'GET',
        url('/members?limit=2&offset=2'),
      )
      expect(page2.body.items.map((m) => m.externalId)).toEqual(['n'])
    })

    test('members sort on the server by balance, last act and tier; ties by customer id in the same direction', async () => {
      const order = async (query: string) =>
        (await owner.json<{ items: Json[] }>('GET', url(`/members?${query}`))).body.items.map(
          (m) => m.externalId,
        )
      // Balances: n 0, b 20, a 100 (from the setup's credits and redemptions).
      expect(await order('sort=balance&dir=asc')).toEqual(['n', 'b', 'a'])
      expect(await order('sort=balance&dir=desc')).toEqual(['a', 'b', 'n'])
      // Only a has an act; the two without one come last, by external id descending.
      expect(await order('sort=last_act&dir=desc')).toEqual(['a', 'n', 'b'])
      // a and b share the tier of rank 1; n has none and comes last either way.
      expect(await order('sort=tier&dir=asc')).toEqual(['a', 'b', 'n'])
      expect(await order('sort=tier&dir=desc&limit=1&offset=1')).toEqual(['a'])
    })

    test('members CSV: what the table shows, formulas made inert', async () => {
      const response = await owner.request('GET', url('/members.csv?tier=friend'))
      expect(response.headers.get('content-type')).toContain('text/csv')
      const lines = (await response.text()).trim().split('\n')
      expect(lines[0]).toBe('customer_id,name,tier,balance,engagement_score,last_act_at,enrolled_at')
      expect(lines.slice(1).map((l) => l.split(',').slice(0, 5).join(','))).toEqual([
        'a,Anna,friend,100,6',
        `b,"'=HYPERLINK(""x"")",friend,20,0`,
      ])
    })

    test('hostile query and settings are a 400 naming the field', async () => {
      const cases: [string, string, Json | undefined, string][] = [
        ['GET', '/health?days=0', undefined, 'days'],
        ['GET', '/health?days=abc', undefined, 'days'],
        ['GET', '/members?limit=100000', undefined, 'limit'],
        ['GET', '/members?tier=%00', undefined, 'tier'],
        ['GET', '/members?sort=engagement', undefined, 'sort'],
        ['PUT', '/settings', { expiryDays: null, pointValue: '1e5' }, 'pointValue'],
        ['PUT', '/settings', { expiryDays: null, pointValue: '-1' }, 'pointValue'],
        ['PUT', '/settings', { expiryDays: null, pointValue: 0.01 }, 'pointValue'],
      ]
      for (const [method, path, body, field] of cases) {
        const response = await owner.json<{ error: { details: { field: string }[] } }>(
          method,
          url(path),
          body,
        )
        expect(response.status, path).toBe(400)
        expect(response.body.error.details[0]?.field).toBe(field)
      }
    })
  })
}
