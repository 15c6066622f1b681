import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../config.js'
import type { Db } from '../db/db.js'
import { pgliteTestDb } from '../db/test-db.js'
import { createApp } from '../server/app.js'
import { client, setUp } from '../server/test-client.js'
import { startTestSmtp, type TestSmtp } from '../surveys/email/test-smtp.js'

// Settings through the API: the workspace's settings, invitations by e-mail (through a real SMTP server),
// the org-unit tree, the audit log, and what a member limited to an org unit may not do.

let db: Db
let smtp: TestSmtp
let app: ReturnType<typeof createApp>
let owner: ReturnType<typeof client>
let ws: string
let north: string
let south: string
let northAdmin: ReturnType<typeof client>

const path = (rest: string) => `/api/v1/workspaces/${ws}${rest}`

async function login(email: string, password: string) {
  const person = client(app)
  const response = await person.json('POST', '/api/v1/auth/login', { email, password })
  expect(response.status, `login ${email}`).toBe(200)
  return person
}

beforeAll(async () => {
  db = await pgliteTestDb()
  smtp = await startTestSmtp()
  const config = { ...loadConfig({}), SMTP_URL: smtp.url, SMTP_FROM: 'Rapport <rapport@acme.test>' }
  app = createApp({ db, config, webDir: '/nonexistent' })
  ;({ owner, workspaceId: ws } = await setUp(app))
  const made = async (code: string) =>
    (
      await owner.json<{ id: string }>('POST', path('/org-units'), {
        code,
        name: code,
        parentCode: 'company',
      })
    ).body.id
  north = await made('north')
  south = await made('south')
  await owner.json('POST', path('/members'), {
    email: 'north-admin@acme.test',
    name: 'North Admin',
    password: 'north admin password',
    role: 'admin',
    orgUnitId: north,
  })
  northAdmin = await login('north-admin@acme.test', 'north admin password')
})

afterAll(async () => {
  await smtp.close()
  await db.close()
})

describe('workspace settings', () => {
  test('an owner changes the name, time zone, currency and languages; the change is audited', async () => {
    const saved = await owner.json<Record<string, unknown>>('PATCH', path('/settings'), {
      name: 'Acme Baltics',
      timeZone: 'Europe/Riga',
      currency: 'usd',
      defaultLanguage: 'lv',
      surveyLanguages: ['lv', 'ru', 'en'],
      mailFrom: 'Acme <hello@acme.test>',
    })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({
      name: 'Acme Baltics',
      timeZone: 'Europe/Riga',
      currency: 'USD',
      defaultLanguage: 'lv',
      surveyLanguages: ['lv', 'ru', 'en'],
      mailFrom: 'Acme <hello@acme.test>',
    })
    const audit = await owner.json<{ items: { action: string; entityType: string }[] }>(
      'GET',
      path('/audit?entityType=workspace&action=update'),
    )
    expect(audit.body.items).toHaveLength(1)
    const me = await owner.json<{ workspaces: { name: string }[] }>('GET', '/api/v1/me')
    expect(me.body.workspaces[0]?.name).toBe('Acme Baltics')
  })

  test.each([
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ currency: 'EURO' }, 'currency'],
    [{ defaultLanguage: 'de' }, 'defaultLanguage'],
    [{ surveyLanguages: [] }, 'surveyLanguages'],
    [{ surveyLanguages: ['en'], defaultLanguage: 'pl' }, 'surveyLanguages'],
    [{ mailFrom: 'x@y.z\r\nBcc: all@evil.test' }, 'mailFrom'],
    [{ name: '' }, 'name'],
  ])('%j is a 400 naming %s', async (body, field) => {
    const response = await owner.json<{ error: { message: string } }>('PATCH', path('/settings'), body)
    expect(response.status).toBe(400)
    expect(response.body.error.message).toContain(field)
  })

  test('an admin limited to an org unit may read but not change the workspace settings', async () => {
    expect((await northAdmin.json('GET', path('/settings'))).status).toBe(200)
    expect((await northAdmin.json('PATCH', path('/settings'), { name: 'Mine' })).status).toBe(403)
    expect((await northAdmin.json('GET', path('/audit'))).status).toBe(403)
    expect((await northAdmin.json('GET', path('/api-keys'))).status).toBe(403)
    expect((await northAdmin.json('POST', path('/api-keys'), { name: 'k', scopes: ['read'] })).status).toBe(
      403,
    )
  })
})

describe('invitations', () => {
  test('an invitation is mailed with its link; the new person accepts it, chooses a password and can log in', async () => {
    const invited = await owner.json<{ link: string; emailed: boolean; role: string }>(
      'POST',
      path('/invitations'),
      {
        email: 'Mykola@Acme.test',
        role: 'analyst',
        orgUnitId: south,
      },
    )
    expect(invited.status).toBe(201)
    expect(invited.body.emailed).toBe(true)
    const [mail] = await smtp.waitFor(1)
    expect(mail?.to).toMatchObject({ text: 'mykola@acme.test' })
    // The workspace's From address and default language (Latvian, set above).
    expect(mail?.from?.value[0]).toMatchObject({ name: 'Acme', address: 'hello@acme.test' })
    expect(mail?.subject).toContain('Acme Baltics')
    expect(mail?.text).toContain(invited.body.link)
    const token = invited.body.link.split('/invite/')[1]!

    const visitor = client(app)
    const open = await visitor.json<{ email: string; existingUser: boolean }>(
      'GET',
      `/api/v1/invitations/${token}`,
    )
    expect(open.body).toMatchObject({ email: 'mykola@acme.test', existingUser: false })
    const weak = await visitor.json<{ error: { message: string } }>(
      'POST',
      `/api/v1/invitations/${token}/accept`,
      {
        name: 'Mykola',
        password: 'short',
      },
    )
    expect(weak.status).toBe(400)
    expect(weak.body.error.message).toContain('password')
    const accepted = await visitor.json<{ workspaces: { id: string; role: string; orgUnitId: string }[] }>(
      'POST',
      `/api/v1/invitations/${token}/accept`,
      { name: 'Mykola', password: 'a long enough secret' },
    )
    expect(accepted.status).toBe(200)
    expect(accepted.body.workspaces).toEqual([
      expect.objectContaining({ id: ws, role: 'analyst', orgUnitId: south }),
    ])
    // The session works at once, and the link works only once.
    expect((await visitor.json('GET', path('/customers'))).status).toBe(200)
    expect((await client(app).json('GET', `/api/v1/invitations/${token}`)).status).toBe(404)
    await login('mykola@acme.test', 'a long enough secret')
  })

  test('an admin limited to North invites only into North, and sees and withdraws only its invitations', async () => {
    const whole = await northAdmin.json('POST', path('/invitations'), {
      email: 'w@acme.test',
      role: 'viewer',
    })
    expect(whole.status).toBe(403)
    const southern = await northAdmin.json('POST', path('/invitations'), {
      email: 's@acme.test',
      role: 'viewer',
      orgUnitId: south,
    })
    expect(southern.status).toBe(403)
    const owners = await northAdmin.json('POST', path('/invitations'), {
      email: 'o@acme.test',
      role: 'owner',
      orgUnitId: north,
    })
    expect(owners.status).toBe(403)
    const ok = await northAdmin.json<{ id: string }>('POST', path('/invitations'), {
      email: 'n@acme.test',
      role: 'viewer',
      orgUnitId: north,
    })
    expect(ok.status).toBe(201)
    const bySouth = await owner.json<{ id: string }>('POST', path('/invitations'), {
      email: 's2@acme.test',
      role: 'viewer',
      orgUnitId: south,
    })
    const listed = await northAdmin.json<{ items: { email: string }[] }>('GET', path('/invitations'))
    expect(listed.body.items.map((i) => i.email)).toEqual(['n@acme.test'])
    expect((await northAdmin.request('DELETE', path(`/invitations/${bySouth.body.id}`))).status).toBe(403)
    expect((await northAdmin.request('DELETE', path(`/invitations/${ok.body.id}`))).status).toBe(204)
    expect((await owner.request('DELETE', path('/invitations/not-a-uuid'))).status).toBe(404)
  })

  test('a member cannot be invited twice, and a bad e-mail is a 400 naming email', async () => {
    const again = await owner.json('POST', path('/invitations'), {
      email: 'north-admin@acme.test',
      role: 'viewer',
    })
    expect(again.status).toBe(409)
    const bad = await owner.json<{ error: { message: string } }>('POST', path('/invitations'), {
      email: 'nope',
      role: 'viewer',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toContain('email')
  })

  test('an admin limited to North lists only the members of North and below, not the whole-workspace ones', async () => {
    const n1 = await owner.json<{ id: string }>('POST', path('/org-units'), {
      code: 'north-shop',
      name: 'North shop',
      parentCode: 'north',
    })
    const add = (email: string, orgUnitId: string | null) =>
      owner.json('POST', path('/members'), {
        email,
        name: email,
        password: 'a long enough secret',
        role: 'agent',
        orgUnitId,
      })
    await add('below-north@acme.test', n1.body.id)
    await add('in-south@acme.test', south)
    await add('everywhere@acme.test', null)
    const seen = await northAdmin.json<{ items: { email: string }[] }>('GET', path('/members'))
    expect(seen.status).toBe(200)
    // North's admin herself and the agent of the shop below North; South's and the whole workspace's are hidden.
    expect(seen.body.items.map((m) => m.email).sort()).toEqual([
      'below-north@acme.test',
      'north-admin@acme.test',
    ])
    const all = await owner.json<{ items: { email: string }[] }>('GET', path('/members'))
    expect(all.body.items.map((m) => m.email)).toEqual(
      expect.arrayContaining(['below-north@acme.test', 'in-south@acme.test', 'everywhere@acme.test']),
    )
  })

  test('resending an invitation gives a new link, the old one stops working, and the resend is audited', async () => {
    const invited = await owner.json<{ id: string; link: string }>('POST', path('/invitations'), {
      email: 'late@acme.test',
      role: 'viewer',
      orgUnitId: north,
    })
    const oldToken = invited.body.link.split('/invite/')[1]!
    const before = smtp.messages.length
    const resent = await owner.json<{ id: string; link: string; emailed: boolean }>(
      'POST',
      path(`/invitations/${invited.body.id}/resend`),
    )
    expect(resent.status).toBe(200)
    expect(resent.body.id).toBe(invited.body.id)
    expect(resent.body.emailed).toBe(true)
    const newToken = resent.body.link.split('/invite/')[1]!
    expect(newToken).not.toBe(oldToken)
    const mails = await smtp.waitFor(before + 1)
    expect(mails.at(-1)?.text).toContain(resent.body.link)
    expect((await client(app).json('GET', `/api/v1/invitations/${oldToken}`)).status).toBe(404)
    expect((await client(app).json('GET', `/api/v1/invitations/${newToken}`)).status).toBe(200)
    const audit = await owner.json<{ items: { entityId: string }[] }>(
      'GET',
      path('/audit?entityType=invitation&action=resend'),
    )
    expect(audit.body.items.map((a) => a.entityId)).toEqual([invited.body.id])
    // One of South's is not North's admin's to resend; a withdrawn one is nobody's.
    const southern = await owner.json<{ id: string }>('POST', path('/invitations'), {
      email: 'south-late@acme.test',
      role: 'viewer',
      orgUnitId: south,
    })
    expect((await northAdmin.request('POST', path(`/invitations/${southern.body.id}/resend`))).status).toBe(
      403,
    )
    expect((await northAdmin.request('POST', path(`/invitations/${invited.body.id}/resend`))).status).toBe(
      200,
    )
    await owner.request('DELETE', path(`/invitations/${southern.body.id}`))
    expect((await owner.request('POST', path(`/invitations/${southern.body.id}/resend`))).status).toBe(404)
  })

  test('an admin limited to North cannot change or remove a member of South', async () => {
    const members = await owner.json<{ items: { userId: string; email: string }[] }>('GET', path('/members'))
    const mykola = members.body.items.find((m) => m.email === 'mykola@acme.test')!
    expect(
      (await northAdmin.json('PATCH', path(`/members/${mykola.userId}`), { role: 'viewer' })).status,
    ).toBe(403)
    expect((await northAdmin.request('DELETE', path(`/members/${mykola.userId}`))).status).toBe(403)
  })
})

describe('org units and e-mail', () => {
  test('a unit is renamed in place; one with members is not deleted; an empty one is', async () => {
    const renamed = await owner.json<{ name: string; code: string }>('PATCH', path(`/org-units/${north}`), {
      name: 'North region',
    })
    expect(renamed.body).toMatchObject({ name: 'North region', code: 'north' })
    const clash = await owner.json('PATCH', path(`/org-units/${north}`), { code: 'south' })
    expect(clash.status).toBe(409)
    expect((await owner.request('DELETE', path(`/org-units/${north}`))).status).toBe(409)
    const spare = await owner.json<{ id: string }>('POST', path('/org-units'), {
      code: 'spare',
      name: 'Spare',
      parentCode: 'south',
    })
    expect((await northAdmin.request('DELETE', path(`/org-units/${spare.body.id}`))).status).toBe(403)
    expect(
      (await northAdmin.json('POST', path('/org-units'), { code: 'x', name: 'X', parentCode: 'south' }))
        .status,
    ).toBe(403)
    expect(
      (await northAdmin.json('POST', path('/org-units'), { code: 'n1', name: 'N1', parentCode: 'north' }))
        .status,
    ).toBe(201)
    expect((await northAdmin.request('DELETE', path(`/org-units/${north}`))).status).toBe(403)
    expect((await owner.request('DELETE', path(`/org-units/${spare.body.id}`))).status).toBe(204)
  })

  test('a unit moves with the units below it; never under itself; a limited admin moves only within their unit', async () => {
    const unit = async (code: string, parentCode: string) =>
      (
        await owner.json<{ id: string; path: string }>('POST', path('/org-units'), {
          code,
          name: code,
          parentCode,
        })
      ).body
    const east = await unit('east', 'company')
    const shop = await unit('east-shop', 'east')
    const till = await unit('east-till', 'east-shop')
    const moved = await owner.json<{ parentId: string; path: string }>(
      'POST',
      path(`/org-units/${east.id}/move`),
      {
        parentId: south,
      },
    )
    expect(moved.status).toBe(200)
    const units = await owner.json<{ items: { id: string; parentId: string | null; path: string }[] }>(
      'GET',
      path('/org-units'),
    )
    const byId = new Map(units.body.items.map((u) => [u.id, u]))
    const southPath = byId.get(south)!.path
    // Paths are the ids from the root down: south's, then east, its shop, its till.
    expect(byId.get(east.id)).toMatchObject({ parentId: south, path: `${southPath}${east.id}/` })
    expect(byId.get(shop.id)).toMatchObject({ parentId: east.id, path: `${southPath}${east.id}/${shop.id}/` })
    expect(byId.get(till.id)!.path).toBe(`${southPath}${east.id}/${shop.id}/${till.id}/`)
    const cycle = await owner.json<{ error: { details: { field: string }[] } }>(
      'POST',
      path(`/org-units/${east.id}/move`),
      { parentId: till.id },
    )
    expect(cycle.status).toBe(400)
    expect(cycle.body.error.details.map((d) => d.field)).toEqual(['parentId'])
    expect((await owner.json('POST', path(`/org-units/${east.id}/move`), { parentId: east.id })).status).toBe(
      400,
    )
    // North's admin may not move south's units, nor move a north unit out of north, nor to the top.
    const n2 = await unit('n2', 'north')
    const n3 = await unit('n3', 'north')
    expect(
      (await northAdmin.json('POST', path(`/org-units/${shop.id}/move`), { parentId: north })).status,
    ).toBe(403)
    expect(
      (await northAdmin.json('POST', path(`/org-units/${n2.id}/move`), { parentId: south })).status,
    ).toBe(403)
    expect((await northAdmin.json('POST', path(`/org-units/${n2.id}/move`), { parentId: null })).status).toBe(
      403,
    )
    expect(
      (await northAdmin.json('POST', path(`/org-units/${north}/move`), { parentId: south })).status,
    ).toBe(403)
    const within = await northAdmin.json<{ parentId: string }>('POST', path(`/org-units/${n3.id}/move`), {
      parentId: n2.id,
    })
    expect(within.status).toBe(200)
    expect(within.body.parentId).toBe(n2.id)
    // A customer of the moved till is now one of south's.
    await owner.json('POST', path('/ingest/customers'), {
      records: [{ customer_id: 'till-1', org_unit: 'east-till' }],
    })
    const ofSouth = await owner.json<{ items: { externalId: string }[] }>(
      'GET',
      path(`/customers?orgUnitId=${south}`),
    )
    expect(ofSouth.body.items.map((c) => c.externalId)).toContain('till-1')
    const audit = await owner.json<{ items: { action: string; entityId: string }[] }>(
      'GET',
      path('/audit?action=move'),
    )
    expect(audit.body.items.map((a) => a.entityId).sort()).toEqual([east.id, n3.id].sort())
  })

  test('the mail status names the From address, and a test e-mail arrives', async () => {
    const status = await owner.json('GET', path('/mail'))
    expect(status.body).toEqual({
      smtpConfigured: true,
      from: 'Acme <hello@acme.test>',
      serverFrom: 'Rapport <rapport@acme.test>',
      workspaceFrom: 'Acme <hello@acme.test>',
    })
    const before = smtp.messages.length
    const sent = await owner.json<{ sent: boolean }>('POST', path('/mail/test'), { to: 'check@acme.test' })
    expect(sent.body.sent).toBe(true)
    const messages = await smtp.waitFor(before + 1)
    expect(messages.at(-1)?.subject).toContain('test e-mail')
  })

  test('the audit log filters by action and time, and downloads as CSV', async () => {
    const invites = await owner.json<{ items: { action: string }[] }>('GET', path('/audit?action=invite'))
    // Mykola, n@, s2@ (the invitations tests), late@ and south-late@ (the resend test); the refused ones are not.
    expect(invites.body.items.length).toBe(5)
    expect(invites.body.items.every((e) => e.action === 'invite')).toBe(true)
    const future = await owner.json<{ items: unknown[] }>('GET', path('/audit?from=2999-01-01'))
    expect(future.body.items).toEqual([])
    const badDate = await owner.json<{ error: { message: string } }>('GET', path('/audit?from=yesterday'))
    expect(badDate.status).toBe(400)
    expect(badDate.body.error.message).toContain('from')
    const csv = await owner.request('GET', path('/audit.csv?action=invite'))
    const lines = (await csv.text()).trim().split('\n')
    expect(lines[0]).toBe('at,action,entity_type,entity_id,actor,actor_user_id,actor_api_key_id,details')
    expect(lines).toHaveLength(6)
  })
})
