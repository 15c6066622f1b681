import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { testDrivers } from '../db/test-db.js'
import { createTestSurvey, writeResponses } from '../insights/insight-fixture.js'
import { getExperience } from './experience.js'
import { journeyWorkspace, makeJourney, touchpointOf } from './journey-fixture.js'
import type { Journey } from './schemas.js'

// The experience layer's emotion, metrics and pain from hand-made answers; every figure is worked by hand:
// y = +2 for a positive answer (NPS 9–10, CSAT 4–5, rating 4–5 of 1–5), −2 for a negative one (NPS 0–6, CSAT 1–2,
// rating 1–2), 0 between; NPS itself is the published definition, % promoters − % detractors.

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`experience layer on ${driver.name}`, () => {
    let db: Db
    let ws: string
    let journey: Journey

    beforeAll(async () => {
      db = await driver.open()
      ;({ workspaceId: ws } = await journeyWorkspace(db))
      journey = await makeJourney(db, ws, {
        name: 'Shop',
        description: null,
        stages: [
          {
            name: 'Delivery',
            touchpoints: [
              touchpointOf('parcel', ['order_delivered'], { intendedEmotion: 2 }),
              touchpointOf('tracking', ['tracking_viewed'], { intendedEmotion: 1 }),
            ],
          },
          {
            name: 'Support',
            touchpoints: [touchpointOf('help', ['support_contact'], { intendedEmotion: 0 })],
          },
          { name: 'Quiet', touchpoints: [touchpointOf('nothing', [])] },
        ],
      })
      const at = '2026-03-02T10:00:00Z'
      // parcel: NPS 10, 10, 0, 8 → P 2, D 1 of 4: y mean 2 × (2 − 1) / 4 = 0.5; NPS 25.
      const parcel = await createTestSurvey(db, ws, 'parcel')
      await writeResponses(db, ws, parcel, [
        { answers: { nps: 10 }, at },
        { answers: { nps: 10 }, at },
        { answers: { nps: 0 }, at },
        { answers: { nps: 8 }, at },
      ])
      // tracking: rating 1 and 2 (1–5) → both negative: y −2, −2.
      const tracking = await createTestSurvey(db, ws, 'tracking')
      await writeResponses(db, ws, tracking, [
        { answers: { nps: 3, speed: 1 }, at },
        { answers: { nps: 5, speed: 2 }, at: '2026-02-01T10:00:00Z' },
      ])
      // help: CSAT 5, 4, 3 → P 2, D 0 of 3: y mean 4 / 3.
      const help = await createTestSurvey(db, ws, 'help')
      await writeResponses(db, ws, help, [
        { answers: { csat: 5 }, at },
        { answers: { csat: 4 }, at },
        { answers: { csat: 3 }, at },
      ])
    })
    afterAll(async () => {
      await db?.close()
    })

    const get = (window = { from: null as string | null, to: null as string | null }) =>
      getExperience(
        db,
        { workspaceId: ws, unitPath: null },
        journey,
        window,
        async () => new Map([['help', 2]]),
      )

    test('measured emotion is the net sentiment of the answers, and the gap is measured − intended', async () => {
      const experience = await get()
      const byKey = Object.fromEntries(experience.touchpoints.map((t) => [t.key, t]))
      expect(byKey.parcel?.emotion).toMatchObject({ intended: 2, gap: -1.5 })
      expect(byKey.parcel?.emotion.measured.value).toBe(0.5)
      expect(byKey.parcel?.emotion.measured.n).toBe(4)
      // tracking: 2 NPS (3, 5: detractors) + 2 ratings (1, 2: negative), all −2.
      expect(byKey.tracking?.emotion.measured.value).toBe(-2)
      expect(byKey.help?.emotion.measured.value).toBeCloseTo(4 / 3, 12)
      expect(byKey.nothing?.emotion).toEqual({
        intended: null,
        measured: { n: 0, value: null, se: null, ci95: null },
        gap: null,
      })
    })

    test("Insight's metrics per touchpoint, the negative answers and the open cases", async () => {
      const experience = await get()
      const parcel = experience.touchpoints.find((t) => t.key === 'parcel')
      expect(parcel?.metrics.nps).toMatchObject({ n: 4, value: 25, belowMinN: true })
      expect(parcel?.painPoint.negatives).toBe(1)
      expect(parcel?.painPoint.negativeShare.value).toBe(25)
      const help = experience.touchpoints.find((t) => t.key === 'help')
      expect(help?.metrics.csat).toMatchObject({ n: 3, value: (100 * 2) / 3 })
      expect(help?.openCases).toBe(2)
    })

    test('the emotion curve pools the answers of each stage and averages its intended emotions', async () => {
      const experience = await get()
      // Delivery: parcel (Σy = 2, n 4) and tracking (Σy = −8, n 4): (2 − 8) / 8 = −0.75; intended (2 + 1) / 2.
      expect(experience.emotionCurve.map((s) => [s.name, s.intended, s.measured.value])).toEqual([
        ['Delivery', 1.5, -0.75],
        ['Support', 0, 4 / 3],
        ['Quiet', null, null],
      ])
    })

    test('the window keeps the answers of its local days', async () => {
      const experience = await get({ from: '2026-03-01', to: '2026-03-31' })
      const tracking = experience.touchpoints.find((t) => t.key === 'tracking')
      expect(tracking?.emotion.measured.n).toBe(2)
    })
  })
}
