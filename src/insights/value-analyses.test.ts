import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { createTestSurvey, insightWorkspace, writeResponses } from './insight-fixture.js'
import { getMetrics, type MetricsRequest } from './metrics.js'
import { getPainPoints } from './pain-points.js'
import { getReach } from './reach.js'
import { allSilentCustomers, listSilentCustomers } from './silent-customers.js'

// One hand-worked shop, March 2026 (UTC), for the breakdowns by customer, the reach, pain points and silence:
//   A: champions, class A, city Riga, 12-month CLV 1000 in the forecast; ordered 5 Mar (100)
//   B: at_risk, class C, city Kyiv, no forecast; ordered 10 Mar (40) and 1 Jun 2025 (60) → value 100
//   C: no segment, no attributes; ordered 1 Jan 2025 only (30) → value 30 (net revenue), not active in March
//   D: ordered 20 Mar (250) and 1 Feb (50) → value 300; never answered
//   E: ordered 15 Mar (80) → value 80; answered only in February

const march = { from: '2026-03-01', to: '2026-03-31' }

describe.each(testDrivers)('breakdowns, reach, pain points and silent customers on $name', (driver) => {
  let db: Db
  let workspaceId: string
  const ids: Record<string, string> = {}
  const all = () => ({ workspaceId, unitPath: null })

  beforeAll(async () => {
    if (!(await driver.available())) return
    db = await driver.open()
    ;({ workspaceId } = await insightWorkspace(db))
    const attributes: Record<string, object> = { A: { city: 'Riga' }, B: { city: 'Kyiv' } }
    for (const name of ['A', 'B', 'C', 'D', 'E']) {
      const [row] = await db.query<{
        id: string
      }>(sql`insert into customers (workspace_id, external_id, name, email,
          attributes) values (${workspaceId}, ${name}, ${`Customer ${name}`}, ${`${name.toLowerCase()}@shop.test`},
          ${JSON.stringify(attributes[name] ?? {})}::jsonb) returning id`)
      ids[name] = row!.id
    }
    const orders: [string, string, string][] = [
      ['A', '2026-03-05T10:00:00Z', '100.00'],
      ['B', '2026-03-10T10:00:00Z', '40.00'],
      ['B', '2025-06-01T10:00:00Z', '60.00'],
      ['C', '2025-01-01T10:00:00Z', '30.00'],
      ['D', '2026-03-20T10:00:00Z', '250.00'],
      ['D', '2026-02-01T10:00:00Z', '50.00'],
      ['E', '2026-03-15T10:00:00Z', '80.00'],
    ]
    for (const [i, [customer, at, amount]] of orders.entries())
      await db.query(sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount)
        values (${workspaceId}, ${ids[customer]}, ${`o${i}`}, ${at}::timestamptz, 'EUR', ${amount}::numeric)`)
    await db.query(sql`insert into segment_generations (workspace_id, generation, as_of, customers)
      values (${workspaceId}, 7, '2026-03-31', 2)`)
    for (const [customer, segment, abc] of [
      ['A', 'champions', 'A'],
      ['B', 'at_risk', 'C'],
    ] as const)
      await db.query(sql`insert into segment_results (workspace_id, generation, customer_id, as_of, first_purchase,
          last_purchase, recency_days, frequency, monetary, r, f, m, segment, abc, purchase_months)
        values (${workspaceId}, 7, ${ids[customer]}, '2026-03-31', '2025-01-01', '2026-03-10', 1, 1, 1, 5, 5, 5,
          ${segment}, ${abc}, '{}')`)
    const [fit] = await db.query<{ id: string }>(sql`insert into forecast_fits (workspace_id, status, unit,
        horizon_days, clv_options) values (${workspaceId}, 'fitted', 'day', 365, '{"months":12}') returning id`)
    await db.query(sql`insert into forecast_predictions (fit_id, workspace_id, customer_id, x, t_x, t, revenue, p_alive,
        expected_purchases, clv) values (${fit!.id}, ${workspaceId}, ${ids.A}, 1, 1, 10, 100, 0.9, 2, 1000)`)

    const delivery = await createTestSurvey(db, workspaceId, 'delivery')
    const store = await createTestSurvey(db, workspaceId, 'store')
    await writeResponses(db, workspaceId, delivery, [
      { answers: { nps: 2, comment: 'late again' }, at: '2026-03-06T10:00:00Z', customerId: ids.A },
      { answers: { nps: 10 }, at: '2026-03-07T10:00:00Z', customerId: ids.A },
      { answers: { nps: 5, csat: 1 }, at: '2026-03-11T10:00:00Z', customerId: ids.B },
      { answers: { nps: 9, comment: 'fine' }, at: '2026-03-12T10:00:00Z', customerId: ids.C },
      { answers: { nps: 8, ces: 2 }, at: '2026-03-13T10:00:00Z' },
      // February, the window before March: one negative in two.
      { answers: { nps: 10 }, at: '2026-02-10T10:00:00Z', customerId: ids.E },
      { answers: { nps: 0 }, at: '2026-02-11T10:00:00Z' },
    ])
    await writeResponses(db, workspaceId, store, [
      { answers: { nps: 7, csat: 5 }, at: '2026-03-14T10:00:00Z', customerId: ids.B },
      { answers: { nps: 3 }, at: '2026-03-15T10:00:00Z', customerId: ids.C },
    ])

    const [program] = await db.query<{
      id: string
    }>(sql`insert into survey_programs (workspace_id, survey_id, name,
        channel, trigger_event) values (${workspaceId}, ${delivery.id}, 'After delivery', 'email', 'order_delivered')
      returning id`)
    const invite = (
      channel: string,
      programId: string | null,
      created: string,
      state: Record<string, boolean>,
    ) =>
      db.query(sql`insert into invitations (workspace_id, survey_id, program_id, channel, status, created_at, sent_at,
          opened_at, completed_at)
        values (${workspaceId}, ${delivery.id}, ${programId}, ${channel}, 'sent', ${created}::timestamptz,
          ${state.sent ? created : null}::timestamptz, ${state.opened ? created : null}::timestamptz,
          ${state.completed ? created : null}::timestamptz)`)
    await invite('email', program!.id, '2026-03-02T08:00:00Z', { sent: true, completed: true })
    await invite('email', program!.id, '2026-03-03T08:00:00Z', { sent: true, completed: true })
    await invite('email', program!.id, '2026-03-04T08:00:00Z', { sent: true })
    await invite('email', program!.id, '2026-03-05T08:00:00Z', {})
    await invite('widget', null, '2026-03-06T08:00:00Z', { opened: true })
    await invite('email', program!.id, '2026-02-20T08:00:00Z', { sent: true, completed: true })
  })
  afterAll(async () => {
    await db?.close()
  })

  const nps: MetricsRequest = {
    metric: { kind: 'nps', npsKind: 'transactional' },
    dimension: null,
    period: null,
    compare: false,
    ...march,
  }

  test('NPS by RFM segment, ABC class and a customer attribute; answers of no customer make a null group', async (ctx) => {
    if (!db) ctx.skip()
    const bySegment = await getMetrics(db, all(), { ...nps, dimension: 'segment' })
    // at_risk: 5, 7 → no promoter, one detractor of 2 = −50; champions: 2, 10 → 0; none: 9, 8, 3 → 0.
    expect(bySegment.map((r) => [r.segment, r.n, r.value])).toEqual([
      ['at_risk', 2, -50],
      ['champions', 2, 0],
      [null, 3, 0],
    ])
    const byAbc = await getMetrics(db, all(), { ...nps, dimension: 'abc' })
    expect(byAbc.map((r) => [r.abc, r.n, r.value])).toEqual([
      ['A', 2, 0],
      ['C', 2, -50],
      [null, 3, 0],
    ])
    const byCity = await getMetrics(db, all(), { ...nps, dimension: { attribute: 'city' } })
    expect(byCity.map((r) => [r.attribute, r.n, r.value])).toEqual([
      ['Kyiv', 2, -50],
      ['Riga', 2, 0],
      [null, 3, 0],
    ])
  })

  test('response rate per program and channel, and the share of active customers heard from', async (ctx) => {
    if (!db) ctx.skip()
    const reach = await getReach(db, all(), march.from, march.to)
    // The email program: 4 made in March, 3 sent, 2 completed → 2/3; the widget showing without a program: 0/1.
    expect(
      reach.rates.map((r) => [
        r.programName,
        r.channel,
        r.eligible,
        r.invited,
        r.completed,
        r.responseRate.value,
      ]),
    ).toEqual([
      ['After delivery', 'email', 4, 3, 2, (100 * 2) / 3],
      [null, 'widget', 1, 1, 0, 0],
    ])
    // Active in March: A, B, D, E; heard from in March: A and B (E answered in February only).
    expect(reach.heard.active).toBe(4)
    expect(reach.heard.heard).toBe(2)
    expect(reach.heard.share.value).toBe(50)
    expect(reach.heard.share.se).toBeCloseTo(100 * Math.sqrt(0.25 / 4), 10)
  })

  test('pain points rank touchpoints by negative share × volume × mean value of the customers affected', async (ctx) => {
    if (!db) ctx.skip()
    const points = await getPainPoints(db, all(), { ...march, limit: 10 })
    // delivery: 5 rated responses, 3 negative (nps 2; nps 5 with csat 1; ces 2), customers A (CLV 1000) and
    // B (revenue 40 + 60) → harm = 3/5 × 5 × 1100/2 = 1650. store: 2 rated, 1 negative (C, value 30) → 30.
    expect(
      points.map((p) => [p.touchpoint, p.volume, p.negatives, p.customersAffected, p.valueAffected, p.harm]),
    ).toEqual([
      ['delivery', 5, 3, 2, '1100.00', '1650.00'],
      ['store', 2, 1, 1, '30.00', '30.00'],
    ])
    const delivery = points[0]!
    expect(delivery.negativeShare.value).toBe(60)
    // February (29 Jan – 28 Feb): 1 negative of 2 = 50 %; change +10 points, SE sqrt(0.24/5 + 0.25/2)·100.
    expect(delivery.previous.value).toBe(50)
    expect(delivery.change?.difference).toBeCloseTo(10, 10)
    expect(delivery.change?.se).toBeCloseTo(100 * Math.sqrt(0.24 / 5 + 0.25 / 2), 10)
    expect(delivery.change?.significant).toBe(false)
    expect(delivery.comments.map((c) => [c.text, c.answeredAt])).toEqual([
      ['late again', '2026-03-06T10:00:00.000Z'],
    ])
    expect(points[1]!.comments).toEqual([])
  })

  test('silent customers: bought in the window, never answered or not in the window, most valuable first', async (ctx) => {
    if (!db) ctx.skip()
    const never = await listSilentCustomers(
      db,
      all(),
      { ...march, silence: 'never' },
      { limit: 50, offset: 0 },
    )
    expect(never.items.map((c) => [c.externalId, c.orders, c.revenue, c.value, c.valueSource])).toEqual([
      ['D', 1, '250.00', '300.00', 'revenue'],
    ])
    expect(never.total).toBe(1)
    const period = await listSilentCustomers(
      db,
      all(),
      { ...march, silence: 'period' },
      { limit: 50, offset: 0 },
    )
    expect(period.items.map((c) => [c.externalId, c.value, c.lastAnsweredAt])).toEqual([
      ['D', '300.00', null],
      ['E', '80.00', '2026-02-10T10:00:00.000Z'],
    ])
    expect(period.bySegment).toEqual([{ segment: null, customers: 2, revenue: '330.00', value: '380.00' }])
    const batches: string[] = []
    for await (const batch of allSilentCustomers(db, all(), { ...march, silence: 'period' }))
      batches.push(...batch.map((c) => c.externalId))
    expect(batches).toEqual(['D', 'E'])
  })
})
