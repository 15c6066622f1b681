import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { client, setUp, testApp } from '../server/test-client.js'
import { createTestSurvey } from './insight-fixture.js'

let db: Db
let app: Awaited<ReturnType<typeof testApp>>['app']
let owner: ReturnType<typeof client>
let ws: string

interface Row {
  touchpoint?: string
  journeyName?: string | null
  stageName?: string | null
  period?: string
  n: number
  value: number | null
  se: number | null
  ci95: [number, number] | null
  belowMinN: boolean
  counts: Record<string, number>
}

/** The CSV of a survey's history: rows of [response id, touchpoint, answered at, NPS]. */
function historyCsv(rows: [string, string, string, number][]): string {
  const lines = rows.map(([id, touchpoint, at, score]) => `${id},C-1,${at},${touchpoint},${score}`)
  return ['response_id,customer_id,answered_at,touchpoint,nps', ...lines].join('\n')
}

function answersOf(prefix: string, touchpoint: string, at: string, score: number, count: number) {
  return Array.from(
    { length: count },
    (_, i) => [`${prefix}-${i}`, touchpoint, at, score] as [string, string, string, number],
  )
}

let surveyId: string

beforeAll(async () => {
  ;({ app, db } = await testApp())
  ;({ owner, workspaceId: ws } = await setUp(app))
  surveyId = (await createTestSurvey(db, ws, 'delivery')).id
  const jan = '2026-01-20T09:00:00Z'
  const feb = '2026-02-03 09:00'
  const csv = historyCsv([
    ...answersOf('jan-p', 'delivery', jan, 10, 18),
    ...answersOf('jan-n', 'delivery', jan, 8, 6),
    ...answersOf('jan-d', 'delivery', jan, 2, 6),
    ...answersOf('feb-p', 'delivery', feb, 9, 3),
    ...answersOf('feb-d', 'delivery', feb, 6, 1),
    ...answersOf('store', '=store', jan, 0, 2),
  ])
  const response = await owner.request(
    'POST',
    `/api/v1/workspaces/${ws}/ingest/responses?survey=${surveyId}`,
    csv,
    {
      'content-type': 'text/csv',
    },
  )
  if (response.status !== 200) throw new Error(`import failed: ${response.status} ${await response.text()}`)
})
afterAll(async () => {
  await db.close()
})

const metrics = (query: string) =>
  owner.json<{ minN: number; rows: Row[] }>('GET', `/api/v1/workspaces/${ws}/insights/metrics?${query}`)

describe('GET insights/metrics', () => {
  test('exact NPS, interval and belowMinN per touchpoint and month', async () => {
    const { status, body } = await metrics('metric=nps&npsKind=transactional&by=touchpoint,month')
    expect(status).toBe(200)
    expect(body.minN).toBe(30)
    expect(body.rows.map((r) => [r.touchpoint, r.period, r.n, r.value, r.belowMinN])).toEqual([
      ['=store', '2026-01-01', 2, -100, true],
      ['delivery', '2026-01-01', 30, 40, false],
      ['delivery', '2026-02-01', 4, 50, true],
    ])
    const [store, january, february] = body.rows
    // January: pP 0.6, pD 0.2 → SE = 100·sqrt(0.64/30) = 14.6059, interval 40 ± 1.96·SE.
    expect(january?.se).toBeCloseTo(14.6059, 4)
    expect(january?.ci95?.[0]).toBeCloseTo(11.373, 2)
    expect(january?.ci95?.[1]).toBeCloseTo(68.627, 2)
    expect(january?.counts).toEqual({ promoters: 18, passives: 6, detractors: 6 })
    // February: pP 0.75, pD 0.25 → SE = 100·sqrt(0.75/4) = 43.301; the top end is clipped at 100.
    expect(february?.se).toBeCloseTo(43.3013, 4)
    expect(february?.ci95?.[0]).toBeCloseTo(-34.87, 1)
    expect(february?.ci95?.[1]).toBe(100)
    expect(store?.ci95).toEqual([-100, -100])
  })

  test('compare=previous gives each month its change from the month before', async () => {
    const { body } = await metrics('metric=nps&npsKind=transactional&by=month&compare=previous')
    const february = body.rows.find((r) => r.period === '2026-02-01') as Row & {
      change: { difference: number; significant: boolean }
    }
    // January overall: 18 promoters and 8 detractors of 32 → 31.25; February 50.
    expect(february.change.difference).toBeCloseTo(50 - 31.25, 10)
    expect(february.change.significant).toBe(false)
  })

  test('NPS without its kind is refused: relational and transactional are never pooled', async () => {
    const { status, body } = await owner.json<{ error: { message: string } }>(
      'GET',
      `/api/v1/workspaces/${ws}/insights/metrics?metric=nps`,
    )
    expect(status).toBe(400)
    expect(body.error.message).toContain('npsKind')
  })

  test.each([
    ['metric', 'metric=nps%00&npsKind=transactional'],
    ['metric', 'metric=item:speed%00'],
    ['metric', `metric=item:${'a'.repeat(500)}`],
    ['by', 'metric=csat&by=touchpoint,channel'],
    ['by', 'metric=csat&by=%00'],
    ['from', 'metric=csat&from=2026-02-30'],
    ['from', 'metric=csat&from=99999999-01-01'],
    ['from', 'metric=csat&from=1e400'],
    ['to', 'metric=csat&from=2026-02-01&to=2026-01-01'],
    ['compare', 'metric=csat&compare=previous'],
    ['compare', 'metric=csat&by=month&compare=next'],
    ['npsKind', 'metric=csat&npsKind=relational'],
  ])('a bad %s (%s) is a 400 naming it', async (field, query) => {
    const { status, body } = await owner.json<{ error: { message: string } }>(
      'GET',
      `/api/v1/workspaces/${ws}/insights/metrics?${query}`,
    )
    expect(status).toBe(400)
    expect(body.error.message).toContain(field)
  })

  test('the CSV has the same numbers, and a touchpoint that looks like a formula is neutralised', async () => {
    const response = await owner.request(
      'GET',
      `/api/v1/workspaces/${ws}/insights/metrics.csv?metric=nps&npsKind=transactional&by=touchpoint`,
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/csv')
    const lines = (await response.text()).trim().split('\n')
    expect(lines[0]).toBe(
      'touchpoint,n,value,se,ci95_low,ci95_high,below_min_n,promoters,passives,detractors',
    )
    expect(lines[1]).toBe("'=store,2,-100,0,-100,-100,true,0,0,2")
    expect(lines[2]).toMatch(/^delivery,34,[\d.]+,[\d.]+,[\d.]+,[\d.]+,false,21,6,7$/)
  })
})

describe('GET insights/metrics by journey stage', () => {
  test('delivery on the stage Deliver, =store on no journey: the JSON and the CSV', async () => {
    const [journey] = await db.query<{ id: string }>(sql`insert into journeys (workspace_id, name)
      values (${ws}, 'Orders') returning id`)
    const [stage] = await db.query<{
      id: string
    }>(sql`insert into journey_stages (workspace_id, journey_id, name,
        position) values (${ws}, ${journey?.id}, 'Deliver', 0) returning id`)
    await db.query(
      sql`update touchpoints set stage_id = ${stage?.id} where workspace_id = ${ws} and key = 'delivery'`,
    )
    const { body } = await metrics('metric=nps&npsKind=transactional&by=stage,month')
    // The stage holds delivery's answers only, so its months are delivery's (see the first test).
    expect(body.rows.map((r) => [r.journeyName, r.stageName, r.period, r.n, r.value, r.belowMinN])).toEqual([
      ['Orders', 'Deliver', '2026-01-01', 30, 40, false],
      ['Orders', 'Deliver', '2026-02-01', 4, 50, true],
      [null, null, '2026-01-01', 2, -100, true],
    ])
    const response = await owner.request(
      'GET',
      `/api/v1/workspaces/${ws}/insights/metrics.csv?metric=nps&npsKind=transactional&by=stage`,
    )
    const lines = (await response.text()).trim().split('\n')
    expect(lines[0]).toBe(
      'journeyName,stageId,stageName,n,value,se,ci95_low,ci95_high,below_min_n,promoters,passives,detractors',
    )
    // 21 promoters and 7 detractors of 34: NPS 14/34·100.
    expect(lines[1]).toMatch(
      new RegExp(`^Orders,${stage?.id},Deliver,34,41\\.17\\d*,[\\d.]+,[\\d.]+,[\\d.]+,false,21,6,7$`),
    )
    expect(lines[2]).toBe(',,,2,-100,0,-100,-100,true,0,0,2')
    await db.query(sql`update touchpoints set stage_id = null where workspace_id = ${ws}`)
  })
})

describe('insights/settings', () => {
  test('the minimum n can be changed, and the flag follows it', async () => {
    expect((await owner.json('GET', `/api/v1/workspaces/${ws}/insights/settings`)).body).toEqual({ minN: 30 })
    expect((await owner.json('PUT', `/api/v1/workspaces/${ws}/insights/settings`, { minN: 0 })).status).toBe(
      400,
    )
    const saved = await owner.json('PUT', `/api/v1/workspaces/${ws}/insights/settings`, { minN: 4 })
    expect(saved.body).toEqual({ minN: 4 })
    const { body } = await metrics('metric=nps&npsKind=transactional&by=touchpoint,month')
    expect(body.rows.map((r) => r.belowMinN)).toEqual([true, false, false])
  })
})

test('the OpenAPI document describes the insights routes with their query and response', async () => {
  const { body } = await client(app).json<{ paths: Record<string, Record<string, unknown>> }>(
    'GET',
    '/api/openapi.json',
  )
  const metricsPath = JSON.stringify(body.paths['/api/v1/workspaces/{workspaceId}/insights/metrics'])
  expect(metricsPath).toContain('npsKind')
  expect(metricsPath).toContain('belowMinN')
  expect(body.paths).toHaveProperty(['/api/v1/workspaces/{workspaceId}/ingest/responses'])
  expect(body.paths).toHaveProperty(['/api/v1/workspaces/{workspaceId}/insights/settings'])
})
