import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { client, setUp, testApp } from '../server/test-client.js'
import { createTestSurvey } from './insight-fixture.js'

// April 2026 in a shop with units north (kyiv-1 under it) and south. Orders: k-1 100, k-2 50 (kyiv-1),
// s-1 200, s-2 30 (south). Answers: k-1 delivery 2 ("Box was crushed") and 10, store 9; s-1 store 0
// ("=rude staff") and 1. No forecast, so a customer's value is their revenue of the 12 months before May.

let db: Db
let app: Awaited<ReturnType<typeof testApp>>['app']
let owner: ReturnType<typeof client>
let manager: ReturnType<typeof client>
let ws: string
const april = 'from=2026-04-01&to=2026-04-30'

beforeAll(async () => {
  ;({ app, db } = await testApp())
  ;({ owner, workspaceId: ws } = await setUp(app))
  const api = `/api/v1/workspaces/${ws}`
  const unit = async (code: string, parentCode?: string) =>
    (await owner.json<{ id: string }>('POST', `${api}/org-units`, { code, name: code, parentCode })).body.id
  const north = await unit('north')
  await unit('kyiv-1', 'north')
  await unit('south')
  await owner.json('POST', `${api}/ingest/customers`, {
    records: [
      { customer_id: 'k-1', org_unit: 'kyiv-1' },
      { customer_id: 'k-2', org_unit: 'kyiv-1' },
      { customer_id: 's-1', org_unit: 'south' },
      { customer_id: 's-2', org_unit: 'south' },
    ],
  })
  const orders = [
    ['k-1', '100.00'],
    ['k-2', '50.00'],
    ['s-1', '200.00'],
    ['s-2', '30.00'],
  ].map(([customer, amount]) => ({
    customer_id: customer,
    order_id: `O-${customer}`,
    ordered_at: '2026-04-10T10:00:00Z',
    amount,
    currency: 'EUR',
  }))
  const stored = await owner.json('POST', `${api}/ingest/orders`, { records: orders })
  if (stored.status !== 200) throw new Error(`orders: ${stored.status} ${JSON.stringify(stored.body)}`)
  const survey = await createTestSurvey(db, ws, 'delivery')
  const csv = [
    'response_id,customer_id,answered_at,touchpoint,nps,comment',
    'a,k-1,2026-04-02T10:00:00Z,delivery,2,Box was crushed',
    'b,k-1,2026-04-03T10:00:00Z,delivery,10,',
    'c,s-1,2026-04-04T10:00:00Z,store,0,=rude staff',
    'd,s-1,2026-04-05T10:00:00Z,store,1,',
    'e,k-1,2026-04-06T10:00:00Z,store,9,',
  ].join('\n')
  const imported = await owner.request('POST', `${api}/ingest/responses?survey=${survey.id}`, csv, {
    'content-type': 'text/csv',
  })
  if (imported.status !== 200) throw new Error(`import: ${imported.status} ${await imported.text()}`)
  await owner.json('POST', `${api}/members`, {
    email: 'north@acme.test',
    name: 'Nina North',
    password: 'north manager password',
    role: 'viewer',
    orgUnitId: north,
  })
  manager = client(app)
  await manager.json('POST', '/api/v1/auth/login', {
    email: 'north@acme.test',
    password: 'north manager password',
  })
})
afterAll(async () => {
  await db.close()
})

interface PainBody {
  items: {
    touchpoint: string
    volume: number
    negatives: number
    harm: string
    comments: { text: string }[]
  }[]
}

test('pain points: store (2 of 3 negative, s-1 worth 200 → 400) before delivery (1 of 2, k-1 worth 100 → 100)', async () => {
  const { status, body } = await owner.json<PainBody>(
    'GET',
    `/api/v1/workspaces/${ws}/insights/pain-points?${april}`,
  )
  expect(status).toBe(200)
  expect(body.items.map((p) => [p.touchpoint, p.volume, p.negatives, p.harm])).toEqual([
    ['store', 3, 2, '400.00'],
    ['delivery', 2, 1, '100.00'],
  ])
  expect(body.items.map((p) => p.comments.map((c) => c.text))).toEqual([['=rude staff'], ['Box was crushed']])
  const csv = await (
    await owner.request('GET', `/api/v1/workspaces/${ws}/insights/pain-points.csv?${april}`)
  ).text()
  const lines = csv.trim().split('\n')
  expect(lines[0]).toContain('touchpoint,volume,negatives,negative_share')
  // The comment that starts with = is neutralised for spreadsheets; the themes column stays empty until the
  // comment themes are computed.
  expect(lines[1]).toMatch(/^store,3,2,.*,400\.00,.*'=rude staff,$/)
})

test('a manager of north sees the pain points, touchpoints and silent customers of kyiv-1 only', async () => {
  const pain = await manager.json<PainBody>('GET', `/api/v1/workspaces/${ws}/insights/pain-points?${april}`)
  expect(pain.body.items.map((p) => [p.touchpoint, p.volume, p.negatives, p.harm])).toEqual([
    ['delivery', 2, 1, '100.00'],
    ['store', 1, 0, '0.00'],
  ])
  type Touchpoints = { rows: { touchpoint: string; nps: { n: number; value: number } | null }[] }
  const view = await manager.json<Touchpoints>(
    'GET',
    `/api/v1/workspaces/${ws}/insights/touchpoints?${april}`,
  )
  expect(view.body.rows.map((r) => [r.touchpoint, r.nps?.n, r.nps?.value])).toEqual([
    ['delivery', 2, 0],
    ['store', 1, 100],
  ])
  const csv = await (
    await manager.request('GET', `/api/v1/workspaces/${ws}/insights/touchpoints.csv?${april}`)
  ).text()
  expect(csv.split('\n')[1]).toMatch(/^delivery,2,0,/)
  type Silent = { items: { externalId: string; value: string }[]; total: number }
  const silent = await manager.json<Silent>(
    'GET',
    `/api/v1/workspaces/${ws}/insights/silent-customers?${april}`,
  )
  expect(silent.body.items.map((c) => [c.externalId, c.value])).toEqual([['k-2', '50.00']])
})

test('silent customers for outreach, most valuable first, as a list and a CSV', async () => {
  type Silent = { items: { externalId: string; value: string }[]; total: number; bySegment: unknown[] }
  const silent = await owner.json<Silent>(
    'GET',
    `/api/v1/workspaces/${ws}/insights/silent-customers?${april}`,
  )
  expect(silent.body.items.map((c) => [c.externalId, c.value])).toEqual([
    ['k-2', '50.00'],
    ['s-2', '30.00'],
  ])
  expect(silent.body.total).toBe(2)
  const csv = await (
    await owner.request('GET', `/api/v1/workspaces/${ws}/insights/silent-customers.csv?${april}`)
  ).text()
  const lines = csv.trim().split('\n')
  expect(lines[0]).toBe(
    'customer_id,external_id,name,email,email_opt_in,segment,abc,orders,revenue,value,value_source,last_order_at,last_answered_at',
  )
  expect(lines.slice(1).map((l) => l.split(',').slice(1, 2).concat(l.split(',').slice(7, 11)))).toEqual([
    ['k-2', '1', '50.00', '50.00', 'revenue'],
    ['s-2', '1', '30.00', '30.00', 'revenue'],
  ])
})

test('the overview: headline NPS −20 of 5, the top pain point, no forecast, two silent customers worth 80', async () => {
  type Overview = {
    headline: { nps: { n: number; value: number; belowMinN: boolean } }
    painPoints: { touchpoint: string }[]
    revenueAtRisk: unknown
    silent: { customers: number; value: string }
  }
  const { status, body } = await owner.json<Overview>(
    'GET',
    `/api/v1/workspaces/${ws}/insights/overview?${april}`,
  )
  expect(status).toBe(200)
  // Promoters b, e; detractors a, c, d: 100 × (2 − 3) / 5 = −20.
  expect(body.headline.nps).toMatchObject({ n: 5, value: -20, belowMinN: true })
  expect(body.painPoints[0]?.touchpoint).toBe('store')
  expect(body.revenueAtRisk).toBeNull()
  expect(body.silent).toEqual({ customers: 2, value: '80.00' })
})

test('a window that ends before it starts, or an unknown silence, is a 400 naming the field', async () => {
  const backwards = await owner.json<{ error: { message: string } }>(
    'GET',
    `/api/v1/workspaces/${ws}/insights/overview?from=2026-05-01&to=2026-04-01`,
  )
  expect(backwards.status).toBe(400)
  expect(JSON.stringify(backwards.body)).toContain('to')
  const silence = await owner.json(
    'GET',
    `/api/v1/workspaces/${ws}/insights/silent-customers?silence=forever`,
  )
  expect(silence.status).toBe(400)
  expect(JSON.stringify(silence.body)).toContain('silence')
})

test('the responses behind a pain point: the responses list filters by touchpoint, within the caller’s unit', async () => {
  const path = `/api/v1/workspaces/${ws}/responses?touchpoint=store&from=2026-04-01&to=2026-05-01`
  const all = await owner.json<{ total: number }>('GET', path)
  // c, d (s-1) and e (k-1) were answered at the store.
  expect(all.body.total).toBe(3)
  const north = await manager.json<{ total: number }>('GET', path)
  expect(north.body.total).toBe(1)
})

test('a window in Europe/Kyiv leads to the responses of its local days: the list gets the zone’s instants', async () => {
  const api = `/api/v1/workspaces/${ws}`
  await db.query(sql`insert into survey_delivery_settings (workspace_id, timezone) values (${ws}, 'Europe/Kyiv')
    on conflict (workspace_id) do update set timezone = excluded.timezone`)
  const survey = await createTestSurvey(db, ws, 'night')
  // 21:30 UTC on 2 April is 00:30 on 3 April in Kyiv (UTC+3 since 29 March).
  const csv = ['response_id,customer_id,answered_at,touchpoint,nps', 'g,k-1,2026-04-02T21:30:00Z,delivery,10']
  const imported = await owner.request(
    'POST',
    `${api}/ingest/responses?survey=${survey.id}`,
    csv.join('\n'),
    {
      'content-type': 'text/csv',
    },
  )
  expect(imported.status).toBe(200)
  const { body } = await owner.json<{
    startsAt: string
    endsBefore: string
    headline: { nps: { n: number } }
  }>('GET', `${api}/insights/overview?from=2026-04-03&to=2026-04-04`)
  expect(body.startsAt).toBe('2026-04-02T21:00:00.000Z')
  expect(body.endsBefore).toBe('2026-04-04T21:00:00.000Z')
  // g (local 3 April), b (3 April 13:00) and c (4 April 13:00): the same three in the metric and in the list.
  expect(body.headline.nps.n).toBe(3)
  const list = await owner.json<{ total: number }>(
    'GET',
    `${api}/responses?from=${encodeURIComponent(body.startsAt)}&to=${encodeURIComponent(body.endsBefore)}`,
  )
  expect(list.body.total).toBe(3)
  const touchpoints = await owner.json<{ startsAt: string }>(
    'GET',
    `${api}/insights/touchpoints?from=2026-04-03&to=2026-04-04`,
  )
  expect(touchpoints.body.startsAt).toBe('2026-04-02T21:00:00.000Z')
})

test('the reach chart’s rates come as CSV too, with the interval of each rate', async () => {
  const response = await owner.request('GET', `/api/v1/workspaces/${ws}/insights/reach.csv?${april}`)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toContain('text/csv')
  // No invitations were made in this shop: the header only.
  expect((await response.text()).trim()).toBe(
    'program,survey,channel,eligible,invited,completed,response_rate,response_rate_ci95_low,response_rate_ci95_high',
  )
})
