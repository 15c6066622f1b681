import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { client, setUp, testApp } from '../server/test-client.js'
import { createTestSurvey } from './insight-fixture.js'

// A store manager limited to one org unit sees the metrics of their unit and below, nothing else.

let db: Db
let app: Awaited<ReturnType<typeof testApp>>['app']
let owner: ReturnType<typeof client>
let ws: string

beforeAll(async () => {
  ;({ app, db } = await testApp())
  ;({ owner, workspaceId: ws } = await setUp(app))
})
afterAll(async () => {
  await db.close()
})

test('imported answers take their customer’s org unit, and a manager sees only their unit’s numbers', async () => {
  const unit = async (code: string, parentCode?: string) =>
    (
      await owner.json<{ id: string }>('POST', `/api/v1/workspaces/${ws}/org-units`, {
        code,
        name: code,
        parentCode,
      })
    ).body.id
  const north = await unit('north')
  await unit('kyiv-1', 'north')
  await unit('south')
  await owner.json('POST', `/api/v1/workspaces/${ws}/ingest/customers`, {
    records: [
      { customer_id: 'k-1', org_unit: 'kyiv-1' },
      { customer_id: 's-1', org_unit: 'south' },
    ],
  })
  const survey = await createTestSurvey(db, ws, 'store visit')
  const csv = [
    'response_id,customer_id,answered_at,nps',
    'a,k-1,2026-04-01,10',
    'b,k-1,2026-04-02,9',
    'c,k-1,2026-04-03,5',
    'd,s-1,2026-04-01,0',
    'e,s-1,2026-04-02,0',
  ].join('\n')
  const imported = await owner.request(
    'POST',
    `/api/v1/workspaces/${ws}/ingest/responses?survey=${survey.id}`,
    csv,
    {
      'content-type': 'text/csv',
    },
  )
  expect(imported.status).toBe(200)
  await owner.json('POST', `/api/v1/workspaces/${ws}/members`, {
    email: 'manager@acme.test',
    name: 'Mykola Manager',
    password: 'manager password',
    role: 'viewer',
    orgUnitId: north,
  })
  const manager = client(app)
  await manager.json('POST', '/api/v1/auth/login', {
    email: 'manager@acme.test',
    password: 'manager password',
  })

  type Body = { rows: { orgUnitName?: string; n: number; value: number }[] }
  const path = `/api/v1/workspaces/${ws}/insights/metrics?metric=nps&npsKind=transactional`
  const everything = await owner.json<Body>('GET', path)
  expect(everything.body.rows.map((r) => [r.n, r.value])).toEqual([[5, -20]])
  const seen = await manager.json<Body>('GET', path)
  // Kyiv: 2 promoters and 1 detractor of 3 → 33.3…
  expect(seen.body.rows.map((r) => [r.n, r.value])).toEqual([[3, (100 * 1) / 3]])
  const units = await manager.json<Body>('GET', `${path}&by=orgUnit`)
  expect(units.body.rows.map((r) => [r.orgUnitName, r.n])).toEqual([
    ['north', 3],
    ['kyiv-1', 3],
  ])
  const csv2 = await (
    await manager.request(
      'GET',
      `/api/v1/workspaces/${ws}/insights/metrics.csv?metric=nps&npsKind=transactional&by=orgUnit`,
    )
  ).text()
  expect(csv2).not.toContain('south')
  // A viewer may read but not import.
  const refused = await manager.request(
    'POST',
    `/api/v1/workspaces/${ws}/ingest/responses?survey=${survey.id}`,
    csv,
    {
      'content-type': 'text/csv',
    },
  )
  expect(refused.status).toBe(403)
})

test('an importer limited to a unit links no answer to a customer outside it, and files the rest under their unit', async () => {
  const unit = async (code: string) =>
    (await owner.json<{ id: string }>('POST', `/api/v1/workspaces/${ws}/org-units`, { code, name: code }))
      .body.id
  const east = await unit('east')
  const west = await unit('west')
  await owner.json('POST', `/api/v1/workspaces/${ws}/ingest/customers`, {
    records: [
      { customer_id: 'e-1', email: 'e1@east.test', org_unit: 'east' },
      { customer_id: 'w-1', email: 'w1@west.test', org_unit: 'west' },
    ],
  })
  await owner.json('POST', `/api/v1/workspaces/${ws}/members`, {
    email: 'east-analyst@acme.test',
    name: 'Olena East',
    password: 'east analyst password',
    role: 'analyst',
    orgUnitId: east,
  })
  const analyst = client(app)
  await analyst.json('POST', '/api/v1/auth/login', {
    email: 'east-analyst@acme.test',
    password: 'east analyst password',
  })
  const survey = await createTestSurvey(db, ws, 'east import')
  const csv = [
    'response_id,customer_id,email,answered_at,nps',
    'in,e-1,,2026-04-01,10',
    'out-id,w-1,,2026-04-01,0',
    'out-email,,w1@west.test,2026-04-01,0',
    'nobody,n-1,,2026-04-01,5',
  ].join('\n')
  const imported = await analyst.request(
    'POST',
    `/api/v1/workspaces/${ws}/ingest/responses?survey=${survey.id}`,
    csv,
    { 'content-type': 'text/csv' },
  )
  // The outside customer is as unknown to the importer as one that does not exist.
  expect(await imported.json()).toMatchObject({ imported: 4, unlinked: 3 })
  const rows = await db.query<{ client_id: string; customer: string | null; unit: string | null }>(
    sql`select r.client_id, c.external_id as customer, r.org_unit_id as unit from responses r
      left join customers c on c.id = r.customer_id where r.survey_id = ${survey.id} order by r.client_id`,
  )
  expect(
    rows.map((r) => [r.client_id, r.customer, r.unit === east ? 'east' : r.unit === west ? 'west' : r.unit]),
  ).toEqual([
    ['import:in', 'e-1', 'east'],
    ['import:nobody', null, 'east'],
    ['import:out-email', null, 'east'],
    ['import:out-id', null, 'east'],
  ])
})
