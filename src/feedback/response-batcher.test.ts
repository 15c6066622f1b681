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
    beforeAll(async () => {
      db = await driver.open()
      const { workspaceId } = await surveyWorkspace(db)
      const survey = await createSurvey(db, workspaceId, {
        name: 'S',
        touchpoint: 'checkout',
        npsKind: 'transactional',
        definition: npsDefinition,
      })
      target = {
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
      expect(saves[0]!.id).toBe(saves[2]!.id)
      expect(saves[1]!.id).toBe(saves[5]!.id)
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
  })
}
