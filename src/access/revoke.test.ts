import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { client, ownerInput, setUp, testApp } from '../server/test-client.js'

// Taking access back: every change holds from the very next request.

let db: Db
let app: Awaited<ReturnType<typeof testApp>>['app']
let owner: ReturnType<typeof client>
let ws: string
let northUnit: string
const ids: Record<string, string> = {}

async function login(email: string, password: string) {
  const person = client(app)
  const response = await person.json('POST', '/api/v1/auth/login', { email, password })
  expect(response.status, `login ${email}`).toBe(200)
  return person
}

async function addMember(role: string, email: string, orgUnitId?: string) {
  const added = await owner.json<{ userId: string }>('POST', `/api/v1/workspaces/${ws}/members`, {
    email,
    name: email.split('@')[0],
    password: `${email} password`,
    role,
    orgUnitId,
  })
  expect(added.status, `add ${email}`).toBe(201)
  ids[email] = added.body.userId
  return login(email, `${email} password`)
}

const member = (email: string) => `/api/v1/workspaces/${ws}/members/${ids[email]}`
const customers = () => `/api/v1/workspaces/${ws}/customers`
const ingest = () => `/api/v1/workspaces/${ws}/ingest/customers`

beforeAll(async () => {
  ;({ app, db } = await testApp())
  ;({ owner, workspaceId: ws } = await setUp(app))
  const [me] = await db.query<{ id: string }>(sql`select id from users where email = ${ownerInput.email}`)
  ids[ownerInput.email] = me?.id ?? ''
  const north = await owner.json<{ id: string }>('POST', `/api/v1/workspaces/${ws}/org-units`, {
    code: 'north',
    name: 'North',
    parentCode: 'company',
  })
  northUnit = north.body.id
  await owner.json('POST', `/api/v1/workspaces/${ws}/org-units`, {
    code: 'south',
    name: 'South',
    parentCode: 'company',
  })
  await owner.json('POST', ingest(), {
    records: [
      { customer_id: 'n-1', org_unit: 'north' },
      { customer_id: 's-1', org_unit: 'south' },
    ],
  })
})

afterAll(async () => {
  await db.close()
})

describe('creating a workspace', () => {
  test('a viewer, an analyst or a unit-limited admin may not; an owner or admin may', async () => {
    const create = (who: ReturnType<typeof client>) =>
      who.request('POST', '/api/v1/workspaces', { name: 'Another shop' })
    const viewer = await addMember('viewer', 'ws-viewer@acme.test')
    const analyst = await addMember('analyst', 'ws-analyst@acme.test')
    const limitedAdmin = await addMember('admin', 'ws-limited@acme.test', northUnit)
    const admin = await addMember('admin', 'ws-admin@acme.test')
    const before = await db.query(sql`select 1 from workspaces`)
    expect((await create(viewer)).status).toBe(403)
    expect((await create(analyst)).status).toBe(403)
    expect((await create(limitedAdmin)).status).toBe(403)
    expect(await db.query(sql`select 1 from workspaces`)).toHaveLength(before.length)
    expect((await create(admin)).status).toBe(201)
    const byOwner = await owner.json<{ id: string }>('POST', '/api/v1/workspaces', { name: 'Third shop' })
    expect(byOwner.status).toBe(201)
    const [membership] = await db.query<{ role: string }>(
      sql`select role from memberships where workspace_id = ${byOwner.body.id} and user_id = ${ids[ownerInput.email]}`,
    )
    expect(membership?.role).toBe('owner')
  })
})

describe('members', () => {
  test("a removed member's session gets 404 there on the very next request; with no workspace left it ends", async () => {
    const twice = await addMember('analyst', 'twice@acme.test')
    const other = await owner.json<{ id: string }>('POST', '/api/v1/workspaces', { name: 'Second home' })
    await db.query(sql`insert into memberships (workspace_id, user_id, role)
      values (${other.body.id}, ${ids['twice@acme.test']}, 'viewer')`)
    expect((await twice.request('GET', customers())).status).toBe(200)
    expect((await owner.request('DELETE', member('twice@acme.test'))).status).toBe(204)
    expect((await twice.request('GET', customers())).status).toBe(404)
    expect((await twice.request('POST', ingest(), { records: [{ customer_id: 'x' }] })).status).toBe(404)
    expect((await twice.request('GET', `/api/v1/workspaces/${other.body.id}/customers`)).status).toBe(200)

    const gone = await addMember('analyst', 'gone@acme.test')
    expect((await gone.request('GET', customers())).status).toBe(200)
    expect((await owner.request('DELETE', member('gone@acme.test'))).status).toBe(204)
    expect((await gone.request('GET', customers())).status).toBe(401)
    expect((await gone.request('GET', '/api/v1/me')).status).toBe(401)
    expect((await owner.request('DELETE', member('gone@acme.test'))).status).toBe(404)
    expect(await db.query(sql`select 1 from customers where external_id = 'x'`)).toEqual([])
  })

  test('a lowered role and a narrowed org unit hold from the next request', async () => {
    const changing = await addMember('analyst', 'changing@acme.test')
    expect((await changing.request('POST', ingest(), { records: [{ customer_id: 'c-1' }] })).status).toBe(200)
    const lowered = await owner.json<{ role: string }>('PATCH', member('changing@acme.test'), {
      role: 'viewer',
    })
    expect(lowered.status).toBe(200)
    expect(lowered.body.role).toBe('viewer')
    expect((await changing.request('POST', ingest(), { records: [{ customer_id: 'c-2' }] })).status).toBe(403)
    const narrowed = await owner.request('PATCH', member('changing@acme.test'), { orgUnitId: northUnit })
    expect(narrowed.status).toBe(200)
    const seen = await changing.json<{ items: { externalId: string }[] }>('GET', customers())
    expect(seen.body.items.map((c) => c.externalId)).toEqual(['n-1'])
    const widened = await owner.json<{ orgUnitId: string | null }>('PATCH', member('changing@acme.test'), {
      orgUnitId: null,
    })
    expect(widened.body.orgUnitId).toBeNull()
  })

  test('an admin cannot make an owner, nor change or remove one; a member cannot manage', async () => {
    const admin = await addMember('admin', 'admin@acme.test')
    await addMember('viewer', 'someone@acme.test')
    expect((await admin.request('PATCH', member('someone@acme.test'), { role: 'owner' })).status).toBe(403)
    expect((await admin.request('PATCH', member(ownerInput.email), { role: 'viewer' })).status).toBe(403)
    expect((await admin.request('DELETE', member(ownerInput.email))).status).toBe(403)
    expect((await admin.request('PATCH', member('someone@acme.test'), { role: 'analyst' })).status).toBe(200)
    const someone = await login('someone@acme.test', 'someone@acme.test password')
    expect((await someone.request('DELETE', member('admin@acme.test'))).status).toBe(403)
    const [owners] = await db.query<{ n: number }>(
      sql`select count(*)::int as n from memberships where workspace_id = ${ws} and role = 'owner'`,
    )
    expect(owners?.n).toBe(1)
  })

  test('an admin limited to a unit manages only inside it and cannot hand out the whole workspace', async () => {
    const unitAdmin = await addMember('admin', 'unit-admin@acme.test', northUnit)
    await addMember('viewer', 'everywhere@acme.test')
    await addMember('viewer', 'northern@acme.test', northUnit)
    expect((await unitAdmin.request('DELETE', member('everywhere@acme.test'))).status).toBe(403)
    expect((await unitAdmin.request('PATCH', member('northern@acme.test'), { orgUnitId: null })).status).toBe(
      403,
    )
    const added = await unitAdmin.request('POST', `/api/v1/workspaces/${ws}/members`, {
      email: 'escalated@acme.test',
      name: 'Escalated',
      password: 'escalated password',
      role: 'analyst',
    })
    expect(added.status).toBe(403)
    expect((await unitAdmin.request('PATCH', member('northern@acme.test'), { role: 'analyst' })).status).toBe(
      200,
    )
  })

  test('the last owner can be neither demoted nor removed, even by themselves', async () => {
    const demoted = await owner.json<{ error: { code: string } }>('PATCH', member(ownerInput.email), {
      role: 'admin',
    })
    expect(demoted.status).toBe(409)
    expect((await owner.request('DELETE', member(ownerInput.email))).status).toBe(409)
    await addMember('owner', 'second-owner@acme.test')
    expect((await owner.request('PATCH', member('second-owner@acme.test'), { role: 'admin' })).status).toBe(
      200,
    )
  })

  test('a bad member id or body is a 4xx naming the field', async () => {
    expect((await owner.request('DELETE', `/api/v1/workspaces/${ws}/members/not-a-uuid`)).status).toBe(404)
    const empty = await owner.json<{ error: { message: string } }>('PATCH', member('admin@acme.test'), {})
    expect(empty.status).toBe(400)
    const badRole = await owner.json<{ error: { message: string } }>('PATCH', member('admin@acme.test'), {
      role: 'emperor',
    })
    expect(badRole.status).toBe(400)
    expect(badRole.body.error.message).toMatch(/role/)
  })
})

describe('passwords and sessions', () => {
  test('changing my password needs the current one and ends my other sessions, not this one', async () => {
    await addMember('analyst', 'pw@acme.test')
    const here = await login('pw@acme.test', 'pw@acme.test password')
    const elsewhere = await login('pw@acme.test', 'pw@acme.test password')
    const wrong = await here.json<{ error: { details: { field: string }[] } }>('PUT', '/api/v1/me/password', {
      currentPassword: 'not it at all',
      newPassword: 'a brand new passphrase',
    })
    expect(wrong.status).toBe(403)
    expect(wrong.body.error.details[0]?.field).toBe('currentPassword')
    expect((await elsewhere.request('GET', '/api/v1/me')).status).toBe(200)
    const changed = await here.request('PUT', '/api/v1/me/password', {
      currentPassword: 'pw@acme.test password',
      newPassword: 'a brand new passphrase',
    })
    expect(changed.status).toBe(204)
    expect((await elsewhere.request('GET', '/api/v1/me')).status).toBe(401)
    expect((await here.request('GET', '/api/v1/me')).status).toBe(200)
    const old = await client(app).request('POST', '/api/v1/auth/login', {
      email: 'pw@acme.test',
      password: 'pw@acme.test password',
    })
    expect(old.status).toBe(401)
    await login('pw@acme.test', 'a brand new passphrase')
  })

  test('an admin resets a member password: a temporary one is returned once and their sessions end', async () => {
    const admin = await login('admin@acme.test', 'admin@acme.test password')
    const target = await addMember('agent', 'reset@acme.test')
    const reset = await admin.json<{ temporaryPassword: string }>(
      'POST',
      `${member('reset@acme.test')}/password-reset`,
      {},
    )
    expect(reset.status).toBe(200)
    expect(reset.body.temporaryPassword.length).toBeGreaterThanOrEqual(16)
    expect((await target.request('GET', '/api/v1/me')).status).toBe(401)
    await login('reset@acme.test', reset.body.temporaryPassword)
    const chosen = await admin.json<{ temporaryPassword: null }>(
      'POST',
      `${member('reset@acme.test')}/password-reset`,
      {
        password: 'chosen by the admin',
      },
    )
    expect(chosen.body.temporaryPassword).toBeNull()
    await login('reset@acme.test', 'chosen by the admin')
    const [stored] = await db.query<{ hash: string }>(
      sql`select password_hash as hash from users where id = ${ids['reset@acme.test']}`,
    )
    expect(stored?.hash).not.toContain('chosen by the admin')
  })

  test("an admin may not reset an owner's password, nor of someone who is more elsewhere", async () => {
    const admin = await login('admin@acme.test', 'admin@acme.test password')
    expect((await admin.request('POST', `${member(ownerInput.email)}/password-reset`, {})).status).toBe(403)
    // reset@acme.test becomes owner of a workspace the admin does not manage.
    const other = await owner.json<{ id: string }>('POST', '/api/v1/workspaces', { name: 'Owner only shop' })
    await db.query(sql`insert into memberships (workspace_id, user_id, role)
      values (${other.body.id}, ${ids['reset@acme.test']}, 'owner')`)
    expect((await admin.request('POST', `${member('reset@acme.test')}/password-reset`, {})).status).toBe(403)
    expect((await admin.request('POST', `${member('reset@acme.test')}/sessions/end`)).status).toBe(403)
    await login('reset@acme.test', 'chosen by the admin')
  })

  test('log out elsewhere ends my other sessions; an admin logs a member out everywhere', async () => {
    await addMember('viewer', 'sessions@acme.test')
    const a = await login('sessions@acme.test', 'sessions@acme.test password')
    const b = await login('sessions@acme.test', 'sessions@acme.test password')
    const ended = await a.json<{ ended: number }>('POST', '/api/v1/me/sessions/end-others')
    expect(ended.body.ended).toBe(2)
    expect((await b.request('GET', '/api/v1/me')).status).toBe(401)
    expect((await a.request('GET', '/api/v1/me')).status).toBe(200)
    const byAdmin = await owner.json<{ ended: number }>(
      'POST',
      `${member('sessions@acme.test')}/sessions/end`,
    )
    expect(byAdmin.body.ended).toBe(1)
    expect((await a.request('GET', customers())).status).toBe(401)
  })

  test('every change is in the audit log', async () => {
    const audit = await owner.json<{ items: { action: string }[] }>(
      'GET',
      `/api/v1/workspaces/${ws}/audit?limit=500`,
    )
    const actions = new Set(audit.body.items.map((e) => e.action))
    for (const action of ['remove_member', 'change_member', 'reset_password', 'end_sessions'])
      expect(actions, action).toContain(action)
    const [changed] = await db.query<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'change_password' and workspace_id is null`,
    )
    expect(changed?.n).toBe(1)
  })
})
