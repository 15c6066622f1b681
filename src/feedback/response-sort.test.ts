import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { setUp, type TestClient, testApp } from '../server/test-client.js'
import { npsDefinition } from '../surveys/test-survey.js'

// Four responses worked by hand (r1…r4 are their ids in uuid order):
//   id  survey  customer  started  completed
//   r1  Beta    Bob       Jan 3    Jan 3
//   r2  Alpha   —         Jan 1    —
//   r3  Alpha   Ann       Jan 2    Jan 5
//   r4  Alpha   Cid       Jan 2    Jan 5
const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`
const names: Record<string, string> = { [id(1)]: 'r1', [id(2)]: 'r2', [id(3)]: 'r3', [id(4)]: 'r4' }

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`responses sorted on ${driver.name}`, () => {
    let db: Db
    let owner: TestClient
    let ws: string
    const list = async (query: string) =>
      (
        await owner.json<{ items: { id: string }[] }>('GET', `/api/v1/workspaces/${ws}/responses?${query}`)
      ).body.items.map((r) => names[r.id])
    const csv = async (query: string) =>
      (await (await owner.request('GET', `/api/v1/workspaces/${ws}/responses.csv?${query}`)).text())
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => names[line.split(',')[0] ?? ''])

    beforeAll(async () => {
      const made = await testApp(await driver.open())
      db = made.db
      ;({ owner, workspaceId: ws } = await setUp(made.app))
      const survey = async (name: string) =>
        (
          await owner.json<{ id: string }>('POST', `/api/v1/workspaces/${ws}/surveys`, {
            name,
            touchpoint: 'order_delivered',
            npsKind: 'transactional',
            definition: npsDefinition,
          })
        ).body.id
      const alpha = await survey('Alpha')
      const beta = await survey('Beta')
      const customer = async (name: string) =>
        (
          await db.query<{ id: string }>(sql`insert into customers (workspace_id, external_id, name)
            values (${ws}, ${name.toLowerCase()}, ${name}) returning id`)
        )[0]?.id ?? null
      const rows: [number, string, string | null, string, string | null][] = [
        [1, beta, await customer('Bob'), '2026-01-03', '2026-01-03'],
        [2, alpha, null, '2026-01-01', null],
        [3, alpha, await customer('Ann'), '2026-01-02', '2026-01-05'],
        [4, alpha, await customer('Cid'), '2026-01-02', '2026-01-05'],
      ]
      for (const [n, surveyId, customerId, started, completed] of rows)
        await db.query(sql`insert into responses (id, workspace_id, survey_id, survey_version, client_id,
            customer_id, language, channel, touchpoint, nps_kind, started_at, completed_at)
          values (${id(n)}, ${ws}, ${surveyId}, 1, ${`client-${n}`}, ${customerId}, 'en', 'link',
            'order_delivered', 'transactional', ${new Date(started)}, ${completed && new Date(completed)})`)
    })
    afterAll(async () => {
      await db?.close()
    })

    test('unsorted: the list newest first, the CSV oldest first; equal start times by id', async () => {
      expect(await list('')).toEqual(['r1', 'r4', 'r3', 'r2'])
      expect(await csv('')).toEqual(['r2', 'r3', 'r4', 'r1'])
    })

    test('by customer both ways: the one without a customer last; the CSV in the same order', async () => {
      expect(await list('sort=customer&dir=asc')).toEqual(['r3', 'r1', 'r4', 'r2'])
      expect(await list('sort=customer&dir=desc')).toEqual(['r4', 'r1', 'r3', 'r2'])
      expect(await list('sort=customer&dir=asc&limit=2&offset=2')).toEqual(['r4', 'r2'])
      expect(await csv('sort=customer&dir=desc')).toEqual(['r4', 'r1', 'r3', 'r2'])
    })

    test('by completion: the partial one last; equal times by id in the same direction', async () => {
      expect(await list('sort=completed&dir=asc')).toEqual(['r1', 'r3', 'r4', 'r2'])
      expect(await list('sort=completed&dir=desc')).toEqual(['r4', 'r3', 'r1', 'r2'])
      expect(await list('sort=survey')).toEqual(['r2', 'r3', 'r4', 'r1'])
    })

    test('a sort that is not a column is a 400 naming sort, on the list and the CSV', async () => {
      for (const path of ['responses', 'responses.csv']) {
        const response = await owner.json<{ error: { details: { field: string }[] } }>(
          'GET',
          `/api/v1/workspaces/${ws}/${path}?sort=answers;drop`,
        )
        expect(response.status).toBe(400)
        expect(response.body.error.details[0]?.field).toBe('sort')
      }
    })
  })
}
