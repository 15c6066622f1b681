import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { setUp, type TestClient, testApp } from '../server/test-client.js'
import { npsDefinition } from '../surveys/test-survey.js'

// A survey edited after it was answered: the answer is read against its own version (the detail's texts), and
// the CSV keeps a column for the question the new version dropped.

type Json = Record<string, unknown>
let db: Db
let owner: TestClient
let ws: string
let survey: Json
const api = () => `/api/v1/workspaces/${ws}`

beforeAll(async () => {
  const made = await testApp()
  db = made.db
  ;({ owner, workspaceId: ws } = await setUp(made.app))
  survey = (
    await owner.json<Json>('POST', `${api()}/surveys`, {
      name: 'Delivery',
      touchpoint: 'delivery',
      npsKind: 'transactional',
      definition: npsDefinition,
    })
  ).body
  await owner.json('PUT', `${api()}/surveys/${survey.id}`, { status: 'active' })
  const answered = await made.app.request(`/api/v1/public/surveys/${survey.slug}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientId: 'versions-client-1',
      version: 1,
      language: 'en',
      answers: { nps: 4, reason: 'price', comment: 'Too dear' },
      complete: true,
      continuationSecret: 'versions-secret-0123456789',
    }),
  })
  expect(answered.status).toBe(200)
  // Version 2 drops "reason" and asks "speed" instead.
  const next = structuredClone(npsDefinition) as typeof npsDefinition
  next.pages[1]!.questions[0] = {
    id: 'speed',
    type: 'csat',
    text: { en: 'How was the speed?', uk: 'Як щодо швидкості?' },
  } as unknown as (typeof next.pages)[1]['questions'][0]
  const v2 = await owner.json<Json>('PUT', `${api()}/surveys/${survey.id}`, { definition: next })
  expect(v2.body.currentVersion).toBe(2)
})

afterAll(async () => {
  await db?.close()
})

test('each version of a survey is there to read its answers against; a missing one is a 404', async () => {
  const v1 = await owner.json<{ version: number; definition: { pages: { questions: { id: string }[] }[] } }>(
    'GET',
    `${api()}/surveys/${survey.id}/versions/1`,
  )
  expect(v1.status).toBe(200)
  expect(v1.body.definition.pages[1]!.questions.map((q) => q.id)).toEqual(['reason', 'comment'])
  const v2 = await owner.json<{ definition: { pages: { questions: { id: string }[] }[] } }>(
    'GET',
    `${api()}/surveys/${survey.id}/versions/2`,
  )
  expect(v2.body.definition.pages[1]!.questions.map((q) => q.id)).toEqual(['speed', 'comment'])
  expect((await owner.json('GET', `${api()}/surveys/${survey.id}/versions/3`)).status).toBe(404)
  expect((await owner.json('GET', `${api()}/surveys/${survey.id}/versions/0`)).status).toBe(400)
})

test('the CSV of one survey has the current questions, then the dropped one with its answer', async () => {
  const csv = await (await owner.request('GET', `${api()}/responses.csv?surveyId=${survey.id}`)).text()
  const [header, row] = csv.trim().split('\n')
  expect(header!.split(',').slice(-5)).toEqual(['order_id', 'nps', 'speed', 'comment', 'reason'])
  expect(row!.split(',').slice(-4)).toEqual(['4', '', 'Too dear', 'price'])
})
