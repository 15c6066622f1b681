import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { IMPORT_FILE_JOB, runImportFile } from '../customers/import-runs.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { type client, setUp, testApp } from '../server/test-client.js'
import { parseDefinition } from '../surveys/definition.js'
import { createTestSurvey, everyMetricDefinition } from './insight-fixture.js'
import { responsesFileImport } from './response-file-import.js'
import { suggestResponseMapping } from './suggest-response-mapping.js'

// Survey responses as the import wizard's fourth kind: mapping suggested from other tools' headers, the file
// uploaded, mapped, imported in the background, its bad lines reported and downloadable, the mapping kept.

let db: Db
let app: Awaited<ReturnType<typeof testApp>>['app']
let owner: ReturnType<typeof client>
let ws: string
let surveyId: string
const definition = parseDefinition(everyMetricDefinition)

beforeAll(async () => {
  ;({ app, db } = await testApp())
  ;({ owner, workspaceId: ws } = await setUp(app))
  surveyId = (await createTestSurvey(db, ws, 'delivery')).id
  await db.query(sql`insert into customers (workspace_id, external_id, email)
    values (${ws}, 'K-1', 'kateryna@example.ua')`)
})
afterAll(async () => db.close())

const upload = (csv: string, query: string) =>
  owner.request('POST', `/api/v1/workspaces/${ws}/imports?kind=responses&fileName=answers.csv${query}`, csv, {
    'content-type': 'text/csv',
  })

async function runQueuedJob(): Promise<void> {
  const jobs = await db.query<{ id: string; runId: string }>(sql`update jobs set status = 'running'
    where kind = ${IMPORT_FILE_JOB} and status = 'pending' returning id, payload->>'runId' as "runId"`)
  for (const job of jobs) await runImportFile(db, job.runId, job.id, responsesFileImport)
}

describe('suggested response mappings', () => {
  test("Delighted's export: response id, score, comment, timestamp and e-mail", () => {
    const headers = ['Response ID', 'Email', 'Name', 'Score', 'Comment', 'Response Timestamp', 'Tags']
    expect(suggestResponseMapping(headers, definition)).toEqual({
      response_id: 'Response ID',
      email: 'Email',
      answered_at: 'Response Timestamp',
      nps: 'Score',
      comment: 'Comment',
    })
  })

  test("SurveyMonkey's export: respondent id, end date, and each question's own text", () => {
    const headers = [
      'Respondent ID',
      'Start Date',
      'End Date',
      'Email Address',
      'Recommend?',
      'I trust them',
      'Why?',
    ]
    expect(suggestResponseMapping(headers, definition)).toEqual({
      response_id: 'Respondent ID',
      answered_at: 'End Date',
      email: 'Email Address',
      nps: 'Recommend?',
      'forces.trust': 'I trust them',
      comment: 'Why?',
    })
  })

  test('the question ids themselves win over the names of other tools', () => {
    expect(suggestResponseMapping(['id', 'response_id', 'nps', 'Score'], definition)).toEqual({
      response_id: 'response_id',
      nps: 'nps',
    })
  })
})

describe('the wizard with a responses file', () => {
  test('a Delighted-style file is mapped, imported with its bad line reported and downloadable, and the mapping kept', async () => {
    const csv = [
      'Response ID;Email;Score;Comment;Response Timestamp;Tags',
      'd1;kateryna@example.ua;9;Fast;07.03.2026;vip',
      'd2;someone@example.com;12;Too slow;08.03.2026;',
      'd3;kateryna@example.ua;3;"late,\nagain";09.03.2026;',
    ].join('\n')
    const uploaded = await upload(csv, `&survey=${surveyId}`)
    expect(uploaded.status).toBe(201)
    const preview = (await uploaded.json()) as {
      run: { id: string; kind: string; surveyId: string }
      delimiter: string
      columns: string[]
      required: string[]
      mapping: Record<string, string>
      dateFormat: string
    }
    expect(preview.run).toMatchObject({ kind: 'responses', surveyId })
    expect(preview.delimiter).toBe(';')
    expect(preview.columns).toEqual([
      'response_id',
      'customer_id',
      'email',
      'answered_at',
      'channel',
      'touchpoint',
      'language',
      'nps',
      'csat',
      'ces',
      'speed',
      'forces.trust',
      'comment',
    ])
    expect(preview.required).toEqual(['response_id', 'answered_at'])
    expect(preview.mapping).toMatchObject({
      response_id: 'Response ID',
      nps: 'Score',
      answered_at: 'Response Timestamp',
    })
    expect(preview.dateFormat).toBe('DD.MM.YYYY')
    const start = (body: unknown) =>
      owner.json<{ status: string }>('POST', `/api/v1/workspaces/${ws}/imports/${preview.run.id}/start`, body)
    const noCustomer = await start({
      columns: { response_id: 'Response ID', answered_at: 'Response Timestamp', nps: 'Score' },
      dateFormat: 'DD.MM.YYYY',
    })
    expect(noCustomer.status).toBe(400)
    const started = await start({ columns: preview.mapping, dateFormat: preview.dateFormat, save: true })
    expect(started.status).toBe(202)
    await runQueuedJob()
    const run = await owner.json<{ status: string; report: Record<string, unknown> }>(
      'GET',
      `/api/v1/workspaces/${ws}/imports/${preview.run.id}`,
    )
    expect(run.body.status).toBe('done')
    // d2's score is off the 0–10 scale; d3's comment spans two physical lines (3 and 4). Tags is left out.
    expect(run.body.report).toMatchObject({ read: 3, imported: 2, unchanged: 0, skipped: 1, unlinked: 0 })
    expect(run.body.report.errors).toEqual([{ line: 3, field: 'nps', message: 'must be between 0 and 10' }])
    const stored = await db.query<{ answers: Record<string, unknown>; at: string }>(sql`select answers,
        to_char(completed_at at time zone 'UTC', 'YYYY-MM-DD') as at
      from responses where survey_id = ${surveyId} order by client_id`)
    expect(stored).toEqual([
      { answers: { nps: 9, comment: 'Fast' }, at: '2026-03-07' },
      { answers: { nps: 3, comment: 'late,\nagain' }, at: '2026-03-09' },
    ])
    const bad = await owner.request('GET', `/api/v1/workspaces/${ws}/imports/${preview.run.id}/bad-lines.csv`)
    expect((await bad.text()).trim().split('\n')).toEqual([
      'line,field,error,Response ID,Email,Score,Comment,Response Timestamp,Tags',
      '3,nps,must be between 0 and 10,d2,someone@example.com,12,Too slow,08.03.2026,',
    ])
    // The next file of the same shape gets the saved mapping.
    const again = (await (await upload(csv, `&survey=${surveyId}`)).json()) as {
      savedMapping: boolean
      mapping: Record<string, string>
    }
    expect(again.savedMapping).toBe(true)
    expect(again.mapping).toEqual(preview.mapping)
  })

  test('a responses file needs a survey of the workspace', async () => {
    const missing = await upload('a,b\n1,2', '')
    expect(missing.status).toBe(400)
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain('survey')
    const unknown = await upload('a,b\n1,2', '&survey=00000000-0000-4000-8000-000000000000')
    expect(unknown.status).toBe(404)
  })
})
