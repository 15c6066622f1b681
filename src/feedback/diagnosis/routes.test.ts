import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOrgUnit } from '../../access/org-units.js'
import { createUser, setMembership } from '../../access/users.js'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { client, setUp, testApp } from '../../server/test-client.js'
import { createSurvey } from '../../surveys/surveys.js'
import { relationalNps } from '../../surveys/templates/nps-templates.js'

// The diagnosis over HTTP, on segments computed by the real recomputation. The RFM scores are those worked by
// hand in src/segments/routes.test.ts (as of 2024-04-01): a R4 F4, b R5 F2, c R2 F1, d R1 F4. Relational NPS:
// a 10, b 2, d 9, c never answered. By hand, under the defaults (F ≥ 4 and R ≥ 3):
//   a high × high → true loyalty (30); b low × low → no loyalty (40); d high × low (R1) → latent (15);
//   c → unknown (100).
const orders = [
  ['a', '2024-01-05', '10'],
  ['a', '2024-02-05', '10'],
  ['a', '2024-03-05', '10'],
  ['b', '2024-01-10', '20'],
  ['b', '2024-03-10', '20'],
  ['c', '2024-02-01', '100'],
  ['d', '2024-01-01', '5'],
  ['d', '2024-01-11', '5'],
  ['d', '2024-01-21', '5'],
].map(([customer_id, day, amount], i) => ({
  customer_id,
  order_id: `o${i}`,
  ordered_at: `${day}T10:00:00Z`,
  amount,
}))

let db: Db
let app: Awaited<ReturnType<typeof testApp>>['app']
let owner: ReturnType<typeof client>
let ws: string
let base: string
const ids: Record<string, string> = {}
const units: Record<string, string> = {}

beforeAll(async () => {
  ;({ app, db } = await testApp())
  ;({ owner, workspaceId: ws } = await setUp(app))
  base = `/api/v1/workspaces/${ws}/diagnosis`
  units.riga = (await createOrgUnit(db, ws, { code: 'riga', name: 'Riga' })).id
  units.vilnius = (await createOrgUnit(db, ws, { code: 'vilnius', name: 'Vilnius' })).id
  await owner.json('POST', `/api/v1/workspaces/${ws}/ingest/customers`, {
    records: [
      { customer_id: 'a', name: 'Anna', org_unit: 'riga' },
      { customer_id: 'b', org_unit: 'riga' },
      { customer_id: 'c', org_unit: 'vilnius' },
      { customer_id: 'd' },
    ],
  })
  await owner.json('POST', `/api/v1/workspaces/${ws}/ingest/orders`, { records: orders })
  const run = await owner.json('POST', `/api/v1/workspaces/${ws}/segments/recompute`, { asOf: '2024-04-01' })
  expect(run.status).toBe(200)
  for (const row of await db.query<{ id: string; external_id: string }>(
    sql`select id, external_id from customers where workspace_id = ${ws}`,
  ))
    ids[row.external_id] = row.id
  const survey = await createSurvey(db, ws, {
    name: 'Relationship',
    touchpoint: 'relationship',
    npsKind: 'relational',
    definition: relationalNps.definition,
    status: 'active',
  })
  for (const [customer, score] of [
    ['a', 10],
    ['b', 2],
    ['d', 9],
  ] as const)
    await db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, customer_id, language,
        channel, touchpoint, nps_kind, answers, completed_at)
      values (${ws}, ${survey.id}, 1, ${`c-${customer}`}, ${ids[customer]}, 'en', 'email', 'relationship', 'relational',
        ${JSON.stringify({ nps: score })}::jsonb, now())`)
})
afterAll(async () => {
  await db.close()
})

type Cell = { quadrant: string; customers: number; revenue: string }
const cellsOf = (body: { cells: Cell[] }) =>
  Object.fromEntries(body.cells.map((c) => [c.quadrant, [c.customers, c.revenue]]))

describe('loyalty diagnosis API', () => {
  test('the matrix counts and sums every quadrant, with the RFM date and the thresholds in force', async () => {
    const { status, body } = await owner.json<{
      cells: Cell[]
      asOf: string
      settings: { patronageFMin: number }
    }>('GET', base)
    expect(status).toBe(200)
    expect(body.asOf).toBe('2024-04-01')
    expect(body.settings.patronageFMin).toBe(4)
    const csv = await (await owner.request('GET', `${base}.csv`)).text()
    expect(csv).toBe(
      'quadrant,attitude,patronage,customers,revenue\ntrue_loyalty,high,high,1,30\nlatent_loyalty,high,low,1,15\n' +
        'spurious_loyalty,low,high,0,0\nno_loyalty,low,low,1,40\nunknown,,,1,100\n',
    )
    expect(cellsOf(body)).toEqual({
      true_loyalty: [1, '30'],
      latent_loyalty: [1, '15'],
      spurious_loyalty: [0, '0'],
      no_loyalty: [1, '40'],
      unknown: [1, '100'],
    })
  })

  test('a changed threshold applies at once: with R ≥ 1, d (R1 F4, NPS 9) is true loyalty', async () => {
    const put = await owner.json('PUT', `${base}/settings`, { patronageRMin: 1 })
    expect(put.status).toBe(200)
    expect(put.body).toMatchObject({ patronageRMin: 1, patronageFMin: 4, npsHighMin: 9 })
    const { body } = await owner.json<{ cells: Cell[] }>('GET', base)
    expect(cellsOf(body).true_loyalty).toEqual([2, '45'])
    expect((await owner.json('PUT', `${base}/settings`, {})).body).toMatchObject({ patronageRMin: 3 })
    const bad = await owner.json<{ error: { field?: string } }>('PUT', `${base}/settings`, { npsHighMin: 6 })
    expect([bad.status, JSON.stringify(bad.body)]).toEqual([400, expect.stringContaining('npsLowMax')])
  })

  test("a quadrant's customers, as a page and as CSV; one customer's diagnosis", async () => {
    const page = await owner.json<{ total: number; items: { externalId: string; quadrant: string }[] }>(
      'GET',
      `${base}/customers?quadrant=unknown`,
    )
    expect(page.body).toMatchObject({ total: 1, items: [{ externalId: 'c', quadrant: 'unknown' }] })
    const csv = await (await owner.request('GET', `${base}/customers.csv?quadrant=latent_loyalty`)).text()
    expect(csv.split('\n')[1]).toBe('d,,,latent_loyalty,high,nps,high,9,,low,1,4,15')
    const one = await owner.json('GET', `${base}/customers/${ids.a}`)
    expect(one.body).toMatchObject({ quadrant: 'true_loyalty', nps: 10, r: 4, f: 4, monetary: '30' })
    expect((await owner.json('GET', `${base}/customers/not-a-uuid`)).status).toBe(404)
    expect((await owner.json('GET', `${base}/customers?quadrant=loyal`)).status).toBe(400)
  })

  test('the customers and their CSV sort by a column; an unknown column is a 400 naming sort', async () => {
    // By hand: revenue d 15, a 30, b 40, c 100; R F: d 14, c 21, a 44, b 52.
    const page = await owner.json<{ items: { externalId: string }[] }>(
      'GET',
      `${base}/customers?sort=revenue&dir=asc`,
    )
    expect(page.body.items.map((i) => i.externalId)).toEqual(['d', 'a', 'b', 'c'])
    const csv = await (await owner.request('GET', `${base}/customers.csv?sort=rf&dir=desc`)).text()
    expect(
      csv
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['b', 'a', 'c', 'd'])
    for (const path of ['/customers?sort=monetary', '/customers.csv?sort=d.monetary']) {
      const bad = await owner.json<{ error: { details: { field: string }[] } }>('GET', `${base}${path}`)
      expect(bad.status, path).toBe(400)
      expect(bad.body.error.details[0]?.field).toBe('sort')
    }
  })

  test('an org unit filter narrows the matrix; a member limited to a unit sees theirs and no other', async () => {
    const riga = await owner.json<{ cells: Cell[]; orgUnitId: string }>(
      'GET',
      `${base}?orgUnitId=${units.riga}`,
    )
    expect(riga.body.orgUnitId).toBe(units.riga)
    expect(cellsOf(riga.body)).toMatchObject({
      true_loyalty: [1, '30'],
      no_loyalty: [1, '40'],
      unknown: [0, '0'],
    })
    const [unit] = await db.query<{ organization_id: string }>(
      sql`select organization_id from workspaces where id = ${ws}`,
    )
    const user = await createUser(db, {
      organizationId: unit!.organization_id,
      email: 'vilnius@acme.test',
      name: 'Vilnius analyst',
      password: 'correct horse battery',
    })
    await setMembership(db, { workspaceId: ws, userId: user.id, role: 'analyst', orgUnitId: units.vilnius! })
    const vilnius = client(app)
    await vilnius.json('POST', '/api/v1/auth/login', {
      email: 'vilnius@acme.test',
      password: 'correct horse battery',
    })
    const mine = await vilnius.json<{ cells: Cell[] }>('GET', base)
    expect(cellsOf(mine.body).unknown).toEqual([1, '100'])
    expect(mine.body.cells.reduce((n, c) => n + c.customers, 0)).toBe(1)
    expect((await vilnius.json('GET', `${base}?orgUnitId=${units.riga}`)).status).toBe(404)
    expect((await vilnius.json('GET', `${base}/customers/${ids.a}`)).status).toBe(404)
    expect((await vilnius.json('PUT', `${base}/settings`, {})).status).toBe(403)
  })
})
