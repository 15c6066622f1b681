import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { testDrivers } from '../db/test-db.js'
import { createTestSurvey, npsAnswers, writeResponses } from '../insights/insight-fixture.js'
import { getExperience } from './experience.js'
import { journeyWorkspace, makeJourney, touchpointOf } from './journey-fixture.js'
import { getJourney } from './journeys.js'
import { journeyToMermaid, parseMermaidJourney, scoreOf } from './mermaid.js'

// The Mermaid `journey` grammar as mermaid's documentation publishes it (title, section, "Task: score: actors");
// the scores below are hand-worked from the answers written.

describe('Mermaid journey text', () => {
  test("parses the documentation's example", () => {
    const doc = parseMermaidJourney(
      [
        'journey',
        '    title My working day',
        '    section Go to work',
        '      Make tea: 5: Me',
        '      Go upstairs: 3: Me',
        '      Do work: 1: Me, Cat',
        '    section Go home',
        '      Go downstairs: 5: Me',
        '      Sit down: 5: Me',
      ].join('\n'),
    )
    expect(doc.name).toBe('My working day')
    expect(
      doc.stages.map((s) => [s.name, s.touchpoints.map((t) => [t.name, t.intendedEmotion, t.channel])]),
    ).toEqual([
      [
        'Go to work',
        [
          ['Make tea', 2, 'Me'],
          ['Go upstairs', 0, 'Me'],
          ['Do work', -2, 'Me, Cat'],
        ],
      ],
      [
        'Go home',
        [
          ['Go downstairs', 2, 'Me'],
          ['Sit down', 2, 'Me'],
        ],
      ],
    ])
  })

  test('skips comments and accessibility lines, and refuses what the grammar does not allow, naming the line', () => {
    const ok = parseMermaidJourney(
      '%% a map\njourney\naccTitle: A\naccDescr {\n long\n}\nsection S\n  T: 2\n',
    )
    expect(ok.stages[0]?.touchpoints[0]).toMatchObject({ name: 'T', intendedEmotion: -1, channel: null })
    expect(() => parseMermaidJourney('flowchart LR\n')).toThrow('line 1')
    expect(() => parseMermaidJourney('journey\n  Task: 3\n')).toThrow('line 2: a task must follow a section')
    expect(() => parseMermaidJourney('journey\nsection S\n  Task: 6\n')).toThrow('line 3')
    expect(() => parseMermaidJourney('journey\nsection S\n  Task without score\n')).toThrow('line 3')
    expect(() => parseMermaidJourney('journey\ntitle A\ntitle B\n')).toThrow('line 3: a second title')
  })

  test('maps emotion −2…+2 onto 1–5, rounding and clamping a measured mean', () => {
    expect([-2, -1, 0, 1, 2, -0.6, 0.49, 2.4, -3].map(scoreOf)).toEqual([1, 2, 3, 4, 5, 2, 3, 5, 1])
  })
})

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`Mermaid round trip on ${driver.name}`, () => {
    let db: Db
    let ws: string

    beforeAll(async () => {
      db = await driver.open()
      ;({ workspaceId: ws } = await journeyWorkspace(db))
    })
    afterAll(async () => {
      await db?.close()
    })

    test('export, import, export gives the same text, the measured score carried as the task score', async () => {
      const journey = await makeJourney(db, ws, {
        name: 'Shop: the whole way',
        description: null,
        stages: [
          {
            name: 'Buy',
            touchpoints: [touchpointOf('checkout', ['order_placed'], { intendedEmotion: 1, channel: 'web' })],
          },
          {
            name: 'Delivery',
            touchpoints: [
              touchpointOf('delivery', ['order_delivered'], {
                intendedEmotion: 2,
                name: 'Parcel; at the door',
              }),
            ],
          },
          { name: 'Support #1', touchpoints: [touchpointOf('help', [])] },
        ],
      })
      // Delivery's answers: NPS 0 ×3 and 10 ×1 → −2, −2, −2, +2 on −2…+2, mean −1 → score 2.
      const survey = await createTestSurvey(db, ws, 'delivery')
      await writeResponses(db, ws, survey, [
        ...npsAnswers(0, 3, '2026-03-01T10:00:00Z'),
        ...npsAnswers(10, 1, '2026-03-01T10:00:00Z'),
      ])
      const access = { workspaceId: ws, unitPath: null }
      const none = async () => new Map<string, number>()
      const experience = await getExperience(db, access, journey, { from: null, to: null }, none)
      const first = journeyToMermaid(journey, experience)
      expect(first).toBe(
        [
          'journey',
          '  title Shop the whole way',
          '  section Buy',
          '    checkout: 4: web',
          '  section Delivery',
          '    Parcel at the door: 2',
          '  section Support 1',
          '    help: 3',
          '',
        ].join('\n'),
      )
      const imported = await makeJourney(db, ws, parseMermaidJourney(first))
      const again = (await getJourney(db, ws, imported.id)) ?? imported
      const second = journeyToMermaid(
        again,
        await getExperience(db, access, again, { from: null, to: null }, none),
      )
      expect(second).toBe(first)
    })
  })
}
