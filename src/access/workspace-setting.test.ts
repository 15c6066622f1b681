import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { client, setUp, testApp } from '../server/test-client.js'

// Every workspace-wide setting: read by any member, changed only by a manager of the whole workspace, and each
// change leaves one audit entry.

const settings = [
  '/segments/settings',
  '/survey-delivery/settings',
  '/survey-delivery/consent',
  '/insights/settings',
  '/privacy/settings',
  '/loyalty/settings',
  '/diagnosis/settings',
]

let db: Db
let app: Awaited<ReturnType<typeof testApp>>['app']
let owner: ReturnType<typeof client>
let limitedAdmin: ReturnType<typeof client>
let ws: string

beforeAll(async () => {
  ;({ app, db } = await testApp())
  ;({ owner, workspaceId: ws } = await setUp(app))
  const unit = await owner.json<{ id: string }>('POST', `/api/v1/workspaces/${ws}/org-units`, {
    code: 'north',
    name: 'North',
  })
  await owner.json('POST', `/api/v1/workspaces/${ws}/members`, {
    email: 'north-admin@acme.test',
    name: 'North Admin',
    password: 'north admin password',
    role: 'admin',
    orgUnitId: unit.body.id,
  })
  limitedAdmin = client(app)
  await limitedAdmin.json('POST', '/api/v1/auth/login', {
    email: 'north-admin@acme.test',
    password: 'north admin password',
  })
})
afterAll(async () => {
  await db.close()
})

const audits = async () => {
  const [row] = await db.query<{ n: number }>(
    sql`select count(*)::int as n from audit_log where workspace_id = ${ws} and action = 'update'`,
  )
  return row?.n ?? 0
}

test('the list above names every setting the API serves', async () => {
  const doc = await owner.json<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/openapi.json')
  const served = Object.entries(doc.body.paths)
    .filter(
      ([path, ops]) => path.startsWith('/api/v1/workspaces/{workspaceId}/') && 'get' in ops && 'put' in ops,
    )
    .map(([path]) => path.replace('/api/v1/workspaces/{workspaceId}', ''))
    .filter((path) => /\/(settings|consent)$/.test(path))
  expect(served.sort()).toEqual([...settings].sort())
})

test.each(settings)('%s: any member reads it, a unit-limited admin may not change it', async (path) => {
  const url = `/api/v1/workspaces/${ws}${path}`
  const read = await limitedAdmin.json('GET', url)
  expect(read.status).toBe(200)
  const before = await audits()
  const refused = await limitedAdmin.json('PUT', url, read.body)
  expect(refused.status).toBe(403)
  expect(await audits()).toBe(before)
})

test.each(settings)('%s: the owner saves it back unchanged, with one audit entry', async (path) => {
  const url = `/api/v1/workspaces/${ws}${path}`
  const read = await owner.json('GET', url)
  const before = await audits()
  const saved = await owner.json('PUT', url, read.body)
  expect(saved.status, JSON.stringify(saved.body)).toBe(200)
  expect(saved.body).toEqual(read.body)
  expect(await audits()).toBe(before + 1)
})
