import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { listOrgUnits } from '../access/org-units.js'
import { createUser, setMembership } from '../access/users.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { loadDemo } from '../demo/load-demo.js'
import { client, setUp, testApp } from '../server/test-client.js'
import { fitSchema, fitValidationSchema } from './responses.js'
import { insertSteadyShop, steadyStart } from './test-steady-shop.js'

// The forecast API on the seeded demo shop, on both database drivers.
for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`forecast API on ${driver.name}`, () => {
    let db: Db
    let app: Awaited<ReturnType<typeof testApp>>['app']
    let owner: ReturnType<typeof client>
    let ws: string

    beforeAll(async () => {
      ;({ app, db } = await testApp(await driver.open()))
      ;({ owner, workspaceId: ws } = await setUp(app))
    }, 120_000)
    afterAll(async () => {
      await db.close()
    })

    test('a workspace without orders gets a failed fit that says why', async () => {
      const fit = await owner.json<{ status: string; error: string }>(
        'POST',
        `/api/v1/workspaces/${ws}/forecasts/fit`,
        {},
      )
      expect(fit.status).toBe(201)
      expect(fit.body).toMatchObject({ status: 'failed', error: 'there are no orders to fit the models to' })
      const current = await owner.json<{ fit: { status: string; explanation: unknown } }>(
        'GET',
        `/api/v1/workspaces/${ws}/forecasts/current`,
      )
      expect(current.body.fit).toMatchObject({ status: 'failed', explanation: null })
    })

    test('after a fit on the demo shop: parameters, explanation, validation, customer predictions, revenue at risk', async () => {
      // The forecasts read orders only: the demo's surveys, cases, events and loyalty program are left out.
      await loadDemo(db, ws, { customers: 400, seed: 11, parts: [] })
      const fit = await owner.json<Record<string, unknown>>(
        'POST',
        `/api/v1/workspaces/${ws}/forecasts/fit`,
        {
          margin: 0.3,
        },
      )
      expect(fit.status).toBe(201)
      expect(fit.body).toMatchObject({ status: 'fitted', unit: 'week', currency: 'EUR', horizonDays: 90 })
      const body = fit.body as {
        customers: number
        bgnbd: Record<string, number>
        paretoNbd: Record<string, number>
        clvOptions: { margin: number }
        explanation: { text: string; purchasesPerWeek: number }
      }
      const [buyers] = await db.query<{ n: number }>(
        sql`select count(distinct customer_id)::int as n from orders where workspace_id = ${ws} and amount >= 0
          and status not in ('cancelled', 'returned')`,
      )
      // Customers whose only orders were cancelled or returned bought nothing.
      expect(body.customers).toBe(buyers!.n)
      for (const k of ['r', 'alpha', 'a', 'b']) expect(body.bgnbd[k]).toBeGreaterThan(0)
      expect(body.bgnbd.logLikelihood).toBeLessThan(0)
      expect(body.clvOptions.margin).toBe(0.3)
      expect(body.explanation.text).toMatch(/fits these \d+ customers best/)

      const validation = await owner.json<{
        validation: { actual: number; tracking: unknown[]; byFrequency: unknown[] }
      }>('GET', `/api/v1/workspaces/${ws}/forecasts/validation`)
      expect(validation.body.validation.actual).toBeGreaterThan(0)
      expect(validation.body.validation.tracking.length).toBeGreaterThan(10)
      expect(validation.body.validation.byFrequency.length).toBeGreaterThan(1)
      // The dashboard's types are those of the response schemas: they must describe these answers.
      for (const [answer, schema] of [
        [fit.body, fitSchema],
        [validation.body, fitValidationSchema],
      ] as const)
        expect(schema.safeParse(answer).error?.issues ?? []).toEqual([])

      // A customer's prediction agrees with the stored row.
      const [row] = await db.query<{ id: string; p: number }>(sql`select customer_id as id, p_alive as p
        from forecast_predictions where workspace_id = ${ws} and x > 2 limit 1`)
      const one = await owner.json<{
        current: { pAlive: number; expectedPurchases: number; clv: string }
        history: unknown[]
      }>('GET', `/api/v1/workspaces/${ws}/forecasts/customers/${row!.id}`)
      expect(one.body.current.pAlive).toBe(row!.p)
      expect(one.body.current.pAlive).toBeGreaterThan(0)
      expect(one.body.current.pAlive).toBeLessThanOrEqual(1)
      expect(Number(one.body.current.clv)).toBeGreaterThanOrEqual(0)
      expect(one.body.history).toHaveLength(1)
      expect((await owner.json('GET', `/api/v1/workspaces/${ws}/forecasts/customers/nope`)).status).toBe(404)

      const risk = await owner.json<{
        items: { pAlive: number; pAliveBefore: number; revenueAtRisk: string }[]
        total: number
      }>('GET', `/api/v1/workspaces/${ws}/forecasts/at-risk?limit=5`)
      expect(risk.body.total).toBeGreaterThan(0)
      expect(risk.body.items.length).toBeLessThanOrEqual(5)
      for (const r of risk.body.items) expect(r.pAlive).toBeLessThan(r.pAliveBefore)
      const amounts = risk.body.items.map((r) => Number(r.revenueAtRisk))
      expect(amounts).toEqual([...amounts].sort((a, b) => b - a))
      const csv = await owner.request('GET', `/api/v1/workspaces/${ws}/forecasts/at-risk.csv`)
      const lines = (await csv.text()).trim().split('\n')
      expect(lines[0]).toMatch(/^customer_id,name,email,revenue,p_alive/)
      expect(lines).toHaveLength(risk.body.total + 1)

      // A second fit on the same data adds to the history and keeps the same customers at risk.
      await owner.json('POST', `/api/v1/workspaces/${ws}/forecasts/fit`, {})
      const again = await owner.json<{ history: unknown[] }>(
        'GET',
        `/api/v1/workspaces/${ws}/forecasts/customers/${row!.id}`,
      )
      expect(again.body.history).toHaveLength(2)
      const still = await owner.json<{ total: number }>('GET', `/api/v1/workspaces/${ws}/forecasts/at-risk`)
      expect(still.body.total).toBe(risk.body.total)
    }, 120_000)

    test('a shop where nobody has stopped buying yet gets a BG/NBD forecast, with the reason Pareto/NBD is missing', async () => {
      const created = await owner.json<{ id: string }>('POST', '/api/v1/workspaces', { name: 'Young shop' })
      const young = created.body.id
      const buyers = await insertSteadyShop(db, young, steadyStart + 638)
      const fit = await owner.json<{
        status: string
        chosen: string
        bgnbd: Record<string, number> | null
        paretoNbd: unknown
        warnings: string[]
        constantSpend: number | null
        explanation: { model: string; text: string; meanSpend: number | null } | null
      }>('POST', `/api/v1/workspaces/${young}/forecasts/fit`, {})
      expect(fit.status).toBe(201)
      expect(fit.body).toMatchObject({ status: 'fitted', chosen: 'bgnbd', paretoNbd: null })
      expect(fit.body.bgnbd!.logLikelihood).toBeLessThan(0)
      expect(fit.body.warnings[0]).toMatch(/^the Pareto\/NBD model cannot be fitted: .*use BG\/NBD alone$/)
      expect(fit.body.explanation).toMatchObject({ model: 'bgnbd', meanSpend: 10 })
      expect(fit.body.constantSpend).toBe(10)
      expect(fit.body.explanation!.text).toContain('A transaction is worth 10.00 EUR on average.')
      expect(fit.body.explanation!.text).toMatch(
        `BG/NBD is the model that could be fitted to these ${buyers.length} customers.`,
      )
      // Every order is worth 10, so is everybody's expected spend, and each customer has a CLV.
      const [stored] = await db.query<{
        n: number
        alive: number
        valued: number
      }>(sql`select count(*)::int as n,
          count(*) filter (where p_alive > 0 and p_alive <= 1)::int as alive,
          count(*) filter (where expected_spend = 10 and clv > 0)::int as valued
        from forecast_predictions where workspace_id = ${young}`)
      expect(stored).toEqual({ n: buyers.length, alive: buyers.length, valued: buyers.length })
    }, 120_000)

    test('a person limited to an org unit sees only that unit’s customers at risk; others get 404', async () => {
      const units = await listOrgUnits(db, ws)
      const unit = units.find((u) => u.parentId !== null)!
      const [org] = await db.query<{ id: string }>(
        sql`select organization_id as id from workspaces where id = ${ws}`,
      )
      const user = await createUser(db, {
        organizationId: org!.id,
        email: 'unit@acme.test',
        name: 'U',
        password: 'correct horse battery',
      })
      await setMembership(db, { workspaceId: ws, userId: user.id, role: 'viewer', orgUnitId: unit.id })
      const viewer = client(app)
      await viewer.json('POST', '/api/v1/auth/login', {
        email: 'unit@acme.test',
        password: 'correct horse battery',
      })
      const all = await owner.json<{ total: number }>(
        'GET',
        `/api/v1/workspaces/${ws}/forecasts/at-risk?limit=500`,
      )
      const mine = await viewer.json<{ items: { customerId: string }[]; total: number }>(
        'GET',
        `/api/v1/workspaces/${ws}/forecasts/at-risk?limit=500`,
      )
      expect(mine.status).toBe(200)
      expect(mine.body.total).toBeLessThan(all.body.total)
      const outside = await db.query<{
        id: string
      }>(sql`select c.id from customers c join org_units u on u.id = c.org_unit_id
        where c.workspace_id = ${ws} and u.path not like ${`${unit.path}%`}`)
      const hidden = new Set(outside.map((o) => o.id))
      expect(mine.body.items.some((i) => hidden.has(i.customerId))).toBe(false)
      expect((await viewer.json('POST', `/api/v1/workspaces/${ws}/forecasts/fit`, {})).status).toBe(403)
      const stranger = client(app)
      expect((await stranger.json('GET', `/api/v1/workspaces/${ws}/forecasts/current`)).status).toBe(401)
    }, 60_000)
  })
}
