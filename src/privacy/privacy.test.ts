import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { client, setUp, testApp } from '../server/test-client.js'
import { npsDefinition } from '../surveys/test-survey.js'
import { removeExpiredComments } from './queries.js'

type Json = Record<string, unknown>

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`on ${driver.name}`, () => {
    let db: Db
    let app: Awaited<ReturnType<typeof testApp>>['app']
    let owner: ReturnType<typeof client>
    let ws: string
    let olena: string
    let petro: string
    let surveyId: string

    async function answer(customerId: string, answers: Json): Promise<string> {
      const inv = await owner.json<{ url: string }>(
        'POST',
        `/api/v1/workspaces/${ws}/surveys/${surveyId}/invitations`,
        {
          customerId,
        },
      )
      const token = inv.body.url.split('/s/i/')[1]
      const saved = await owner.json('POST', `/api/v1/public/invitations/${token}/responses`, {
        clientId: `c-${customerId}-${Object.keys(answers).length}`,
        version: 1,
        language: 'en',
        answers,
        complete: true,
      })
      expect(saved.status).toBeLessThan(300)
      return String(token)
    }

    beforeAll(async () => {
      ;({ app, db } = await testApp(await driver.open()))
      ;({ owner, workspaceId: ws } = await setUp(app))
      const ingest = (kind: string, records: Json[]) =>
        owner.json('POST', `/api/v1/workspaces/${ws}/ingest/${kind}`, { records })
      await ingest('customers', [
        {
          customer_id: 'C-1',
          name: 'Olena Kovalenko',
          email: 'olena@example.ua',
          phone: '+380501112233',
          attributes: { city: 'Lviv' },
        },
        { customer_id: 'C-2', name: 'Petro Shevchenko', email: 'petro@example.ua' },
      ])
      await ingest('orders', [
        { customer_id: 'C-1', order_id: 'O-1', ordered_at: '2026-01-10', amount: '120.50', currency: 'EUR' },
        { customer_id: 'C-1', order_id: 'O-2', ordered_at: '2026-03-02', amount: '80.00', currency: 'EUR' },
        { customer_id: 'C-2', order_id: 'O-3', ordered_at: '2026-02-01', amount: '10.00', currency: 'EUR' },
      ])
      await ingest('events', [
        {
          customer_id: 'C-1',
          type: 'order_delivered',
          occurred_at: '2026-01-12T10:00:00Z',
          properties: { address: 'Franka 5, Lviv' },
        },
      ])
      const ids = await db.query<{ id: string; externalId: string }>(
        sql`select id::text, external_id as "externalId" from customers where workspace_id = ${ws} order by external_id`,
      )
      olena = ids[0]?.id ?? ''
      petro = ids[1]?.id ?? ''
      const created = await owner.json<{ id: string }>('POST', `/api/v1/workspaces/${ws}/surveys`, {
        name: 'Delivery',
        touchpoint: 'delivery',
        npsKind: 'transactional',
        definition: npsDefinition,
      })
      surveyId = created.body.id
      await owner.json('PUT', `/api/v1/workspaces/${ws}/surveys/${surveyId}`, { status: 'active' })
      await answer(olena, {
        nps: 3,
        reason: 'speed',
        comment: 'The courier called me Olena Kovalenko at 6 am',
      })
      const loyalty = `/api/v1/workspaces/${ws}/loyalty`
      expect((await owner.json('POST', `${loyalty}/members`, { customerId: olena })).status).toBe(201)
      const credit = await owner.json('POST', `${loyalty}/members/${olena}/credits`, {
        sourceType: 'order',
        sourceId: 'O-1',
        points: 120,
        expiresAt: null,
      })
      expect(credit.status).toBe(201)
      const act = await owner.json('POST', `${loyalty}/acts`, {
        customerId: olena,
        kind: 'review',
        sourceId: 'review-7',
        occurredAt: '2026-03-05T10:00:00Z',
        note: 'Olena wrote about her daughter Maria',
      })
      expect(act.status).toBe(201)
      await answer(petro, { nps: 4, reason: 'price', comment: 'Too expensive for Petro' })
    })
    afterAll(async () => {
      await db.close()
    })

    describe('data rights', () => {
      test("the export holds the customer's record, orders with lines, events, responses and invitations", async () => {
        const { status, body } = await owner.json<Json & { customer: Json; orders: Json[]; events: Json[] }>(
          'GET',
          `/api/v1/workspaces/${ws}/customers/${olena}/export`,
        )
        expect(status).toBe(200)
        expect(body.customer).toMatchObject({
          externalId: 'C-1',
          name: 'Olena Kovalenko',
          email: 'olena@example.ua',
          attributes: { city: 'Lviv' },
        })
        expect(body.orders.map((o) => [o.externalId, o.amount])).toEqual([
          ['O-1', '120.5000'],
          ['O-2', '80.0000'],
        ])
        expect(body.events).toEqual([
          expect.objectContaining({ type: 'order_delivered', properties: { address: 'Franka 5, Lviv' } }),
        ])
        expect(body.responses).toEqual([
          expect.objectContaining({
            survey: 'Delivery',
            answers: { nps: 3, reason: 'speed', comment: 'The courier called me Olena Kovalenko at 6 am' },
          }),
        ])
        expect(body.invitations).toHaveLength(1)
        expect(body.loyalty).toMatchObject({
          entries: [{ kind: 'credit', points: '120', source: 'order:O-1' }],
        })
        expect(body.acts).toEqual([
          expect.objectContaining({ kind: 'review', note: 'Olena wrote about her daughter Maria' }),
        ])
        // Nothing of the other customer.
        expect(JSON.stringify(body)).not.toMatch(/Petro|O-3/)
      })

      test('erasing removes what identifies the person, keeps revenue and scores, and is audited without the name', async () => {
        const before = await db.query<{ revenue: string; nps: string }>(sql`select
          (select sum(amount)::text from orders where workspace_id = ${ws}) as revenue,
          (select string_agg(answers ->> 'nps', ',' order by answers ->> 'nps') from responses where workspace_id = ${ws}) as nps`)
        const erased = await owner.json<{ erasedAt: string }>(
          'POST',
          `/api/v1/workspaces/${ws}/customers/${olena}/erase`,
          {
            reason: 'request by e-mail, ticket 42',
          },
        )
        expect(erased.status).toBe(200)
        expect(Date.parse(erased.body.erasedAt)).not.toBeNaN()

        const { body } = await owner.json<{
          customer: Json
          events: Json[]
          responses: Json[]
          loyalty: Json
          acts: Json[]
        }>('GET', `/api/v1/workspaces/${ws}/customers/${olena}/export`)
        expect(body.customer).toMatchObject({
          name: null,
          email: null,
          phone: null,
          attributes: {},
          emailOptIn: false,
          optedOut: true,
        })
        expect(body.customer.externalId).toBe(`erased:${olena}`)
        expect(body.events[0]?.properties).toEqual({})
        expect(body.responses[0]?.answers).toEqual({ nps: 3, reason: 'speed' })
        // The ledger stays whole; what was written about her act goes.
        expect(body.loyalty).toMatchObject({ entries: [{ kind: 'credit', points: '120' }] })
        expect(body.acts).toEqual([expect.objectContaining({ kind: 'review', note: null })])
        const everything = JSON.stringify(await db.query(sql`select * from customers where id = ${olena}`))
        expect(everything).not.toMatch(/Olena|olena@|380501112233|Lviv/)

        const after = await db.query<{ revenue: string; nps: string }>(sql`select
          (select sum(amount)::text from orders where workspace_id = ${ws}) as revenue,
          (select string_agg(answers ->> 'nps', ',' order by answers ->> 'nps') from responses where workspace_id = ${ws}) as nps`)
        expect(after).toEqual(before)

        const petroNow = await owner.json<{ customer: Json; responses: Json[] }>(
          'GET',
          `/api/v1/workspaces/${ws}/customers/${petro}/export`,
        )
        expect(petroNow.body.customer.name).toBe('Petro Shevchenko')
        expect(petroNow.body.responses[0]?.answers).toMatchObject({ comment: 'Too expensive for Petro' })

        const audit = await db.query<{ action: string; entityId: string; details: Json }>(sql`select action,
          entity_id as "entityId", details from audit_log where workspace_id = ${ws} and action = 'customer.erased'`)
        expect(audit).toEqual([
          { action: 'customer.erased', entityId: olena, details: { reason: 'request by e-mail, ticket 42' } },
        ])
      })

      test('export and erasure need a manager; an unknown or foreign customer is 404', async () => {
        const viewer = client(app)
        await owner.json('POST', `/api/v1/workspaces/${ws}/members`, {
          email: 'viewer@acme.test',
          name: 'Vika Viewer',
          password: 'a long and quiet river',
          role: 'viewer',
        })
        await viewer.json('POST', '/api/v1/auth/login', {
          email: 'viewer@acme.test',
          password: 'a long and quiet river',
        })
        expect((await viewer.json('GET', `/api/v1/workspaces/${ws}/customers/${petro}/export`)).status).toBe(
          403,
        )
        expect(
          (await viewer.json('POST', `/api/v1/workspaces/${ws}/customers/${petro}/erase`, {})).status,
        ).toBe(403)
        const unknown = '00000000-0000-4000-8000-000000000000'
        expect((await owner.json('GET', `/api/v1/workspaces/${ws}/customers/${unknown}/export`)).status).toBe(
          404,
        )
        expect(
          (await owner.json('POST', `/api/v1/workspaces/${ws}/customers/not-a-uuid/erase`, {})).status,
        ).toBe(404)
      })

      test('comments older than the retention period are removed by the hourly job; scores and newer comments stay', async () => {
        expect(
          (await owner.json('PUT', `/api/v1/workspaces/${ws}/privacy/settings`, { commentRetentionDays: 0 }))
            .status,
        ).toBe(400)
        const set = await owner.json('PUT', `/api/v1/workspaces/${ws}/privacy/settings`, {
          commentRetentionDays: 30,
        })
        expect(set).toEqual({ status: 200, body: { commentRetentionDays: 30 } })
        const now = new Date('2027-06-01T00:00:00Z')
        await db.query(
          sql`update responses set completed_at = ${new Date('2027-04-01T00:00:00Z')} where customer_id = ${petro}`,
        )
        expect(await removeExpiredComments(db, new Date('2027-04-20T00:00:00Z'))).toBe(0)
        expect(await removeExpiredComments(db, now)).toBe(1)
        const [row] = await db.query<{ answers: Json }>(
          sql`select answers from responses where customer_id = ${petro}`,
        )
        expect(row?.answers).toEqual({ nps: 4, reason: 'price' })
        expect(await removeExpiredComments(db, now)).toBe(0)
      })
    })
  })
}
