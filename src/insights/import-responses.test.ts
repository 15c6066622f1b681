import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { type client, setUp, testApp } from '../server/test-client.js'
import { createTestSurvey } from './insight-fixture.js'

let db: Db
let app: Awaited<ReturnType<typeof testApp>>['app']
let owner: ReturnType<typeof client>
let ws: string
let surveyId: string

beforeAll(async () => {
  ;({ app, db } = await testApp())
  ;({ owner, workspaceId: ws } = await setUp(app))
  surveyId = (await createTestSurvey(db, ws, 'delivery')).id
  await db.query(sql`insert into customers (workspace_id, external_id, email)
    values (${ws}, 'K-1', 'kateryna@example.ua'), (${ws}, 'K-2', null)`)
})
afterAll(async () => {
  await db.close()
})

const post = async (csv: string | Uint8Array, survey = surveyId) => {
  const response = await owner.request(
    'POST',
    `/api/v1/workspaces/${ws}/ingest/responses?survey=${survey}`,
    csv as string,
    {
      'content-type': 'text/csv',
    },
  )
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

const header = 'response_id,customer_id,email,answered_at,channel,language,nps,forces.trust,comment'

describe('POST ingest/responses', () => {
  test('good rows are stored, bad ones reported by line; importing again changes nothing', async () => {
    const csv = [
      header,
      'r1,K-1,,2026-03-01T10:00:00Z,email,en,9,6,"fine,\nreally"',
      'r2,,KATERYNA@example.ua,2026-03-02,,,10,,',
      'r3,K-2,,2026-02-31,,,5,,',
      'r4,K-2,,2026-03-03,,,11,,',
      'r5,K-2,,2026-03-03,fax,,5,,',
      'r6,nobody,,2026-03-04,,,0,,',
      'r7,K-2,,2026-03-04,,,,,',
      'r8,K-2,,2026-03-04,,,7,9,',
      'r9,K-2,,2026-03-04,,,7\u0000,,',
    ].join('\n')
    const first = await post(csv)
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ read: 9, imported: 3, unchanged: 0, unlinked: 1, skipped: 6 })
    // r1's comment holds a line break: the rows after it are one physical line further down.
    expect(first.body.errors).toEqual([
      { line: 5, field: 'answered_at', message: expect.any(String) },
      { line: 6, field: 'nps', message: 'must be between 0 and 10' },
      { line: 7, field: 'channel', message: expect.any(String) },
      { line: 9, field: null, message: 'the row answers no question' },
      { line: 10, field: 'forces.trust', message: 'must be between 1 and 7' },
      { line: 11, field: null, message: expect.stringContaining('NUL') },
    ])
    const stored = await db.query<{ client_id: string; external_id: string | null; answers: unknown }>(sql`
      select r.client_id, c.external_id, r.answers from responses r left join customers c on c.id = r.customer_id
      where r.workspace_id = ${ws} order by r.client_id`)
    expect(stored).toEqual([
      {
        client_id: 'import:r1',
        external_id: 'K-1',
        answers: { nps: 9, forces: { trust: 6 }, comment: 'fine,\nreally' },
      },
      { client_id: 'import:r2', external_id: 'K-1', answers: { nps: 10 } },
      { client_id: 'import:r6', external_id: null, answers: { nps: 0 } },
    ])
    const again = await post(csv)
    expect(again.body).toMatchObject({ imported: 0, unchanged: 3, skipped: 6 })
  })

  test('a column that is no question of the survey refuses the file, naming it', async () => {
    const { status, body } = await post('response_id,customer_id,answered_at,npz\nr1,K-1,2026-01-01,9')
    expect(status).toBe(400)
    expect(JSON.stringify(body)).toContain('npz')
  })

  test('an empty body, bytes that are not UTF-8 and an unknown survey are refused', async () => {
    expect((await post('')).status).toBe(400)
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode(`${header}\nr1,K-1,,2026-01-01,,,9,,caf`),
      0xe9,
    ])
    expect((await post(latin1)).status).toBe(400)
    expect((await post('x', '00000000-0000-0000-0000-000000000000')).status).toBe(404)
    expect((await post('x', 'bad%00slug')).status).toBe(400)
  })

  test('a body over 20 MB is a 413', async () => {
    const { status } = await post(`${header}\n${'x'.repeat(21 * 1024 * 1024)}`)
    expect(status).toBe(413)
  })
})
