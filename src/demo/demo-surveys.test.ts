import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { pgliteTestDb } from '../db/test-db.js'
import { listPrograms } from '../surveys/programs/programs.sql.js'
import { listSurveys } from '../surveys/surveys.js'
import { DEFAULT_DEMO_END, generateDemo } from './generate-demo.js'
import { loadDemo } from './load-demo.js'
import { BAD_DELIVERY_REGION, drawSurveyResponses, STAY_DAYS } from './parts/survey-answers.js'
import { regions } from './regions.js'

const DAY = 86_400_000
const end = DEFAULT_DEMO_END.getTime()
const demo = generateDemo()
const answers = drawSurveyResponses(demo, { seed: 42, end })

const npsOf = (scores: number[]) =>
  (100 * (scores.filter((s) => s >= 9).length - scores.filter((s) => s <= 6).length)) / scores.length

describe('the demo survey answers follow what customers did', () => {
  const orderTimes = new Map<string, number[]>()
  for (const o of demo.orders)
    if (o.status === 'completed' || o.status === 'pending')
      orderTimes.set(o.customer_id, [...(orderTimes.get(o.customer_id) ?? []), o.ordered_at.getTime()])
  const churned = (customerId: string, at: number) =>
    !(orderTimes.get(customerId) ?? []).some((t) => t > at && t <= at + STAY_DAYS * DAY)

  test('detractors order again less often than promoters (relational and delivery NPS)', () => {
    for (const key of ['relational_nps', 'delivery_nps'] as const) {
      // Only answers old enough for the whole window to be seen.
      const seen = answers[key].filter((r) => r.answeredAt.getTime() + STAY_DAYS * DAY < end)
      const churnShare = (keep: (score: number) => boolean) => {
        const group = seen.filter((r) => keep(r.answers.nps as number))
        return group.filter((r) => churned(r.customerId, r.answeredAt.getTime())).length / group.length
      }
      const detractors = churnShare((s) => s <= 6)
      const promoters = churnShare((s) => s >= 9)
      expect(detractors).toBeGreaterThan(promoters + 0.15)
    }
  })

  test('the bad delivery region scores its deliveries lower than each other region', () => {
    const regionOfStore = new Map(regions.flatMap((r) => r.stores.map(([s]) => [s, r.code] as const)))
    const storeOf = new Map(demo.customers.map((c) => [c.customer_id, c.org_unit ?? '']))
    const byRegion = new Map<string, number[]>()
    for (const r of answers.delivery_nps) {
      const region = regionOfStore.get(storeOf.get(r.customerId) ?? '') ?? ''
      byRegion.set(region, [...(byRegion.get(region) ?? []), r.answers.nps as number])
    }
    const bad = npsOf(byRegion.get(BAD_DELIVERY_REGION) ?? [])
    for (const [region, scores] of byRegion) {
      if (region === BAD_DELIVERY_REGION) continue
      expect(scores.length).toBeGreaterThan(100)
      expect(bad).toBeLessThan(npsOf(scores) - 15)
    }
  })

  test('comments come in all five languages, each in its customer’s language', () => {
    const languageOf = new Map(demo.customers.map((c) => [c.customer_id, c.language]))
    const seen = new Set<string>()
    for (const r of answers.delivery_nps) {
      expect(r.language).toBe(languageOf.get(r.customerId))
      if (typeof r.answers.reason === 'string') seen.add(r.language)
    }
    expect([...seen].sort()).toEqual(['en', 'lv', 'pl', 'ru', 'uk'])
    // A Cyrillic comment from a Polish customer would be a mix-up.
    for (const r of answers.delivery_nps)
      if (r.language === 'pl' && typeof r.answers.reason === 'string')
        expect(r.answers.reason).not.toMatch(/[а-я]/)
  })

  test('the same seed gives the same answers', () => {
    expect(drawSurveyResponses(demo, { seed: 42, end })).toEqual(answers)
  })
})

describe('loading the demo', () => {
  let db: Db
  let workspaceId: string
  beforeAll(async () => {
    db = await pgliteTestDb()
    const org = await createOrganization(db, 'Demo company')
    workspaceId = (await createWorkspace(db, org.id, 'Demo web shop')).id
    await loadDemo(db, workspaceId, { customers: 300, seed: 5 })
  }, 120_000)
  afterAll(() => db.close())

  test('gives active surveys with answers and programs triggered by events the demo emits', async () => {
    const surveys = await listSurveys(db, workspaceId)
    expect(surveys.map((s) => s.template).sort()).toEqual(
      ['commitment', 'csat', 'relational_nps', 'six_forces', 'transactional_nps'].sort(),
    )
    for (const s of surveys) {
      expect(s.status).toBe('active')
      expect(s.completed).toBeGreaterThan(0)
    }
    // A finished campaign waits in the archive, closed.
    const archived = await listSurveys(db, workspaceId, { archived: true })
    expect(archived.map((s) => [s.template, s.status])).toEqual([['ces', 'closed']])
    const [unlinked] = await db.query<{ n: number }>(
      sql`select count(*)::int as n from responses where workspace_id = ${workspaceId} and customer_id is null`,
    )
    expect(unlinked?.n).toBe(0)
    const triggers = (await listPrograms(db, workspaceId)).flatMap((p) =>
      p.triggerEvent ? [p.triggerEvent] : [],
    )
    expect(triggers.length).toBeGreaterThan(0)
    for (const trigger of triggers) {
      const [events] = await db.query<{ n: number }>(
        sql`select count(*)::int as n from events where workspace_id = ${workspaceId} and type = ${trigger}`,
      )
      expect(events?.n, trigger).toBeGreaterThan(0)
    }
  })
})
