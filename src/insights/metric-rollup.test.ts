import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOrgUnit } from '../access/org-units.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { createTestSurvey, insightWorkspace, seededRandom } from './insight-fixture.js'
import { countMetric, type Dimension, type Metric, type Period } from './metric-queries.js'
import { rebuildInsightRollup } from './metric-rollup.js'

// The rollup is an optimisation only: on random answers, after inserts, updates, deletes and a change of time
// zone, every count it gives equals the count over the raw responses (the independent oracle here).

const metrics: Metric[] = [
  { kind: 'nps', npsKind: 'transactional' },
  { kind: 'nps', npsKind: 'relational' },
  { kind: 'csat' },
  { kind: 'ces' },
  { kind: 'item', questionId: 'speed', statement: null },
  { kind: 'trim' },
]
const dimensions: (Dimension | null)[] = [null, 'touchpoint', 'survey', 'orgUnit', 'stage']
const periods: (Period | null)[] = [null, 'day', 'week', 'month', 'quarter']

describe.each(testDrivers)('the insight rollup on $name', (driver) => {
  let db: Db
  let workspaceId: string
  let unitPaths: (string | null)[] = []

  beforeAll(async () => {
    if (!(await driver.available())) return
    db = await driver.open()
    ;({ workspaceId } = await insightWorkspace(db))
    const north = await createOrgUnit(db, workspaceId, { code: 'north', name: 'North' })
    const shop = await createOrgUnit(db, workspaceId, { code: 'shop', name: 'Shop', parentCode: 'north' })
    const south = await createOrgUnit(db, workspaceId, { code: 'south', name: 'South' })
    unitPaths = [null, north.path, shop.path, south.path]
    await db.query(sql`insert into survey_delivery_settings (workspace_id, timezone)
      values (${workspaceId}, 'America/New_York')`)
    const surveys = [
      await createTestSurvey(db, workspaceId, 'delivery'),
      await createTestSurvey(db, workspaceId, 'store'),
      await createTestSurvey(db, workspaceId, 'brand', 'relational'),
    ]
    // "delivery" sits on a journey's stage, the others on none: by=stage groups both ways.
    const [journey] = await db.query<{ id: string }>(sql`insert into journeys (workspace_id, name)
      values (${workspaceId}, 'Shop') returning id`)
    await db.query(sql`with s as (insert into journey_stages (workspace_id, journey_id, name, position)
        values (${workspaceId}, ${journey?.id}, 'Buy', 0) returning id)
      update touchpoints set stage_id = (select id from s) where workspace_id = ${workspaceId} and key = 'delivery'`)
    const units = [null, north.id, shop.id, south.id]
    const next = seededRandom(20)
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)] as T
    const score = (min: number, max: number) =>
      next() < 0.2 ? undefined : min + Math.floor(next() * (max - min + 1))
    const rows = Array.from({ length: 600 }, (_, i) => {
      const survey = pick(surveys)
      // Around the DST changes of 2026 (8 March, 1 November in New York) and across quarters.
      const at = new Date(Date.UTC(2026, 1, 20) + Math.floor(next() * 280 * 24) * 3_600_000).toISOString()
      return {
        survey_id: survey.id,
        client_id: `r-${i}`,
        org_unit_id: pick(units),
        touchpoint: next() < 0.2 ? 'elsewhere' : survey.touchpoint,
        nps_kind: survey.npsKind,
        answers: { nps: score(0, 10), csat: score(1, 5), ces: score(1, 7), speed: score(1, 5), comment: 'x' },
        at,
        completed: next() < 0.85,
      }
    })
    // One statement for most rows (the trigger sees them all at once), then a few one by one.
    const bulk = rows.slice(0, 560)
    await db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, org_unit_id,
        language, channel, touchpoint, nps_kind, answers, started_at, updated_at, completed_at)
      select ${workspaceId}, x.survey_id, 1, x.client_id, x.org_unit_id, 'en', 'link', x.touchpoint, x.nps_kind,
        x.answers, x.at, x.at, case when x.completed then x.at end
      from jsonb_to_recordset(${JSON.stringify(bulk)}::jsonb) as x(survey_id uuid, client_id text,
        org_unit_id uuid, touchpoint text, nps_kind text, answers jsonb, at timestamptz, completed boolean)`)
    for (const x of rows.slice(560))
      await db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, org_unit_id,
          language, channel, touchpoint, nps_kind, answers, started_at, updated_at, completed_at)
        values (${workspaceId}, ${x.survey_id}, 1, ${x.client_id}, ${x.org_unit_id}, 'en', 'link', ${x.touchpoint},
          ${x.nps_kind}, ${JSON.stringify(x.answers)}::jsonb, ${x.at}, ${x.at}, ${x.completed ? x.at : null})`)
    // Partial answers completed later, answers changed, units moved, a unit deleted, responses deleted.
    await db.query(sql`update responses set completed_at = updated_at + interval '3 days',
        answers = answers || '{"nps": 10}' where workspace_id = ${workspaceId} and completed_at is null
        and client_id like 'r-1%'`)
    await db.query(sql`update responses set answers = answers - 'csat', org_unit_id = ${south.id}
      where workspace_id = ${workspaceId} and client_id like 'r-2%'`)
    await db.query(sql`delete from responses where workspace_id = ${workspaceId} and client_id like 'r-3%'`)
    await db.query(sql`delete from org_units where id = ${shop.id}`)
    unitPaths = [null, north.path, south.path]
  })
  afterAll(async () => {
    await db?.close()
  })

  async function expectSameCounts(seed: number, queries: number) {
    const next = seededRandom(seed)
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)] as T
    for (let i = 0; i < queries; i++) {
      const day = (offset: number) =>
        new Date(Date.UTC(2026, 1, 15) + Math.floor(offset) * 86_400_000).toISOString().slice(0, 10)
      const start = next() * 300
      const query = {
        metric: pick(metrics),
        dimension: pick(dimensions),
        period: pick(periods),
        from: next() < 0.3 ? null : day(start),
        to: next() < 0.3 ? null : day(start + next() * 120),
      }
      const access = { workspaceId, unitPath: pick(unitPaths) }
      const fast = await countMetric(db, access, query)
      const raw = await countMetric(db, access, query, { raw: true })
      const label = JSON.stringify({ query, unit: access.unitPath })
      expect(
        fast.map(({ mean, variance, ...exact }) => exact),
        label,
      ).toEqual(raw.map(({ mean, variance, ...exact }) => exact))
      fast.forEach((row, j) => {
        const oracle = raw[j]
        expect(row.mean === null, label).toBe(oracle?.mean === null)
        expect(row.variance === null, label).toBe(oracle?.variance === null)
        if (row.mean !== null) expect(row.mean, label).toBeCloseTo(oracle?.mean ?? Number.NaN, 10)
        if (row.variance !== null) expect(row.variance, label).toBeCloseTo(oracle?.variance ?? Number.NaN, 10)
      })
    }
  }

  test('random queries count the same from the rollup as from the responses', async (ctx) => {
    if (!db) ctx.skip()
    const [some] = await db.query<{ n: number }>(
      sql`select count(*)::int as n from insight_rollup where workspace_id = ${workspaceId}`,
    )
    expect(some?.n).toBeGreaterThan(100)
    await expectSameCounts(7, 60)
  })

  test('a new time zone moves the answers to their new local days, and a rebuild changes nothing', async (ctx) => {
    if (!db) ctx.skip()
    await db.query(sql`update survey_delivery_settings set timezone = 'Asia/Kathmandu'
      where workspace_id = ${workspaceId}`)
    await expectSameCounts(8, 40)
    const snapshot = sql`select * from insight_rollup where workspace_id = ${workspaceId} and n <> 0
      order by question_type, day, touchpoint, survey_id, question_id, nps_kind, org_unit_id`
    const before = await db.query(snapshot)
    await rebuildInsightRollup(db, workspaceId)
    expect(await db.query(snapshot)).toEqual(before)
  })
})
