import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { createTestSurvey, insightWorkspace, npsAnswers, writeResponses } from './insight-fixture.js'
import { countMetric } from './metric-queries.js'
import { getMetrics, type MetricsRequest } from './metrics.js'
import { metricsCsvHeader, metricsCsvRow } from './metrics-csv.js'

const byStage: MetricsRequest = {
  metric: { kind: 'nps', npsKind: 'transactional' },
  dimension: 'stage',
  period: null,
  from: null,
  to: null,
  compare: false,
}

/** Places the touchpoints (by key) on a new stage of the journey at the position; returns the stage id. */
async function stage(
  db: Db,
  workspaceId: string,
  journeyId: string,
  name: string,
  position: number,
  keys: string[],
) {
  const [row] = await db.query<{
    id: string
  }>(sql`insert into journey_stages (workspace_id, journey_id, name, position)
    values (${workspaceId}, ${journeyId}, ${name}, ${position}) returning id`)
  if (!row) throw new Error('no stage')
  await db.query(sql`update touchpoints set stage_id = ${row.id}
    where workspace_id = ${workspaceId} and key = any(${keys}::text[])`)
  return row.id
}

describe.each(testDrivers)('insight metrics by journey stage on $name', (driver) => {
  let db: Db
  let workspaceId: string
  let discover: string
  let buy: string
  const all = () => ({ workspaceId, unitPath: null })

  beforeAll(async () => {
    if (!(await driver.available())) return
    db = await driver.open()
    ;({ workspaceId } = await insightWorkspace(db))
    const at = '2026-03-10T12:00:00Z'
    const later = '2026-04-10T12:00:00Z'
    const surveys = Object.fromEntries(
      await Promise.all(
        ['ads', 'web', 'checkout', 'returns'].map(async (k) => [
          k,
          await createTestSurvey(db, workspaceId, k),
        ]),
      ),
    )
    await writeResponses(db, workspaceId, surveys.ads, [...npsAnswers(10, 3, at), ...npsAnswers(0, 1, at)])
    await writeResponses(db, workspaceId, surveys.web, [...npsAnswers(9, 1, at), ...npsAnswers(5, 2, later)])
    await writeResponses(db, workspaceId, surveys.checkout, [
      ...npsAnswers(10, 2, at),
      ...npsAnswers(8, 2, later),
    ])
    await writeResponses(db, workspaceId, surveys.returns, npsAnswers(0, 2, at))
    const [journey] = await db.query<{ id: string }>(sql`insert into journeys (workspace_id, name)
      values (${workspaceId}, 'Shop') returning id`)
    if (!journey) throw new Error('no journey')
    // Positions, not names, order the stages: Discover (0) before Buy (1). "returns" stays on no journey.
    buy = await stage(db, workspaceId, journey.id, 'Buy', 1, ['checkout'])
    discover = await stage(db, workspaceId, journey.id, 'Discover', 0, ['ads', 'web'])
  })
  afterAll(async () => {
    await db?.close()
  })

  test('answers count for their touchpoint’s stage, in stage order, unplaced touchpoints last', async (ctx) => {
    if (!db) ctx.skip()
    const rows = await getMetrics(db, all(), byStage)
    // Discover: ads 10,10,10,0 and web 9,5,5 → 4 promoters, 3 detractors of 7. Buy: 10,10,8,8 → 2 of 4.
    // On no journey: returns 0,0.
    expect(rows.map((r) => [r.journeyName, r.stageName, r.n, r.counts])).toEqual([
      ['Shop', 'Discover', 7, { promoters: 4, passives: 0, detractors: 3 }],
      ['Shop', 'Buy', 4, { promoters: 2, passives: 2, detractors: 0 }],
      [null, null, 2, { promoters: 0, passives: 0, detractors: 2 }],
    ])
    expect(rows.map((r) => r.stageId)).toEqual([discover, buy, null])
    const [d, b, none] = rows
    expect(d?.value).toBeCloseTo(100 / 7, 10)
    // SE = 100·sqrt((pP + pD − (pP − pD)²)/n) = 100·sqrt((1 − 1/49)/7) = 100·sqrt(48/343).
    expect(d?.se).toBeCloseTo(100 * Math.sqrt(48 / 343), 10)
    expect([b?.value, b?.se]).toEqual([50, 25])
    expect([none?.value, none?.se, none?.belowMinN]).toEqual([-100, 0, true])
  })

  test('the rollup and the raw answers agree by stage and month', async (ctx) => {
    if (!db) ctx.skip()
    const query = { ...byStage, period: 'month' as const }
    const raw = await countMetric(db, all(), query, { raw: true })
    expect(await countMetric(db, all(), query)).toEqual(raw)
    // March: Discover 4 + 1 answers, Buy 2, none 2; April: Discover 2 (web 5, 5), Buy 2 (checkout 8, 8).
    expect(raw.map((r) => [r.group.stageName, r.group.period, r.n, r.high, r.low])).toEqual([
      ['Discover', '2026-03-01', 5, 4, 1],
      ['Discover', '2026-04-01', 2, 0, 2],
      ['Buy', '2026-03-01', 2, 2, 0],
      ['Buy', '2026-04-01', 2, 0, 0],
      [null, '2026-03-01', 2, 0, 2],
    ])
  })

  test('the CSV names the journey and the stage of each row', async (ctx) => {
    if (!db) ctx.skip()
    const rows = await getMetrics(db, all(), byStage)
    expect(metricsCsvHeader(byStage).slice(0, 4)).toEqual(['journeyName', 'stageId', 'stageName', 'n'])
    expect(rows.map((r) => metricsCsvRow(byStage, r).slice(0, 4))).toEqual([
      ['Shop', discover, 'Discover', 7],
      ['Shop', buy, 'Buy', 4],
      ['', '', '', 2],
    ])
  })

  test('a stage compares with the window before', async (ctx) => {
    if (!db) ctx.skip()
    const rows = await getMetrics(db, all(), {
      ...byStage,
      from: '2026-04-01',
      to: '2026-04-30',
      compare: true,
    })
    // April Discover: 5, 5 → −100; the 30 days before (2–31 March) Discover: 10,10,10,0,9 → 60. Difference −160.
    const discoverRow = rows.find((r) => r.stageName === 'Discover')
    expect(discoverRow?.value).toBe(-100)
    expect(discoverRow?.change?.difference).toBeCloseTo(-160, 10)
  })
})
