import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { createSurvey } from '../surveys/surveys.js'
import { npsDefinition, surveyWorkspace } from '../surveys/test-survey.js'
import { ResponseBatcher } from './response-batcher.js'
import type { ResponseTarget, Submission } from './responses.js'

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`batched response writes on ${driver.name}`, () => {
    let db: Db
    let target: ResponseTarget
    let otherTarget: ResponseTarget
    const surveyTarget = async (): Promise<ResponseTarget> => {
      const { workspaceId } = await surveyWorkspace(db)
      const survey = await createSurvey(db, workspaceId, {
        name: 'S',
        touchpoint: 'checkout',
        npsKind: 'transactional',
        definition: npsDefinition,
      })
      return {
        workspaceId,
        surveyId: survey.id,
        version: 1,
        touchpoint: 'checkout',
        npsKind: 'transactional',
        channel: 'link',
        invitationId: null,
        customerId: null,
        orgUnitId: null,
      }
    }
    beforeAll(async () => {
      db = await driver.open()
      target = await surveyTarget()
      otherTarget = await surveyTarget()
    })
    afterAll(async () => {
      await db?.close()
    })

    const submission = (clientId: string, nps: number, complete: boolean): Submission => ({
      clientId,
      language: 'en',
      answers: { nps },
      hidden: {},
      complete,
      ending: complete ? 'thanks' : null,
    })

    test('requests arriving together are written together; the same id twice keeps its order; completed stays', async () => {
      const batcher = new ResponseBatcher(db, { maxBatch: 3, maxInFlight: 1 })
      const saves = await Promise.all([
        batcher.save(target, submission('id-a', 1, false)),
        batcher.save(target, submission('id-b', 2, true)),
        batcher.save(target, submission('id-a', 5, true)), // after the first id-a, in a later statement
        batcher.save(target, submission('id-c', 3, true)),
        batcher.save(target, submission('id-d', 4, true)),
        batcher.save(target, submission('id-b', 9, true)), // a retry of a completed response
      ])
      expect(saves.map((s) => s.completed)).toEqual([false, true, true, true, true, true])
      expect(saves[0]?.id).toBe(saves[2]?.id)
      expect(saves[1]?.id).toBe(saves[5]?.id)
      const rows = await db.query<{ client_id: string; answers: unknown; done: boolean }>(sql`
        select client_id, answers, completed_at is not null as done from responses
        where survey_id = ${target.surveyId} order by client_id`)
      expect(rows).toEqual([
        { client_id: 'id-a', answers: { nps: 5 }, done: true },
        { client_id: 'id-b', answers: { nps: 2 }, done: true },
        { client_id: 'id-c', answers: { nps: 3 }, done: true },
        { client_id: 'id-d', answers: { nps: 4 }, done: true },
      ])
    })

    test('an item the database refuses fails alone: the others in its statement are stored and acknowledged', async () => {
      const batcher = new ResponseBatcher(db, { maxBatch: 50, maxInFlight: 1 })
      // The first save is written at once; the rest queue behind it and go in one statement.
      const first = batcher.save(otherTarget, submission('other-first', 7, true))
      // jsonb refuses \u0000: this answer passes the batcher but not PostgreSQL.
      const bad = batcher.save(target, { ...submission('bad-one', 1, true), answers: { reason: 'a\u0000b' } })
      const valid = Array.from({ length: 20 }, (_, i) =>
        batcher.save(otherTarget, submission(`other-${i}`, i % 11, true)),
      )
      const [firstSaved, badSaved, ...validSaved] = await Promise.allSettled([first, bad, ...valid])
      expect(firstSaved!.status).toBe('fulfilled')
      expect(badSaved!.status).toBe('rejected')
      expect(validSaved.map((s) => s.status)).toEqual(valid.map(() => 'fulfilled'))
      const [stored] = await db.query<{ n: number }>(
        sql`select count(*)::int as n from responses where survey_id = ${otherTarget.surveyId}`,
      )
      expect(stored!.n).toBe(21)
      const [refused] = await db.query<{ n: number }>(
        sql`select count(*)::int as n from responses where client_id = 'bad-one'`,
      )
      expect(refused!.n).toBe(0)
    })
  })
}
