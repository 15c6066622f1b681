import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { client, setUp, testApp } from '../server/test-client.js'

// A member limited to an org unit writes only inside it, record by record, as they read only inside it.

type Report = { imported: number; updated: number; errors: { index: number; field: string | null }[] }

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`writes scoped by org unit on ${driver.name}`, () => {
    let db: Db
    let app: Awaited<ReturnType<typeof testApp>>['app']
    let ws: string
    let owner: ReturnType<typeof client>
    let analyst: ReturnType<typeof client>
    const units: Record<string, string> = {}
    const customer = async (externalId: string) => {
      const [row] = await db.query<{
        id: string
        name: string | null
        email: string | null
        unit: string | null
      }>(
        sql`select c.id, c.name, c.email, u.code as unit from customers c left join org_units u on u.id = c.org_unit_id
          where c.workspace_id = ${ws} and c.external_id = ${externalId}`,
      )
      return row
    }

    beforeAll(async () => {
      ;({ app, db } = await testApp(await driver.open()))
      ;({ owner, workspaceId: ws } = await setUp(app))
      for (const [code, parentCode] of [
        ['north', 'company'],
        ['kyiv-1', 'north'],
        ['south', 'company'],
      ] as const) {
        const unit = await owner.json<{ id: string }>('POST', `/api/v1/workspaces/${ws}/org-units`, {
          code,
          name: code,
          parentCode,
        })
        units[code] = unit.body.id
      }
      await owner.json('POST', `/api/v1/workspaces/${ws}/ingest/customers`, {
        records: [
          { customer_id: 'n-1', name: 'North shopper', email: 'n1@x.test', org_unit: 'north' },
          { customer_id: 's-1', name: 'South shopper', email: 's1@x.test', org_unit: 'south' },
          { customer_id: 'none-1', name: 'Nowhere shopper' },
        ],
      })
      await owner.json('POST', `/api/v1/workspaces/${ws}/members`, {
        email: 'north@acme.test',
        name: 'Nadia North',
        password: 'north analyst pw',
        role: 'analyst',
        orgUnitId: units.north,
      })
      analyst = client(app)
      await analyst.json('POST', '/api/v1/auth/login', {
        email: 'north@acme.test',
        password: 'north analyst pw',
      })
    })

    afterAll(async () => {
      await db.close()
    })

    test('customers outside the unit are refused per record; the others are stored inside it', async () => {
      const { status, body } = await analyst.json<Report>(
        'POST',
        `/api/v1/workspaces/${ws}/ingest/customers`,
        {
          records: [
            { customer_id: 's-1', name: 'Renamed by north', email: 'evil@x.test', email_opt_in: true },
            { customer_id: 'new-1', name: 'New in north' },
            { customer_id: 'n-1', name: 'North shopper', org_unit: 'south' },
            { customer_id: 'new-k', name: 'New in Kyiv', org_unit: 'kyiv-1' },
            { customer_id: 'none-1', name: 'Taken over', org_unit: 'north' },
            { customer_id: 'new-s', name: 'New in south', org_unit: 'south' },
            { customer_id: 'n-1', name: 'North renamed', email: 'n1@x.test', org_unit: 'north' },
          ],
        },
      )
      expect(status).toBe(200)
      expect(body.errors.map((e) => [e.index, e.field])).toEqual([
        [0, 'customer_id'],
        [2, 'org_unit'],
        [4, 'customer_id'],
        [5, 'org_unit'],
      ])
      expect(await customer('s-1')).toMatchObject({
        name: 'South shopper',
        email: 's1@x.test',
        unit: 'south',
      })
      expect(await customer('none-1')).toMatchObject({ name: 'Nowhere shopper', unit: null })
      expect(await customer('new-1')).toMatchObject({ name: 'New in north', unit: 'north' })
      expect(await customer('new-k')).toMatchObject({ unit: 'kyiv-1' })
      expect(await customer('new-s')).toBeUndefined()
      expect(await customer('n-1')).toMatchObject({ name: 'North renamed', unit: 'north' })
    })

    test('orders and events for customers outside the unit are refused per record', async () => {
      const orders = await analyst.json<Report>('POST', `/api/v1/workspaces/${ws}/ingest/orders`, {
        records: [
          { customer_id: 's-1', order_id: 'o-s', ordered_at: '2024-01-01', amount: '10' },
          { customer_id: 'n-1', order_id: 'o-n', ordered_at: '2024-01-01', amount: '10' },
          { customer_id: 'unknown', order_id: 'o-u', ordered_at: '2024-01-01', amount: '10' },
        ],
      })
      expect(orders.body.errors.map((e) => [e.index, e.field])).toEqual([
        [0, 'customer_id'],
        [2, 'customer_id'],
      ])
      const stored = await db.query<{ id: string }>(
        sql`select external_id as id from orders where workspace_id = ${ws} order by 1`,
      )
      expect(stored.map((o) => o.id)).toEqual(['o-n'])
      const events = await analyst.json<Report>('POST', `/api/v1/workspaces/${ws}/ingest/events`, {
        records: [
          { customer_id: 'n-1', type: 'visit', occurred_at: '2024-01-02' },
          { customer_id: 'none-1', type: 'visit', occurred_at: '2024-01-02' },
        ],
      })
      expect(events.body.errors.map((e) => [e.index, e.field])).toEqual([[1, 'customer_id']])
      expect(await db.query(sql`select 1 from events where workspace_id = ${ws}`)).toHaveLength(1)
    })

    test('the owner, limited to nothing, still writes anywhere', async () => {
      const { body } = await owner.json<Report>('POST', `/api/v1/workspaces/${ws}/ingest/customers`, {
        records: [{ customer_id: 's-1', name: 'South by owner', org_unit: 'south' }],
      })
      expect(body.errors).toEqual([])
      expect(await customer('s-1')).toMatchObject({ name: 'South by owner' })
    })

    test('a personal invitation for a customer outside the unit is refused like an unknown one', async () => {
      const survey = await owner.json<{ id: string }>('POST', `/api/v1/workspaces/${ws}/surveys`, {
        template: 'relational_nps',
      })
      const invite = (externalId: string) =>
        customer(externalId).then(async (c) =>
          analyst.json<{ error?: { details: { field: string }[] } }>(
            'POST',
            `/api/v1/workspaces/${ws}/surveys/${survey.body.id}/invitations`,
            { customerId: c?.id },
          ),
        )
      const outside = await invite('s-1')
      expect(outside.status).toBe(400)
      expect(outside.body.error?.details[0]?.field).toBe('customerId')
      expect((await invite('n-1')).status).toBe(201)
      expect(await db.query(sql`select 1 from invitations where workspace_id = ${ws}`)).toHaveLength(1)
    })

    test('an admin limited to a unit may not create what reaches the whole workspace', async () => {
      await owner.json('POST', `/api/v1/workspaces/${ws}/members`, {
        email: 'north-admin@acme.test',
        name: 'Nestor North',
        password: 'north admin pw 1',
        role: 'admin',
        orgUnitId: units.north,
      })
      const admin = client(app)
      await admin.json('POST', '/api/v1/auth/login', {
        email: 'north-admin@acme.test',
        password: 'north admin pw 1',
      })
      const key = await admin.request('POST', `/api/v1/workspaces/${ws}/api-keys`, {
        name: 'k',
        scopes: ['write'],
      })
      expect(key.status).toBe(403)
      const source = await admin.request('POST', `/api/v1/workspaces/${ws}/webhook-sources`, {
        platform: 'shopify',
        name: 'shop',
      })
      expect(source.status).toBe(403)
      expect((await admin.request('PUT', `/api/v1/workspaces/${ws}/segments/settings`, {})).status).toBe(403)
      const consent = await admin.request('PUT', `/api/v1/workspaces/${ws}/survey-delivery/consent`, {
        emailLegitimateInterest: true,
        legitimateInterestBasis: 'north says so',
      })
      expect(consent.status).toBe(403)
      // The widget secret signs tokens for any customer of the workspace: it is not shown inside one unit.
      const widget = `/api/v1/workspaces/${ws}/survey-delivery/widget`
      expect((await admin.json<{ secret: string | null }>('GET', widget)).body.secret).toBeNull()
      expect((await owner.json<{ secret: string | null }>('GET', widget)).body.secret).toEqual(
        expect.any(String),
      )
      expect(await db.query(sql`select 1 from api_keys where workspace_id = ${ws}`)).toEqual([])
      expect(await db.query(sql`select 1 from webhook_sources where workspace_id = ${ws}`)).toEqual([])
    })

    test('a survey program of a limited writer reaches only their unit', async () => {
      const survey = await owner.json<{ id: string }>('POST', `/api/v1/workspaces/${ws}/surveys`, {
        template: 'relational_nps',
      })
      const program = (audience: Record<string, unknown>) =>
        analyst.json<{ id: string; audience: { orgUnitId?: string } }>(
          'POST',
          `/api/v1/workspaces/${ws}/survey-programs`,
          { name: 'p', surveyId: survey.body.id, channel: 'email', triggerEvent: 'visit', audience },
        )
      const mine = await program({})
      expect(mine.status).toBe(201)
      expect(mine.body.audience.orgUnitId).toBe(units.north)
      expect((await program({ orgUnitId: units.south })).status).toBe(400)
      expect((await program({ orgUnitId: units['kyiv-1'] })).status).toBe(201)
      const everyone = await owner.json<{ id: string }>('POST', `/api/v1/workspaces/${ws}/survey-programs`, {
        name: 'all',
        surveyId: survey.body.id,
        channel: 'email',
        triggerEvent: 'visit',
      })
      const base = `/api/v1/workspaces/${ws}/survey-programs/${everyone.body.id}`
      expect((await analyst.request('PATCH', base, { name: 'mine now' })).status).toBe(403)
      expect((await analyst.request('DELETE', base)).status).toBe(403)
      const widened = await analyst.request(
        'PATCH',
        `/api/v1/workspaces/${ws}/survey-programs/${mine.body.id}`,
        {
          audience: { orgUnitId: units.south },
        },
      )
      expect(widened.status).toBe(400)
    })
  })
}
