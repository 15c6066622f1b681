import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { API_KEY_TRUST_MS } from '../access/api-keys.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { client, setUp, testApp } from '../server/test-client.js'
import { evaluateAllTiers } from './tiers.js'

type Json = Record<string, unknown>

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`loyalty API on ${driver.name}`, () => {
    let db: Db
    let app: Awaited<ReturnType<typeof testApp>>['app']
    let owner: ReturnType<typeof client>
    let ws: string
    const customers: Record<string, string> = {}
    const url = (path: string) => `/api/v1/workspaces/${ws}/loyalty${path}`

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
          { customer_id: 'n-1', name: 'North shopper', org_unit: 'north' },
          { customer_id: 's-1', name: 'Elsewhere shopper' },
          { customer_id: 'x-1', name: 'Never enrolled' },
        ],
      })
      const list = await owner.json<{ items: { id: string; externalId: string }[] }>(
        'GET',
        `/api/v1/workspaces/${ws}/customers?limit=500`,
      )
      for (const c of list.body.items) customers[c.externalId] = c.id
      for (const id of ['n-1', 's-1']) {
        const enrolled = await owner.json('POST', url('/members'), { customerId: customers[id] })
        expect(enrolled.status).toBe(201)
      }
    })
    afterAll(async () => {
      await db.close()
    })

    test('credit, redeem and reverse over HTTP, with the balance and the paged ledger to show for it', async () => {
      const member = url(`/members/${customers['n-1']}`)
      const credit = await owner.json<Json>('POST', `${member}/credits`, {
        sourceType: 'order',
        sourceId: 'O-1',
        rule: 'purchase',
        points: 120,
        reason: 'order O-1',
      })
      expect(credit.status).toBe(201)
      expect(credit.body).toMatchObject({ points: '120', remaining: '120', expiresAt: null })
      const again = await owner.json<Json>('POST', `${member}/credits`, {
        sourceType: 'order',
        sourceId: 'O-1',
        rule: 'purchase',
        points: 120,
      })
      expect(again.status).toBe(200)
      expect(again.body.id).toBe(credit.body.id)
      const redeemed = await owner.json<Json>('POST', `${member}/redemptions`, {
        points: '100',
        sourceId: 'reward-coffee',
        reference: 'redeem-1',
      })
      expect(redeemed.status).toBe(201)
      expect(redeemed.body).toMatchObject({ kind: 'debit', points: '100' })
      const retried = await owner.json<Json>('POST', `${member}/redemptions`, {
        points: '100',
        sourceId: 'reward-coffee',
        reference: 'redeem-1',
      })
      expect(retried.status).toBe(200)
      expect(retried.body.seq).toBe(redeemed.body.seq)
      const short = await owner.json<{ error: Json }>('POST', `${member}/redemptions`, {
        points: 21,
        sourceId: 'x',
      })
      expect(short.status).toBe(409)
      expect(short.body.error).toMatchObject({ code: 'insufficient_points', details: { balance: '20' } })
      // Half the order refunded: 60 points due back, 20 remain to take, 40 short.
      const reversed = await owner.json<Json>('POST', `${member}/reversals`, {
        sourceId: 'O-1',
        reference: 'refund-1',
        refundAmount: '25.00',
        orderAmount: '50.00',
      })
      expect(reversed.status).toBe(201)
      expect(reversed.body).toMatchObject({ kind: 'reversal', points: '20', shortfall: '40' })
      const shown = await owner.json<Json>('GET', member)
      expect(shown.body).toMatchObject({ balance: '0', customerId: customers['n-1'] })
      const page1 = await owner.json<{ entries: Json[]; nextBefore: string | null }>(
        'GET',
        `${member}/entries?limit=2`,
      )
      expect(page1.body.entries.map((e) => e.kind)).toEqual(['reversal', 'debit'])
      expect(page1.body.entries[1]?.actorUserId).toEqual(expect.any(String))
      const page2 = await owner.json<{ entries: Json[]; nextBefore: string | null }>(
        'GET',
        `${member}/entries?limit=2&before=${page1.body.nextBefore}`,
      )
      expect(page2.body.entries.map((e) => e.kind)).toEqual(['credit'])
      expect(page2.body.nextBefore).toBeNull()
    })

    test('credits expire after the program days unless the credit says otherwise', async () => {
      expect((await owner.json('PUT', url('/settings'), { expiryDays: 30 })).status).toBe(200)
      expect((await owner.json('GET', url('/settings'))).body).toEqual({ expiryDays: 30, pointValue: null })
      const member = url(`/members/${customers['s-1']}`)
      const credit = await owner.json<Json>('POST', `${member}/credits`, {
        sourceType: 'act',
        sourceId: 'r-1',
        points: 5,
      })
      const expected = Date.parse(String(credit.body.createdAt)) + 30 * 86_400_000
      expect(Date.parse(String(credit.body.expiresAt))).toBe(expected)
      const forever = await owner.json<Json>('POST', `${member}/credits`, {
        sourceType: 'act',
        sourceId: 'r-2',
        points: 5,
        expiresAt: null,
      })
      expect(forever.body.expiresAt).toBeNull()
    })

    test('the OpenAPI document describes the loyalty routes and their responses', async () => {
      const { body } = await client(app).json<{ paths: Record<string, Record<string, Json>> }>(
        'GET',
        '/api/openapi.json',
      )
      const redeem = body.paths['/api/v1/workspaces/{workspaceId}/loyalty/members/{customerId}/redemptions']
      expect(JSON.stringify(redeem?.post)).toContain('shortfall')
      expect(Object.keys(body.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/workspaces/{workspaceId}/loyalty/settings',
          '/api/v1/workspaces/{workspaceId}/loyalty/members',
          '/api/v1/workspaces/{workspaceId}/loyalty/members/{customerId}/entries',
          '/api/v1/workspaces/{workspaceId}/loyalty/members/{customerId}/credits',
          '/api/v1/workspaces/{workspaceId}/loyalty/members/{customerId}/reversals',
        ]),
      )
    })

    test('tiers are set and read over HTTP, duplicates named, and a member shows their tier', async () => {
      const rules = {
        windowDays: 365,
        graceDays: 30,
        tiers: [
          { code: 'friend', name: 'Friend', rank: 1, minOrders: 1, benefits: ['early access'] },
          { code: 'insider', name: 'Insider', rank: 2, minSpend: '1000' },
        ],
      }
      const put = await owner.json<Json>('PUT', url('/tiers'), rules)
      expect(put.status).toBe(200)
      expect(put.body).toMatchObject({ windowDays: 365, graceDays: 30 })
      const read = await owner.json<{ tiers: Json[] }>('GET', url('/tiers'))
      expect(read.body.tiers.map((t) => [t.code, t.rank, t.benefits])).toEqual([
        ['friend', 1, ['early access']],
        ['insider', 2, []],
      ])
      const dup = await owner.json<{ error: { details: { field: string }[] } }>('PUT', url('/tiers'), {
        ...rules,
        tiers: [rules.tiers[0], { ...rules.tiers[1], rank: 1 }],
      })
      expect(dup.status).toBe(400)
      expect(dup.body.error.details[0]?.field).toBe('tiers.1.rank')
      await owner.json('POST', `/api/v1/workspaces/${ws}/ingest/orders`, {
        records: [
          {
            customer_id: 's-1',
            order_id: 'T-1',
            ordered_at: new Date().toISOString(),
            amount: '10',
            currency: 'EUR',
          },
        ],
      })
      await evaluateAllTiers(db, new Date(Date.now() + 60_000))
      const shown = await owner.json<{ tier: Json | null }>('GET', url(`/members/${customers['s-1']}`))
      expect(shown.body.tier).toMatchObject({ code: 'friend', benefits: ['early access'], belowSince: null })
    })

    test('hostile input is a 400 naming the field', async () => {
      const member = url(`/members/${customers['s-1']}`)
      const cases: [string, Json, string][] = [
        ['credits', { sourceType: 'order', sourceId: 'a', points: 1.5 }, 'points'],
        ['credits', { sourceType: 'order', sourceId: 'a', points: -3 }, 'points'],
        ['credits', { sourceType: 'order', sourceId: 'a', points: '99999999999999999999' }, 'points'],
        ['credits', { sourceType: 'order', sourceId: 'a\u0000b', points: 1 }, 'sourceId'],
        ['credits', { sourceType: 'order\uD800', sourceId: 'a', points: 1 }, 'sourceType'],
        [
          'credits',
          { sourceType: 'order', sourceId: 'a', points: 1, expiresAt: '99999-01-01T00:00:00Z' },
          'expiresAt',
        ],
        ['redemptions', { points: 0, sourceId: 'a' }, 'points'],
        ['reversals', { sourceId: 'a', reference: 'r', refundAmount: '1', orderAmount: '0' }, 'orderAmount'],
        ['reversals', { sourceId: 'a', reference: 'r', refundAmount: '3', orderAmount: '2' }, 'refundAmount'],
        [
          'reversals',
          { sourceId: 'a', reference: 'r', refundAmount: '1e5', orderAmount: '2' },
          'refundAmount',
        ],
      ]
      for (const [path, body, field] of cases) {
        const response = await owner.json<{ error: { details: { field: string }[] } }>(
          'POST',
          `${member}/${path}`,
          body,
        )
        expect(response.status, JSON.stringify(body)).toBe(400)
        expect(response.body.error.details[0]?.field).toBe(field)
      }
    })

    test('a customer not enrolled, or not in the workspace, is 404', async () => {
      expect((await owner.request('GET', url(`/members/${customers['x-1']}`))).status).toBe(404)
      expect((await owner.request('GET', url('/members/not-a-uuid'))).status).toBe(404)
      const enroll = await owner.json('POST', url('/members'), {
        customerId: '00000000-0000-4000-8000-000000000000',
      })
      expect(enroll.status).toBe(404)
    })

    test('referrals over HTTP: settings checked field by field, a code, a referral, an unknown code 404', async () => {
      const bad = await owner.json<{ error: { details: { field: string }[] } }>(
        'PUT',
        url('/referral-settings'),
        {
          returnDays: 14,
          limit: 5,
          limitDays: 30,
          link: 'https://shop.example/?ref=',
        },
      )
      expect(bad.status).toBe(400)
      expect(bad.body.error.details[0]?.field).toBe('link')
      const settings = { returnDays: 14, limit: 5, limitDays: 30, link: 'https://shop.example/r/{code}' }
      expect((await owner.json('PUT', url('/referral-settings'), settings)).status).toBe(200)
      expect((await owner.json('GET', url('/referral-settings'))).body).toEqual(settings)
      const code = await owner.json<{ code: string; link: string }>('POST', url('/referral-codes'), {
        customerId: customers['n-1'],
      })
      expect(code.body.link).toBe(`https://shop.example/r/${code.body.code}`)
      const referral = await owner.json<Json>('POST', url('/referrals'), {
        code: code.body.code.toLowerCase(),
        customerId: customers['x-1'],
      })
      expect(referral.status).toBe(201)
      expect(referral.body).toMatchObject({ status: 'pending', referrerCustomerId: customers['n-1'] })
      const unknown = await owner.json<{ error: { code: string } }>('POST', url('/referrals'), {
        code: 'NOSUCH22',
        customerId: customers['s-1'],
      })
      expect(unknown.status).toBe(404)
      const listed = await owner.json<{ items: Json[] }>('GET', url('/referrals?status=pending'))
      expect(listed.body.items.map((r) => r.id)).toEqual([referral.body.id])
    })

    test('an agent limited to an org unit credits and redeems only its members; elsewhere is 404 and writes nothing', async () => {
      const units = await owner.json<{ items: { id: string; code: string }[] }>(
        'GET',
        `/api/v1/workspaces/${ws}/org-units`,
      )
      await owner.json('POST', `/api/v1/workspaces/${ws}/members`, {
        email: 'agent@acme.test',
        name: 'Ada Agent',
        password: 'agent password!',
        role: 'agent',
        orgUnitId: units.body.items.find((u) => u.code === 'north')?.id,
      })
      const agent = client(app)
      await agent.json('POST', '/api/v1/auth/login', {
        email: 'agent@acme.test',
        password: 'agent password!',
      })
      const credit = { sourceType: 'order', sourceId: 'AG-1', points: 7 }
      const outside = url(`/members/${customers['s-1']}`)
      expect((await agent.request('POST', `${outside}/credits`, credit)).status).toBe(404)
      expect(
        (await agent.request('POST', `${outside}/redemptions`, { points: 1, sourceId: 'r' })).status,
      ).toBe(404)
      expect((await agent.request('POST', url('/members/not-a-uuid/credits'), credit)).status).toBe(404)
      const [written] = await db.query<{ n: string }>(
        sql`select count(*)::text as n from loyalty_lots where source_id = 'AG-1'`,
      )
      expect(written?.n).toBe('0')
      const inside = url(`/members/${customers['n-1']}`)
      expect((await agent.request('POST', `${inside}/credits`, credit)).status).toBe(201)
      const redeemed = await agent.json<Json>('POST', `${inside}/redemptions`, {
        points: 7,
        sourceId: 'ag-r',
      })
      expect(redeemed.status).toBe(201)
      expect(redeemed.body).toMatchObject({ kind: 'debit', points: '7' })
    })

    test('an admin limited to an org unit reads the program rules but may not change them', async () => {
      const units = await owner.json<{ items: { id: string; code: string }[] }>(
        'GET',
        `/api/v1/workspaces/${ws}/org-units`,
      )
      await owner.json('POST', `/api/v1/workspaces/${ws}/members`, {
        email: 'north-admin@acme.test',
        name: 'Nora Admin',
        password: 'north admin password',
        role: 'admin',
        orgUnitId: units.body.items.find((u) => u.code === 'north')?.id,
      })
      const admin = client(app)
      await admin.json('POST', '/api/v1/auth/login', {
        email: 'north-admin@acme.test',
        password: 'north admin password',
      })
      for (const path of ['/tiers', '/act-rules']) {
        const read = await admin.json('GET', url(path))
        expect(read.status, path).toBe(200)
        expect((await admin.request('PUT', url(path), read.body)).status, path).toBe(403)
        expect((await owner.json('GET', url(path))).body, path).toEqual(read.body)
      }
    })

    test('an API key credits and redeems, and its last use is written at most once a minute', async () => {
      const key = await owner.json<{ id: string; secret: string }>(
        'POST',
        `/api/v1/workspaces/${ws}/api-keys`,
        {
          name: 'till',
          scopes: ['write'],
        },
      )
      const till = client(app, { bearer: key.body.secret })
      const lastUsed = async () => {
        const [row] = await db.query<{ at: Date | null }>(
          sql`select last_used_at as at from api_keys where id = ${key.body.id}`,
        )
        return row?.at ?? null
      }
      expect(await lastUsed()).toBeNull()
      const member = url(`/members/${customers['n-1']}`)
      const credit = await till.json<Json>('POST', `${member}/credits`, {
        sourceType: 'order',
        sourceId: 'K-1',
        points: 3,
      })
      expect(credit.status).toBe(201)
      expect(credit.body.expiresAt).not.toBeNull()
      const first = await lastUsed()
      expect(first).not.toBeNull()
      await till.json('POST', `${member}/redemptions`, { points: 1, sourceId: 'k-r1' })
      expect(await lastUsed()).toEqual(first)
      // Two minutes later (set back by hand), the next request writes it again.
      await db.query(
        sql`update api_keys set last_used_at = now() - interval '2 minutes' where id = ${key.body.id}`,
      )
      const stale = await lastUsed()
      // The server trusts a verified key for API_KEY_TRUST_MS before looking it up (and touching it) again.
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(Date.now() + API_KEY_TRUST_MS + 1)
      await till.json('POST', `${member}/redemptions`, { points: 1, sourceId: 'k-r2' })
      vi.useRealTimers()
      expect((await lastUsed())?.getTime()).toBeGreaterThan(stale?.getTime() ?? 0)
      const revoked = await owner.request('DELETE', `/api/v1/workspaces/${ws}/api-keys/${key.body.id}`)
      expect(revoked.status).toBeLessThan(300)
      expect(
        (await till.request('POST', `${member}/credits`, { sourceType: 'o', sourceId: 'K-2', points: 1 }))
          .status,
      ).toBe(401)
    })

    test('a viewer limited to an org unit sees only its members and may not credit', async () => {
      const units = await owner.json<{ items: { id: string; code: string }[] }>(
        'GET',
        `/api/v1/workspaces/${ws}/org-units`,
      )
      const north = units.body.items.find((u) => u.code === 'north')
      await owner.json('POST', `/api/v1/workspaces/${ws}/members`, {
        email: 'viewer@acme.test',
        name: 'Vira Viewer',
        password: 'viewer password',
        role: 'viewer',
        orgUnitId: north?.id,
      })
      const viewer = client(app)
      await viewer.json('POST', '/api/v1/auth/login', {
        email: 'viewer@acme.test',
        password: 'viewer password',
      })
      expect((await viewer.request('GET', url(`/members/${customers['n-1']}`))).status).toBe(200)
      expect((await viewer.request('GET', url(`/members/${customers['s-1']}/entries`))).status).toBe(404)
      const credit = await viewer.request('POST', url(`/members/${customers['n-1']}/credits`), {
        sourceType: 'order',
        sourceId: 'O-9',
        points: 1,
      })
      expect(credit.status).toBe(403)
    })
    test("the customers list filters by engagement score, within the caller's unit, in the list and its CSV", async () => {
      const yesterday = new Date(Date.now() - 86_400_000).toISOString()
      // By hand: n-1 a referral (10) and a review (6) = 16; s-1 community help (8); x-1 nothing, 0. No habit, no answers.
      for (const [customer, kind] of [
        ['n-1', 'referral'],
        ['n-1', 'review'],
        ['s-1', 'community_help'],
      ] as const) {
        const act = await owner.json('POST', url('/acts'), {
          customerId: customers[customer],
          kind,
          sourceId: `eng-${customer}-${kind}`,
          occurredAt: yesterday,
        })
        expect(act.status).toBe(201)
      }
      const list = async (who: ReturnType<typeof client>, query: string) => {
        const r = await who.json<{ items: { externalId: string }[]; total: number }>(
          'GET',
          `/api/v1/workspaces/${ws}/customers?${query}`,
        )
        expect(r.status, query).toBe(200)
        expect(r.body.total).toBe(r.body.items.length)
        return r.body.items.map((i) => i.externalId)
      }
      // By name: Elsewhere shopper (s-1), Never enrolled (x-1), North shopper (n-1).
      expect(await list(owner, 'minEngagement=0')).toEqual(['s-1', 'x-1', 'n-1'])
      expect(await list(owner, 'minEngagement=8')).toEqual(['s-1', 'n-1'])
      expect(await list(owner, 'minEngagement=9')).toEqual(['n-1'])
      expect(await list(owner, 'minEngagement=16')).toEqual(['n-1'])
      expect(await list(owner, 'minEngagement=17')).toEqual([])
      expect(await list(owner, 'minEngagement=8&q=Elsewhere')).toEqual(['s-1'])
      const viewer = client(app)
      await viewer.json('POST', '/api/v1/auth/login', {
        email: 'viewer@acme.test',
        password: 'viewer password',
      })
      expect(await list(viewer, 'minEngagement=8')).toEqual(['n-1'])
      const csv = await (
        await owner.request('GET', `/api/v1/workspaces/${ws}/customers.csv?minEngagement=8`)
      ).text()
      expect(
        csv
          .trim()
          .split('\n')
          .slice(1)
          .map((line) => line.split(',')[0]),
      ).toEqual(['s-1', 'n-1'])
      for (const bad of ['101', '-1', '2.5', 'lots']) {
        const refused = await owner.json<{ error: { details: { field: string }[] } }>(
          'GET',
          `/api/v1/workspaces/${ws}/customers?minEngagement=${bad}`,
        )
        expect(refused.status, bad).toBe(400)
        expect(refused.body.error.details.map((d) => d.field)).toEqual(['minEngagement'])
      }
    })
  })
}
