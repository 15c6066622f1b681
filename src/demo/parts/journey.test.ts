import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../../access/workspaces.js'
import type { Db } from '../../db/db.js'
import { pgliteTestDb } from '../../db/test-db.js'
import { getExperience } from '../../journeys/experience.js'
import { getJourney, listJourneys } from '../../journeys/journeys.js'
import { getPaths } from '../../journeys/paths.js'
import type { Experience } from '../../journeys/schemas.js'
import { loadDemo } from '../load-demo.js'

// The demo's journey tells its story from the generated data: bounds, not regression values.
describe('the demo journey', () => {
  let db: Db
  let ws: string
  let experience: Experience
  beforeAll(async () => {
    db = await pgliteTestDb()
    const org = await createOrganization(db, 'Demo company')
    ws = (await createWorkspace(db, org.id, 'Demo web shop')).id
    await loadDemo(db, ws, { customers: 800, seed: 5 })
    const [summary] = await listJourneys(db, ws)
    const journey = await getJourney(db, ws, summary?.id ?? '')
    if (!journey) throw new Error('the demo has no journey')
    experience = await getExperience(
      db,
      { workspaceId: ws, unitPath: null },
      journey,
      { from: null, to: null },
      async () => new Map(),
      new Date('2026-11-01T00:00:00Z'),
    )
  }, 180_000)
  afterAll(() => db.close())

  test('eight stages from awareness to advocacy, with customers walking through them', async () => {
    const [summary] = await listJourneys(db, ws)
    const journey = await getJourney(db, ws, summary?.id ?? '')
    expect(journey?.stages.map((s) => s.name)).toEqual([
      'Awareness',
      'Consideration',
      'Purchase',
      'Delivery',
      'Use',
      'Support',
      'Repurchase',
      'Advocacy',
    ])
    if (!journey) return
    const paths = await getPaths(db, { workspaceId: ws, unitPath: null }, journey, {
      from: null,
      to: null,
      limit: 5,
      steps: 8,
    })
    expect(paths.customers).toBeGreaterThan(100)
    expect(paths.links.length).toBeGreaterThan(5)
  })

  test('delivery breaks its 24-hour promise for most orders and keeps it for some', () => {
    const delivery = experience.touchpoints.find((t) => t.key === 'order_delivered')
    const promise = delivery?.promises[0]
    expect(promise?.made).toBeGreaterThan(100)
    expect(promise?.keptRate.value).toBeGreaterThan(5)
    expect(promise?.keptRate.value).toBeLessThan(60)
  })

  test('the emotion curve dips at delivery, far below what was meant, and support recovers it', () => {
    const measured = (name: string) =>
      experience.emotionCurve.find((s) => s.name === name)?.measured.value ?? null
    const delivery = measured('Delivery')
    const support = measured('Support')
    expect(delivery).not.toBeNull()
    expect(support).not.toBeNull()
    expect(delivery ?? 0).toBeLessThan(2 - 1)
    expect(support ?? 0).toBeGreaterThan((delivery ?? 0) + 0.3)
  })
})
