import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { hashPassword } from '../access/passwords.js'
import { getCaseContext } from '../cases/case-context.js'
import { openCase } from '../cases/cases.js'
import { caseWorkspace, npsSurvey } from '../cases/test-cases.js'
import { loadConfig } from '../config.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { createApp } from './app.js'
import { readCustomerContext } from './customer-context.js'
import { client } from './test-client.js'

// A Riga customer with two answers, an event, two segment generations, two fits and three cases; a North customer
// with one case. Every expected value below is the hand-made data read back, chosen so a wrong pick shows.

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`case context on ${driver.name}`, () => {
    let db: Db
    let w: Awaited<ReturnType<typeof caseWorkspace>>
    let ids: {
      anna: string
      earlier: string
      current: string
      later: string
      north: string
      anonymous: string
    }
    let rigaPath: string

    beforeAll(async () => {
      db = await driver.open()
      w = await caseWorkspace(db)
      const ws = w.workspaceId
      const anna = await w.customer('anna', w.units.riga.id)
      const boris = await w.customer('boris', w.units.north.id)
      const survey = await npsSurvey(db, ws, 'delivery')
      await survey.answer(
        anna,
        { nps: 3, comment: 'late again' },
        new Date('2026-01-10T10:00:00Z'),
        w.units.riga.id,
      )
      await survey.answer(anna, { nps: 9, why: 'price' }, new Date('2026-02-10T10:00:00Z'), w.units.riga.id)
      await survey.answer(boris, { nps: 0 }, new Date('2026-02-12T10:00:00Z'), w.units.north.id)
      await db.query(sql`insert into events (workspace_id, customer_id, dedupe_key, type, occurred_at, channel, touchpoint)
        values (${ws}, ${anna}, 'e1', 'delivery_failed', '2026-02-15T08:00:00Z', 'web', 'courier')`)
      // The current generation (7) says at_risk; an older one said champions.
      await db.query(sql`insert into segment_generations (workspace_id, generation, as_of, customers)
        values (${ws}, 7, '2026-03-01', 1)`)
      for (const [generation, segment] of [
        [6, 'champions'],
        [7, 'at_risk'],
      ] as const)
        await db.query(sql`insert into segment_results (workspace_id, customer_id, generation, as_of, first_purchase,
            last_purchase, recency_days, frequency, monetary, r, f, m, segment, abc, xyz, habit_broken, purchase_months)
          values (${ws}, ${anna}, ${generation}, '2026-03-01', '2025-01-01', '2026-01-05', 55, 4, 420.10, 2, 3, 4,
            ${segment}, 'A', 'X', true, '{}')`)
      // Three fits: an old one, the newest fitted one (its CLV is the answer), and a newer failed one.
      const addFit = async (at: string, status: string) =>
        (
          await db.query<{
            id: string
          }>(sql`insert into forecast_fits (workspace_id, fitted_at, status, unit, horizon_days,
              clv_options) values (${ws}, ${at}, ${status}, 'week', 365, '{}'::jsonb) returning id`)
        )[0]!.id
      const predict = (fitId: string, clv: string, pAlive: number) =>
        db.query(sql`insert into forecast_predictions (fit_id, workspace_id, customer_id, x, t_x, t, revenue, p_alive,
            expected_purchases, clv) values (${fitId}, ${ws}, ${anna}, 3, 40, 60, 420.10, ${pAlive}, 1.5, ${clv})`)
      await predict(await addFit('2026-01-01T00:00:00Z', 'fitted'), '100.00', 0.9)
      await predict(await addFit('2026-03-01T00:00:00Z', 'fitted'), '250.50', 0.4)
      await addFit('2026-03-05T00:00:00Z', 'failed')
      const open = async (customerId: string | null, subject: string, at: string, orgUnitId: string) =>
        (await openCase(
          db,
          ws,
          { source: 'manual', customerId, orgUnitId, subject, priority: 'normal' },
          new Date(at),
        ))!.id
      ids = {
        anna,
        earlier: await open(anna, 'Late parcel', '2026-01-11T09:00:00Z', w.units.riga.id),
        current: await open(anna, 'Still late', '2026-02-11T09:00:00Z', w.units.riga.id),
        later: await open(anna, 'Later', '2026-03-20T09:00:00Z', w.units.riga.id),
        north: await open(boris, 'North case', '2026-02-12T11:00:00Z', w.units.north.id),
        anonymous: await open(null, 'Nobody', '2026-02-12T12:00:00Z', w.units.riga.id),
      }
      rigaPath = (
        await db.query<{ path: string }>(sql`select path from org_units where id = ${w.units.riga.id}`)
      )[0]!.path
    })
    afterAll(async () => {
      await db.close()
    })

    test("the customer's scores over time, current segment, newest fit's CLV, last touchpoints and earlier cases", async () => {
      const context = await getCaseContext(
        db,
        { workspaceId: w.workspaceId, unitPath: null },
        ids.current,
        readCustomerContext,
      )
      expect(context!.customerId).toBe(ids.anna)
      expect(context!.scores).toEqual([
        { at: new Date('2026-01-10T10:00:00Z'), kind: 'nps', value: 3, touchpoint: 'delivery' },
        { at: new Date('2026-02-10T10:00:00Z'), kind: 'nps', value: 9, touchpoint: 'delivery' },
      ])
      expect(context!.segment).toEqual({
        segment: 'at_risk',
        abc: 'A',
        xyz: 'X',
        habitBroken: true,
        asOf: '2026-03-01',
      })
      expect(context!.clv).toEqual({
        clv: '250.5000',
        pAlive: 0.4,
        fittedAt: new Date('2026-03-01T00:00:00Z'),
      })
      expect(context!.touchpoints.map((t) => [t.source, t.touchpoint, t.label])).toEqual([
        ['event', 'courier', 'delivery_failed'],
        ['response', 'delivery', 'Delivery NPS'],
        ['response', 'delivery', 'Delivery NPS'],
      ])
      // The later case is not earlier; the case itself is not its own earlier case.
      expect(context!.earlierCases.map((k) => [k.id, k.subject, k.status])).toEqual([
        [ids.earlier, 'Late parcel', 'new'],
      ])
    })

    test('a case without a customer has an empty context', async () => {
      const context = await getCaseContext(
        db,
        { workspaceId: w.workspaceId, unitPath: null },
        ids.anonymous,
        readCustomerContext,
      )
      expect(context).toEqual({
        customerId: null,
        earlierCases: [],
        scores: [],
        segment: null,
        clv: null,
        touchpoints: [],
      })
    })

    test("a reader limited to Riga sees a Riga case's context and not a North case's", async () => {
      const riga = { workspaceId: w.workspaceId, unitPath: rigaPath }
      expect((await getCaseContext(db, riga, ids.current, readCustomerContext))!.scores).toHaveLength(2)
      expect(await getCaseContext(db, riga, ids.north, readCustomerContext)).toBeUndefined()
    })
    test("over HTTP: the Riga agent reads the Riga case's context and gets 404 for the North case", async () => {
      const app = createApp({ db, config: loadConfig({}), webDir: '/nonexistent' })
      const agent = await w.person('RigaReader', 'agent', w.units.riga.id)
      await db.query(sql`update users set password_hash = ${await hashPassword('correct horse battery')}
        where id = ${agent}`)
      const [user] = await db.query<{ email: string }>(sql`select email from users where id = ${agent}`)
      const reader = client(app)
      const login = await reader.json('POST', '/api/v1/auth/login', {
        email: user!.email,
        password: 'correct horse battery',
      })
      expect(login.status).toBe(200)
      const api = `/api/v1/workspaces/${w.workspaceId}/cases`
      const mine = await reader.json<{ earlierCases: { id: string }[]; clv: { clv: string } }>(
        'GET',
        `${api}/${ids.current}/context`,
      )
      expect(mine.status).toBe(200)
      expect(mine.body.earlierCases.map((k) => k.id)).toEqual([ids.earlier])
      expect(mine.body.clv.clv).toBe('250.5000')
      expect((await reader.json('GET', `${api}/${ids.north}/context`)).status).toBe(404)
      expect((await reader.json('GET', `${api}/not-a-uuid/context`)).status).toBe(400)
    })
  })
}
