import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { getSurvey } from '../surveys/surveys.js'
import { importResponsesCsv } from './import-responses.js'
import { createTestSurvey, insightWorkspace } from './insight-fixture.js'

describe.each(testDrivers)('response history import on $name', (driver) => {
  let db: Db
  let workspaceId: string

  beforeAll(async () => {
    if (!(await driver.available())) return
    db = await driver.open()
    ;({ workspaceId } = await insightWorkspace(db))
    // Two customers share an e-mail: the one created first is matched.
    await db.query(sql`insert into customers (workspace_id, external_id, email, created_at)
      values (${workspaceId}, 'K-2', 'A@B.C', '2025-02-01Z'), (${workspaceId}, 'K-1', 'a@b.c', '2025-01-01Z')`)
  })
  afterAll(async () => {
    await db?.close()
  })

  test('stores each response once, matched to the first customer with its e-mail, at its answered time', async (ctx) => {
    if (!db) ctx.skip()
    const created = await createTestSurvey(db, workspaceId, 'delivery')
    const survey = await getSurvey(db, workspaceId, created.id)
    if (!survey) throw new Error('survey missing')
    const target = { ...survey, version: survey.currentVersion }
    const csv = new TextEncoder().encode(
      'response_id;email;answered_at;nps;ces\nx1;a@B.c;2026-03-29T01:30:00+02:00;9;5\nx1;a@b.c;2026-03-30;1;1\n',
    )
    const report = await importResponsesCsv(db, target, csv)
    expect(report).toMatchObject({ read: 2, imported: 1, unchanged: 1, unlinked: 0, skipped: 0 })
    const rows = await db.query<{
      external_id: string
      completed_at: Date
      answers: unknown
      nps_kind: string
    }>(sql`
      select c.external_id, r.completed_at, r.answers, r.nps_kind from responses r join customers c on c.id = r.customer_id
      where r.survey_id = ${created.id}`)
    expect(rows).toEqual([
      {
        external_id: 'K-1',
        completed_at: new Date('2026-03-28T23:30:00Z'),
        answers: { nps: 9, ces: 5 },
        nps_kind: 'transactional',
      },
    ])
  })
})
