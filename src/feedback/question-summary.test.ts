import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { caseWorkspace } from '../cases/test-cases.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { parseDefinition } from '../surveys/definition.js'
import { questionSummary } from './question-summary.js'

// A survey's answers counted per question, against counts worked out by hand from the five responses below.

const definition = parseDefinition({
  defaultLanguage: 'en',
  languages: ['en'],
  title: { en: 'Visit' },
  pages: [
    {
      id: 'p',
      questions: [
        { id: 'nps', type: 'nps', text: { en: 'Recommend?' } },
        {
          id: 'liked',
          type: 'multiple',
          required: false,
          text: { en: 'What did you like?' },
          options: [
            { id: 'staff', label: { en: 'Staff' } },
            { id: 'price', label: { en: 'Price' } },
            { id: 'range', label: { en: 'Range' } },
          ],
        },
        { id: 'rate', type: 'rating', required: false, min: 1, max: 3, text: { en: 'Rate the shop' } },
        {
          id: 'forces',
          type: 'battery',
          required: false,
          points: 5,
          text: { en: 'Agree?' },
          statements: [
            { id: 'clear', text: { en: 'It was clear' } },
            { id: 'fair', text: { en: 'It was fair' } },
          ],
        },
        { id: 'comment', type: 'text', required: false, text: { en: 'More?' } },
      ],
    },
  ],
  endings: [{ id: 'thanks', title: { en: 'Thanks' } }],
})

// nps: 10, 9, 3, 3 (riga), and one partial response without it.
const answers: [Record<string, unknown>, 'riga' | null][] = [
  [{ nps: 10, liked: ['staff', 'range'], rate: 3, forces: { clear: 5, fair: 4 }, comment: '10' }, null],
  [{ nps: 9, liked: ['staff'], forces: { clear: 4 }, comment: 'staff' }, null],
  [{ nps: 3, liked: [], rate: 1, forces: { clear: 1, fair: 2 } }, null],
  [{ nps: 3, rate: 1, comment: 'slow' }, 'riga'],
  [{ liked: ['price'] }, null],
]

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`question summary on ${driver.name}`, () => {
    let db: Db
    let w: Awaited<ReturnType<typeof caseWorkspace>>
    let surveyId: string

    beforeAll(async () => {
      db = await driver.open()
      w = await caseWorkspace(db)
      const [survey] = await db.query<{
        id: string
      }>(sql`insert into surveys (workspace_id, name, touchpoint, slug)
        values (${w.workspaceId}, 'Visit', 'store_visit', 'visit') returning id`)
      surveyId = survey!.id
      await db.query(sql`insert into survey_versions (survey_id, version, workspace_id, definition, estimated_seconds)
        values (${surveyId}, 1, ${w.workspaceId}, ${JSON.stringify(definition)}::jsonb, 30)`)
      for (const [i, [a, unit]] of answers.entries())
        await db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, org_unit_id,
            language, channel, touchpoint, nps_kind, answers, completed_at)
          values (${w.workspaceId}, ${surveyId}, 1, ${`c${i}`}, ${unit ? w.units.riga.id : null}, 'en', 'link',
            'store_visit', 'transactional', ${JSON.stringify(a)}::jsonb, ${i === 4 ? null : new Date()})`)
    })
    afterAll(async () => {
      await db.close()
    })

    test('each question: n, every point or option, a scale mean; a text only counted', async () => {
      const all = await questionSummary(
        db,
        { workspaceId: w.workspaceId, unitPath: null },
        { surveyId },
        definition,
      )
      expect(all.responses).toBe(5)
      const by = (q: string, s: string | null = null) =>
        all.questions.find((x) => x.questionId === q && x.statementId === s)!
      expect(all.questions.map((q) => `${q.questionId}${q.statementId ? `.${q.statementId}` : ''}`)).toEqual([
        'nps',
        'liked',
        'rate',
        'forces.clear',
        'forces.fair',
        'comment',
      ])
      const nps = by('nps')
      expect(nps.n).toBe(4)
      expect(nps.values).toHaveLength(11)
      expect(nps.values.filter((v) => v.count > 0)).toEqual([
        { value: '3', count: 2 },
        { value: '9', count: 1 },
        { value: '10', count: 1 },
      ])
      expect(nps.mean).toBe(6.25) // (10 + 9 + 3 + 3) / 4
      // Four answered "liked" (one with no option); staff twice, range once, price once.
      expect(by('liked')).toMatchObject({
        n: 4,
        mean: null,
        values: [
          { value: 'staff', count: 2 },
          { value: 'price', count: 1 },
          { value: 'range', count: 1 },
        ],
      })
      expect(by('rate')).toMatchObject({
        n: 3,
        values: [
          { value: '1', count: 2 },
          { value: '2', count: 0 },
          { value: '3', count: 1 },
        ],
      })
      expect(by('rate').mean).toBeCloseTo(5 / 3, 12)
      expect(by('forces', 'clear')).toMatchObject({ n: 3, mean: 10 / 3 })
      expect(by('forces', 'clear').values.map((v) => v.count)).toEqual([1, 0, 0, 1, 1])
      expect(by('forces', 'fair')).toMatchObject({ n: 2, mean: 3 })
      expect(by('comment')).toMatchObject({ n: 3, values: [], mean: null })
    })

    test("an org unit's viewer counts only its responses; the filters narrow them", async () => {
      const riga = await questionSummary(
        db,
        { workspaceId: w.workspaceId, unitPath: w.units.riga.path },
        { surveyId },
        definition,
      )
      expect(riga.responses).toBe(1)
      expect(riga.questions.find((q) => q.questionId === 'nps')).toMatchObject({ n: 1, mean: 3 })
      const partial = await questionSummary(
        db,
        { workspaceId: w.workspaceId, unitPath: null },
        { surveyId, status: 'partial' },
        definition,
      )
      expect(partial.responses).toBe(1)
      expect(partial.questions.find((q) => q.questionId === 'liked')!.values[1]).toEqual({
        value: 'price',
        count: 1,
      })
    })
  })
}
