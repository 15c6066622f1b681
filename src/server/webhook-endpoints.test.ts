import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { type client, setUp, testApp } from './test-client.js'

// A webhook endpoint is a URL anyone with the manager role types in: it may not point the server at itself or
// at the private network it runs in (unless RAPPORT_WEBHOOK_ALLOW_PRIVATE says the receivers live there).

let db: Db
let owner: ReturnType<typeof client>
let hooks = ''

beforeAll(async () => {
  const made = await testApp()
  db = made.db
  const set = await setUp(made.app)
  owner = set.owner
  hooks = `/api/v1/workspaces/${set.workspaceId}/webhook-endpoints`
})
afterAll(async () => {
  await db.close()
})

test.each([
  'http://127.0.0.1:5432/',
  'http://[::1]/hooks',
  'http://169.254.169.254/latest/meta-data',
  'http://10.0.0.5/hooks',
  'http://localhost:4400/api/v1/setup',
  'https://metadata.google.internal/',
])('%s is refused with a 400 naming url, and nothing is stored', async (url) => {
  const refused = await owner.json<{ error: { message: string; details: { field: string }[] } }>(
    'POST',
    hooks,
    {
      url,
      events: ['case.opened'],
    },
  )
  expect(refused.status).toBe(400)
  expect(refused.body.error.details).toEqual([expect.objectContaining({ field: 'url' })])
  const listed = await owner.json<{ items: unknown[] }>('GET', hooks)
  expect(listed.body.items).toEqual([])
})

test('a public receiver is accepted', async () => {
  const created = await owner.json<{ url: string }>('POST', hooks, {
    url: 'https://hooks.example.com/rapport',
    events: ['case.opened'],
  })
  expect(created.status).toBe(201)
  expect(created.body.url).toBe('https://hooks.example.com/rapport')
})
