import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { client, setUp, testApp } from '../server/test-client.js'

let db: Db
let app: Awaited<ReturnType<typeof testApp>>['app']
let owner: ReturnType<typeof client>
let wsA: string
let wsB: string
let customerB: string
let keyA: string

beforeAll(async () => {
  ;({ app, db } = await testApp())
  ;({ owner, workspaceId: wsA } = await setUp(app))
  const created = await owner.json<{ id: string }>('POST', '/api/v1/workspaces', { name: 'Second shop' })
  wsB = created.body.id
  await owner.json('POST', `/api/v1/workspaces/${wsB}/ingest/customers`, {
    records: [{ customer_id: 'b-1', name: 'Bohdan B' }],
  })
  const list = await owner.json<{ items: { id: string }[] }>('GET', `/api/v1/workspaces/${wsB}/customers`)
  customerB = list.body.items[0]!.id
  const key = await owner.json<{ secret: string }>('POST', `/api/v1/workspaces/${wsA}/api-keys`, {
    name: 'sync',
    scopes: ['write'],
  })
  keyA = key.body.secret
})

afterAll(async () => {
  await db.close()
})

describe('setup and login', () => {
  test('setup runs once; afterwards it is refused and login works', async () => {
    expect((await owner.json('GET', '/api/v1/setup')).body).toEqual({ needsSetup: false })
    const again = await client(app).json('POST', '/api/v1/setup', {
      organizationName: 'X',
      workspaceName: 'Y',
      name: 'Z',
      email: 'z@z.test',
      password: 'another long secret',
    })
    expect(again.status).toBe(409)
    const visitor = client(app)
    const wrong = await visitor.json<{ error: { code: string } }>('POST', '/api/v1/auth/login', {
      email: 'owner@acme.test',
      password: 'wrong password',
    })
    expect(wrong.status).toBe(401)
    expect(wrong.body.error.code).toBe('invalid_credentials')
    const ok = await visitor.json<{ user: { email: string } }>('POST', '/api/v1/auth/login', {
      email: 'OWNER@acme.test',
      password: 'correct horse battery',
    })
    expect(ok.status).toBe(200)
    expect(ok.body.user.email).toBe('owner@acme.test')
    expect((await visitor.json('GET', '/api/v1/me')).status).toBe(200)
    expect((await visitor.json('POST', '/api/v1/auth/logout')).status).toBe(204)
    expect((await visitor.json('GET', '/api/v1/me')).status).toBe(401)
  })

  test('the session cookie is HttpOnly and passwords are stored hashed', async () => {
    const response = await client(app).request('POST', '/api/v1/auth/login', {
      email: 'owner@acme.test',
      password: 'correct horse battery',
    })
    expect(response.headers.get('set-cookie')).toMatch(/HttpOnly/i)
    const [row] = await db.query<{ password_hash: string }>(sql`select password_hash from users`)
    expect(row!.password_hash).toMatch(/^scrypt\$/)
    expect(row!.password_hash).not.toContain('correct horse')
  })

  test('a write with the session cookie but without the CSRF token is refused', async () => {
    const forged = await app.request(`/api/v1/workspaces/${wsA}/ingest/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: await sessionCookie() },
      body: JSON.stringify({ records: [{ customer_id: 'y' }] }),
    })
    expect(forged.status).toBe(403)
    expect(await db.query(sql`select 1 from customers where external_id = 'y'`)).toEqual([])
  })
})

async function sessionCookie(): Promise<string> {
  const response = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'owner@acme.test', password: 'correct horse battery' }),
  })
  return response.headers.get('set-cookie')!.split(';')[0]!
}

describe('workspace isolation', () => {
  const routesFor = (ws: string, customer: string) =>
    [
      ['GET', `/api/v1/workspaces/${ws}/customers`],
      ['GET', `/api/v1/workspaces/${ws}/customers.csv`],
      ['GET', `/api/v1/workspaces/${ws}/customers/${customer}`],
      ['GET', `/api/v1/workspaces/${ws}/customers/${customer}/timeline`],
      ['POST', `/api/v1/workspaces/${ws}/ingest/customers`, { records: [{ customer_id: 'intruder' }] }],
      [
        'POST',
        `/api/v1/workspaces/${ws}/ingest/orders`,
        { records: [{ customer_id: 'intruder', order_id: 'o', ordered_at: '2024-01-01', amount: '1' }] },
      ],
      [
        'POST',
        `/api/v1/workspaces/${ws}/ingest/events`,
        { records: [{ customer_id: 'intruder', type: 'visit', occurred_at: '2024-01-01' }] },
      ],
      ['GET', `/api/v1/workspaces/${ws}/org-units`],
      ['POST', `/api/v1/workspaces/${ws}/org-units`, { code: 'x', name: 'X' }],
      ['GET', `/api/v1/workspaces/${ws}/members`],
      ['GET', `/api/v1/workspaces/${ws}/api-keys`],
      ['GET', `/api/v1/workspaces/${ws}/audit`],
      ['GET', `/api/v1/workspaces/${ws}/webhook-sources`],
    ] as const

  test("an API key of workspace A gets 404 on every route for workspace B's objects", async () => {
    const withKey = client(app, { bearer: keyA })
    for (const [method, path, body] of routesFor(wsB, customerB)) {
      const response = await withKey.request(method, path, body)
      expect(response.status, `${method} ${path}`).toBe(404)
    }
    expect(await db.query(sql`select 1 from customers where external_id = 'intruder'`)).toEqual([])
  })

  test("a person who belongs only to workspace A gets 404 on every route for workspace B's objects", async () => {
    const added = await owner.json('POST', `/api/v1/workspaces/${wsA}/members`, {
      email: 'analyst@acme.test',
      name: 'Anna Analyst',
      password: 'analyst password',
      role: 'admin',
    })
    expect(added.status).toBe(201)
    const analyst = client(app)
    await analyst.json('POST', '/api/v1/auth/login', {
      email: 'analyst@acme.test',
      password: 'analyst password',
    })
    for (const [method, path, body] of routesFor(wsB, customerB)) {
      const response = await analyst.request(method, path, body)
      expect(response.status, `${method} ${path}`).toBe(404)
    }
    // B's customer is not reachable through A's path either.
    const crossed = await analyst.request('GET', `/api/v1/workspaces/${wsA}/customers/${customerB}`)
    expect(crossed.status).toBe(404)
    expect(await db.query(sql`select 1 from customers where external_id = 'intruder'`)).toEqual([])
  })

  test('a revoked key stops working; a key never manages the workspace', async () => {
    const created = await owner.json<{ id: string; secret: string }>(
      'POST',
      `/api/v1/workspaces/${wsA}/api-keys`,
      {
        name: 'temp',
        scopes: ['read'],
      },
    )
    const temp = client(app, { bearer: created.body.secret })
    expect((await temp.request('GET', `/api/v1/workspaces/${wsA}/customers`)).status).toBe(200)
    expect(
      (
        await temp.request('POST', `/api/v1/workspaces/${wsA}/ingest/customers`, {
          records: [{ customer_id: 'r' }],
        })
      ).status,
    ).toBe(403)
    expect(
      (await client(app, { bearer: keyA }).request('GET', `/api/v1/workspaces/${wsA}/api-keys`)).status,
    ).toBe(403)
    expect(
      (await owner.request('DELETE', `/api/v1/workspaces/${wsA}/api-keys/${created.body.id}`)).status,
    ).toBe(204)
    expect((await temp.request('GET', `/api/v1/workspaces/${wsA}/customers`)).status).toBe(401)
    const [stored] = await db.query<{ key_hash: string }>(
      sql`select key_hash from api_keys where id = ${created.body.id}`,
    )
    expect(stored!.key_hash).not.toContain(created.body.secret)
  })
})

describe('org unit scoping', () => {
  test('a store manager sees the customers of their unit and below, nothing else', async () => {
    const unit = (code: string, name: string, parentCode?: string) =>
      owner.json<{ id: string }>('POST', `/api/v1/workspaces/${wsA}/org-units`, {
        code,
        name,
        kind: 'store',
        parentCode,
      })
    const north = await unit('north', 'North region', 'company')
    await unit('kyiv-1', 'Kyiv store 1', 'north')
    await unit('south', 'South region', 'company')
    await owner.json('POST', `/api/v1/workspaces/${wsA}/ingest/customers`, {
      records: [
        { customer_id: 'n-1', name: 'North direct', org_unit: 'north' },
        { customer_id: 'k-1', name: 'Kyiv shopper', org_unit: 'kyiv-1' },
        { customer_id: 's-1', name: 'South shopper', org_unit: 'south' },
        { customer_id: 'none-1', name: 'Nowhere shopper' },
      ],
    })
    await owner.json('POST', `/api/v1/workspaces/${wsA}/members`, {
      email: 'manager@acme.test',
      name: 'Mykola Manager',
      password: 'manager password',
      role: 'viewer',
      orgUnitId: north.body.id,
    })
    const manager = client(app)
    await manager.json('POST', '/api/v1/auth/login', {
      email: 'manager@acme.test',
      password: 'manager password',
    })
    const seen = await manager.json<{ items: { externalId: string; id: string }[]; total: number }>(
      'GET',
      `/api/v1/workspaces/${wsA}/customers?limit=500`,
    )
    expect(seen.body.items.map((c) => c.externalId).sort()).toEqual(['k-1', 'n-1'])
    expect(seen.body.total).toBe(2)
    const all = await owner.json<{ items: { externalId: string; id: string }[] }>(
      'GET',
      `/api/v1/workspaces/${wsA}/customers?limit=500`,
    )
    const south = all.body.items.find((c) => c.externalId === 's-1')!
    expect((await manager.request('GET', `/api/v1/workspaces/${wsA}/customers/${south.id}`)).status).toBe(404)
    expect(
      (await manager.request('GET', `/api/v1/workspaces/${wsA}/customers/${south.id}/timeline`)).status,
    ).toBe(404)
    const csv = await (await manager.request('GET', `/api/v1/workspaces/${wsA}/customers.csv`)).text()
    expect(csv).toContain('Kyiv shopper')
    expect(csv).not.toContain('South shopper')
    // A viewer may not import.
    expect(
      (
        await manager.request('POST', `/api/v1/workspaces/${wsA}/ingest/customers`, {
          records: [{ customer_id: 'm' }],
        })
      ).status,
    ).toBe(403)
  })
})

test('the audit log records who changed what', async () => {
  const audit = await owner.json<{
    items: { action: string; entityType: string; actorName: string | null }[]
  }>('GET', `/api/v1/workspaces/${wsA}/audit?limit=500`)
  const actions = audit.body.items.map((e) => `${e.action}:${e.entityType}`)
  expect(actions).toContain('setup:workspace')
  expect(actions).toContain('create:api_key')
  expect(actions).toContain('revoke:api_key')
  expect(actions).toContain('add_member:user')
  expect(audit.body.items.find((e) => e.action === 'create' && e.entityType === 'api_key')!.actorName).toBe(
    'Olena Owner',
  )
})
