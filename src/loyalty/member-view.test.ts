import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { testDrivers } from '../db/test-db.js'
import { client, setUp, testApp } from '../server/test-client.js'
import { evaluateTiers } from './tiers.js'

type Json = Record<string, unknown>

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`member view on ${driver.name}`, () => {
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
        records: [
          { customer_id: 'olena', name: 'Олена', language: 'uk' },
          { customer_id: 'other', name: 'Other' },
        ],
      })
      const list = await owner.json<{ items: { id: string; externalId: string }[] }>(
        'GET',
        `/api/v1/workspaces/${ws}/customers?limit=500`,
      )
      for (const c of list.body.items) customers[c.externalId] = c.id
      for (const id of ['olena', 'other'])
        await owner.json('POST', url('/members'), { customerId: customers[id] })
      await owner.json('PUT', url('/tiers'), {
        windowDays: 365,
        graceDays: 30,
        tiers: [
          { code: 'friend', name: 'Друг', rank: 1, minEngagements: 1, benefits: ['Ранній доступ'] },
          {
            code: 'patron',
            name: 'Меценат',
            rank: 2,
            minSpend: '100',
            minEngagements: 3,
            benefits: ['Особистий контакт'],
          },
        ],
      })
      await owner.json('POST', url(`/members/${customers.olena}/credits`), {
        sourceType: 'order',
        sourceId: 'O-1',
        points: 40,
      })
      await owner.json('POST', url('/acts'), {
        customerId: customers.olena,
        kind: 'review',
        sourceId: 'rv-1',
        occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
      })
      await evaluateTiers(db, ws, new Date())
    })
    afterAll(async () => {
      await db.close()
    })

    test('a signed link shows the member their tier, acts, points and the way to the next tier, in their language', async () => {
      const link = await owner.json<{ page: string; json: string }>(
        'POST',
        url(`/members/${customers.olena}/view-link`),
        {},
      )
      expect(link.status).toBe(200)
      const view = await client(app).json<Json>('GET', link.body.json)
      expect(view.status).toBe(200)
      expect(view.body).toMatchObject({
        language: 'uk',
        points: '40',
        tier: { code: 'friend', name: 'Друг', benefits: ['Ранній доступ'] },
        next: { code: 'patron', spend: '100.0000', orders: 0, engagements: 2 },
        acts: [{ kind: 'review', thanked: false }],
      })
      const page = await client(app).request('GET', link.body.page)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('Ваше членство')
      expect(html).toContain('Відгук')
    })

    test('a token changed, expired, or for another customer opens nothing', async () => {
      const link = await owner.json<{ json: string }>('POST', url(`/members/${customers.olena}/view-link`), {
        days: 1,
      })
      const token = link.body.json.split('/').pop() ?? ''
      // The expiry's first digit changed: the signature no longer matches.
      const tampered = link.body.json.replace(
        /\/(\d)([^/]*)$/,
        (_m, d: string, rest: string) => `/${d === '9' ? '8' : '9'}${rest}`,
      )
      expect((await client(app).request('GET', tampered)).status).toBe(403)
      const forOther = `/api/public/loyalty/${ws}/${customers.other}/${token}`
      expect((await client(app).request('GET', forOther)).status).toBe(403)
      expect(
        (await client(app).request('GET', `/loyalty/member/${ws}/${customers.olena}/1.abc`)).status,
      ).toBe(403)
      const tooLong = await owner.json('POST', url(`/members/${customers.olena}/view-link`), { days: 400 })
      expect(tooLong.status).toBe(400)
    })
  })
}
