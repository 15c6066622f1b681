import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOrgUnit } from '../access/org-units.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { createTestSurvey, insightWorkspace, npsAnswers, writeResponses } from './insight-fixture.js'
import { saveInsightSettings } from './insight-settings.js'
import { getMetrics, type MetricsRequest } from './metrics.js'

const nps: MetricsRequest = {
  metric: { kind: 'nps', npsKind: 'transactional' },
  dimension: null,
  period: null,
  from: null,
  to: null,
  compare: false,
}

describe.each(testDrivers)('insight metrics on $name', (driver) => {
  let db: Db
  let workspaceId: string
  const all = () => ({ workspaceId, unitPath: null })

  beforeAll(async () => {
    if (!(await driver.available())) return
    db = await driver.open()
    ;({ workspaceId } = await insightWorkspace(db))
  })
  afterAll(async () => {
    await db?.close()
  })

  test('NPS per touchpoint counts promoters and detractors, never relational answers', async (ctx) => {
    if (!db) ctx.skip()
    const delivery = await createTestSurvey(db, workspaceId, 'delivery')
    const store = await createTestSurvey(db, workspaceId, 'store')
    const relational = await createTestSurvey(db, workspaceId, 'brand', 'relational')
    const at = '2026-02-10T12:00:00Z'
    await writeResponses(db, workspaceId, delivery, [
      ...npsAnswers(10, 6, at),
      ...npsAnswers(7, 2, at),
      ...npsAnswers(3, 2, at),
    ])
    // A partial response with the question answered counts; one that skipped it does not.
    await writeResponses(db, workspaceId, store, [
      ...npsAnswers(9, 1, at, { completed: false }),
      { answers: { comment: 'nothing to say' }, at },
    ])
    await writeResponses(db, workspaceId, relational, npsAnswers(0, 5, at))

    const rows = await getMetrics(db, all(), { ...nps, dimension: 'touchpoint' })
    expect(rows.map((r) => [r.touchpoint, r.n, r.value])).toEqual([
      ['delivery', 10, 40],
      ['store', 1, 100],
    ])
    const delivered = rows[0]
    expect(delivered?.se).toBeCloseTo(100 * Math.sqrt((0.6 + 0.2 - 0.16) / 10), 8)
    expect(delivered?.belowMinN).toBe(true)
    expect(delivered?.counts).toEqual({ promoters: 6, passives: 2, detractors: 2 })

    const brand = await getMetrics(db, all(), { ...nps, metric: { kind: 'nps', npsKind: 'relational' } })
    expect(brand.map((r) => [r.n, r.value])).toEqual([[5, -100]])
    await db.query(sql`delete from responses where workspace_id = ${workspaceId}`)
  })

  test('months are counted in the workspace time zone, across the DST changes of Europe/Riga', async (ctx) => {
    if (!db) ctx.skip()
    await db.query(sql`insert into survey_delivery_settings (workspace_id, timezone)
      values (${workspaceId}, 'Europe/Riga')`)
    const survey = await createTestSurvey(db, workspaceId, 'dst')
    await writeResponses(db, workspaceId, survey, [
      // 31 March 22:30 UTC is 1 April 01:30 in Riga (UTC+3 since 29 March).
      ...npsAnswers(10, 1, '2026-03-31T22:30:00Z'),
      // 31 March 20:30 UTC is still 31 March 23:30 in Riga.
      ...npsAnswers(0, 1, '2026-03-31T20:30:00Z'),
      // 31 October 22:30 UTC is 1 November 00:30 in Riga (UTC+2 again since 25 October).
      ...npsAnswers(10, 1, '2026-10-31T22:30:00Z'),
      // 29 March 00:30 UTC is Sunday 29 March 02:30 in Riga: the ISO week of 23 March.
      ...npsAnswers(8, 1, '2026-03-29T00:30:00Z'),
    ])
    const months = await getMetrics(db, all(), { ...nps, period: 'month' })
    expect(months.map((r) => [r.period, r.n, r.value])).toEqual([
      ['2026-03-01', 2, -50],
      ['2026-04-01', 1, 100],
      ['2026-11-01', 1, 100],
    ])
    const weeks = await getMetrics(db, all(), { ...nps, period: 'week', to: '2026-04-05' })
    expect(weeks.map((r) => [r.period, r.n])).toEqual([
      ['2026-03-23', 1],
      ['2026-03-30', 2],
    ])
    // from/to are local days: 1 April in Riga starts at 31 March 21:00 UTC.
    const april = await getMetrics(db, all(), { ...nps, from: '2026-04-01', to: '2026-04-30' })
    expect(april.map((r) => r.n)).toEqual([1])
    await db.query(sql`delete from survey_delivery_settings where workspace_id = ${workspaceId}`)
    await db.query(sql`delete from responses where workspace_id = ${workspaceId}`)
  })

  test('CSAT, CES, a rating item, a battery statement and the weighted index, each from its own answers', async (ctx) => {
    if (!db) ctx.skip()
    const survey = await createTestSurvey(db, workspaceId, 'all')
    const at = '2026-05-05T10:00:00Z'
    await writeResponses(db, workspaceId, survey, [
      { at, answers: { nps: 9, csat: 5, ces: 7, speed: 5, forces: { trust: 7 } } },
      { at, answers: { nps: 9, csat: 4, ces: 5, speed: 1, forces: { trust: 1 } } },
      { at, answers: { nps: 9, csat: 1, ces: 3 } },
      { at, answers: { nps: 9, csat: 3, ces: 1, speed: 3 } },
    ])
    const [csat] = await getMetrics(db, all(), { ...nps, metric: { kind: 'csat' } })
    expect([csat?.n, csat?.value, csat?.counts]).toEqual([
      4,
      50,
      { satisfied: 2, neutral: 1, dissatisfied: 1 },
    ])
    const [ces] = await getMetrics(db, all(), { ...nps, metric: { kind: 'ces' } })
    // 7, 5, 3, 1: mean 4, sample variance 20/3.
    expect(ces?.value).toBe(4)
    expect(ces?.se).toBeCloseTo(Math.sqrt(20 / 3 / 4), 10)
    expect(ces?.easyShare?.value).toBe(50)
    const [speed] = await getMetrics(db, all(), {
      ...nps,
      metric: { kind: 'item', questionId: 'speed', statement: null },
    })
    expect([speed?.n, speed?.value]).toEqual([3, 3])
    const [trust] = await getMetrics(db, all(), {
      ...nps,
      metric: { kind: 'item', questionId: 'forces', statement: 'trust' },
    })
    expect([trust?.n, trust?.value]).toEqual([2, 4])
    // Index per response, csat weight 3 and speed weight 1, each rescaled 1–5 → 0–100:
    // (3·100 + 100)/4 = 100; (3·75 + 0)/4 = 56.25; csat 1 alone = 0; (3·50 + 50)/4 = 50.
    const [trim] = await getMetrics(db, all(), { ...nps, metric: { kind: 'trim' } })
    expect(trim?.n).toBe(4)
    expect(trim?.value).toBeCloseTo((100 + 56.25 + 0 + 50) / 4, 10)
    await db.query(sql`delete from responses where workspace_id = ${workspaceId}`)
  })

  test('an org unit includes its subtree, and a manager sees only their unit', async (ctx) => {
    if (!db) ctx.skip()
    const region = await createOrgUnit(db, workspaceId, { code: 'north', name: 'North' })
    const shop = await createOrgUnit(db, workspaceId, { code: 'shop1', name: 'Shop 1', parentCode: 'north' })
    const other = await createOrgUnit(db, workspaceId, { code: 'south', name: 'South' })
    const survey = await createTestSurvey(db, workspaceId, 'units')
    const at = '2026-06-01T10:00:00Z'
    await writeResponses(db, workspaceId, survey, [
      ...npsAnswers(10, 2, at, { orgUnitId: region.id }),
      ...npsAnswers(0, 1, at, { orgUnitId: shop.id }),
      ...npsAnswers(0, 4, at, { orgUnitId: other.id }),
    ])
    const rows = await getMetrics(db, all(), { ...nps, dimension: 'orgUnit' })
    const byName = Object.fromEntries(rows.map((r) => [r.orgUnitName, r.n]))
    expect(byName).toEqual({ North: 3, 'Shop 1': 1, South: 4 })
    const manager = { workspaceId, unitPath: shop.path }
    const seen = await getMetrics(db, manager, { ...nps, dimension: 'orgUnit' })
    expect(seen.map((r) => [r.orgUnitName, r.n, r.value])).toEqual([['Shop 1', 1, -100]])
    const total = await getMetrics(db, manager, nps)
    expect(total.map((r) => r.n)).toEqual([1])
    await db.query(sql`delete from responses where workspace_id = ${workspaceId}`)
  })

  test('the minimum n is a workspace setting, and compare=previous tests the change', async (ctx) => {
    if (!db) ctx.skip()
    const survey = await createTestSurvey(db, workspaceId, 'trend')
    await writeResponses(db, workspaceId, survey, [
      ...npsAnswers(10, 20, '2026-01-15T12:00:00Z'),
      ...npsAnswers(0, 20, '2026-01-15T12:00:00Z'),
      ...npsAnswers(10, 35, '2026-02-15T12:00:00Z'),
      ...npsAnswers(0, 5, '2026-02-15T12:00:00Z'),
    ])
    await saveInsightSettings(db, workspaceId, { minN: 40 })
    const months = await getMetrics(db, all(), {
      ...nps,
      period: 'month',
      from: '2026-02-01',
      to: '2026-02-28',
      compare: true,
    })
    expect(months).toHaveLength(1)
    const feb = months[0]
    expect([feb?.period, feb?.n, feb?.value, feb?.belowMinN]).toEqual(['2026-02-01', 40, 75, false])
    // January: 0 ± 100·sqrt(1/40); February: 75 ± 100·sqrt((1 − 0.5625)/40).
    const se = Math.sqrt(1 / 40 + (1 - 0.5625) / 40) * 100
    expect(feb?.change?.difference).toBeCloseTo(75, 10)
    expect(feb?.change?.se).toBeCloseTo(se, 8)
    expect(feb?.change?.significant).toBe(true)
    const windowed = await getMetrics(db, all(), {
      ...nps,
      from: '2026-02-01',
      to: '2026-02-28',
      compare: true,
    })
    // The 28 days before February are 4–31 January, which hold January's answers.
    expect(windowed[0]?.change?.difference).toBeCloseTo(75, 10)
    await saveInsightSettings(db, workspaceId, { minN: 41 })
    const [below] = await getMetrics(db, all(), { ...nps, from: '2026-02-01', to: '2026-02-28' })
    expect(below?.belowMinN).toBe(true)
    expect(below?.ci95).not.toBeNull()
  })
})
