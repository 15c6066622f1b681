import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { testDrivers } from '../db/test-db.js'
import type { AppEnv } from '../http/app-env.js'
import { createInvitation } from '../surveys/invitations.js'
import { npsDefinition } from '../surveys/test-survey.js'
import { client, setUp, type TestClient, testApp } from './test-client.js'

type ErrorBody = { error: { code: string; message: string; details?: { field: string; message: string }[] } }

const NUL = '\u0000'
const nulInTitle = structuredClone(npsDefinition)
nulInTitle.pages[0]!.questions[0]!.text.en = `How likely${NUL}?`
const LONE = '\uD800'

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`the input boundary on ${driver.name}`, () => {
    let db: Db
    let app: Hono<AppEnv>
    let owner: TestClient
    let ws: string
    let survey: { id: string; slug: string }
    let token: string

    beforeAll(async () => {
      ;({ app, db } = await testApp(await driver.open()))
      ;({ owner, workspaceId: ws } = await setUp(app))
      const created = await owner.json<typeof survey>('POST', `/api/v1/workspaces/${ws}/surveys`, {
        name: 'Delivery',
        touchpoint: 'order_delivered',
        npsKind: 'transactional',
        definition: npsDefinition,
      })
      survey = created.body
      await owner.json('PUT', `/api/v1/workspaces/${ws}/surveys/${survey.id}`, { status: 'active' })
      ;({ token } = await createInvitation(db, {
        workspaceId: ws,
        surveyId: survey.id,
        customerId: null,
        channel: 'link',
      }))
    })
    afterAll(async () => {
      await db?.close()
    })

    const send = async (c: TestClient, method: string, path: string, body?: unknown) => {
      const res = await c.request(method, path, body)
      const text = await res.text()
      return { status: res.status, text, error: (text.startsWith('{') ? JSON.parse(text) : {}) as ErrorBody }
    }

    test('NUL or a lone surrogate in a JSON body is a 400 naming the field, on every kind of write', async () => {
      const writes: [string, string, unknown, string][] = [
        ['POST', '/api/v1/auth/login', { email: `a${NUL}@b.test`, password: 'x' }, 'email'],
        ['POST', '/api/v1/workspaces', { name: `Shop${NUL}` }, 'name'],
        ['POST', `/api/v1/workspaces/${ws}/org-units`, { code: 'kyiv', name: `K${NUL}` }, 'name'],
        ['POST', `/api/v1/workspaces/${ws}/api-keys`, { name: `k${LONE}`, scopes: ['read'] }, 'name'],
        [
          'POST',
          `/api/v1/workspaces/${ws}/webhook-sources`,
          { platform: 'shopify', name: `s${NUL}` },
          'name',
        ],
        [
          'POST',
          `/api/v1/workspaces/${ws}/surveys`,
          { name: `S${NUL}`, touchpoint: 't', npsKind: 'transactional', definition: npsDefinition },
          'name',
        ],
        [
          'POST',
          `/api/v1/workspaces/${ws}/members`,
          { email: 'm@acme.test', name: `M${NUL}`, role: 'viewer', password: 'long enough pass' },
          'name',
        ],
        [
          'POST',
          `/api/v1/workspaces/${ws}/surveys`,
          { name: 'S', touchpoint: 't', npsKind: 'transactional', definition: nulInTitle },
          'definition.pages.0.questions.0.text.en',
        ],
      ]
      for (const [method, path, body, field] of writes) {
        const res = await send(owner, method, path, body)
        expect(res.status, `${method} ${path}: ${res.text}`).toBe(400)
        expect(res.error.error.message).toMatch(
          new RegExp(`^body: ${field.replace(/\./g, '\\.')}: must not contain`),
        )
        expect(res.error.error.details?.[0]?.field).toBe(field)
      }
    })

    test('a NUL in an object key is refused and shown escaped', async () => {
      const res = await send(owner, 'PUT', `/api/v1/workspaces/${ws}/surveys/${survey.id}`, {
        definition: { ...npsDefinition, [`x${NUL}`]: 1 },
      })
      expect(res.status).toBe(400)
      expect(res.error.error.message).toBe('body: definition.x\\u0000: key must not contain NUL')
    })

    test('JSON nested deeper than the limit is refused, not overflowed', async () => {
      const deep = `{"email":"a@b.test","password":${'['.repeat(5000)}${']'.repeat(5000)}}`
      const res = await send(client(app), 'POST', '/api/v1/auth/login', deep)
      expect(res.status).toBe(400)
      expect(res.error.error.message).toContain('must not nest deeper')
    })

    test('NUL in a path parameter or a query value is a 400 naming it', async () => {
      const search = await send(owner, 'GET', `/api/v1/workspaces/${ws}/customers?q=a%00b`)
      expect(search.status).toBe(400)
      expect(search.error.error.message).toBe('query: q: must not contain NUL')
      const path = await send(owner, 'GET', `/api/v1/workspaces/${ws}/customers/%00`)
      expect(path.status).toBe(400)
      expect(path.error.error.message).toBe('path: customerId: must not contain NUL')
      const answer = await send(client(app), 'POST', '/api/v1/public/surveys/%00/responses', {
        clientId: 'client-nul-0001',
        version: 1,
        language: 'en',
        answers: { nps: 3 },
      })
      expect(answer.status).toBe(400)
    })

    test('the pages outside the API answer NUL with a 4xx, never a 500', async () => {
      const visitor = client(app)
      const paths = [
        '/s/%00',
        '/s/a%00b?lang=en',
        `/s/${survey.slug}?lang=%00`,
        '/s/i/%00',
        `/s/i/${token}?lang=%00`,
        `/s/preview/${ws}/%00`,
        '/unsubscribe/%00',
      ]
      for (const path of paths) {
        const res = await visitor.request('GET', path)
        expect(res.status, path).toBeGreaterThanOrEqual(400)
        expect(res.status, path).toBeLessThan(500)
      }
      const post = await visitor.request('POST', '/unsubscribe/%00', 'scope=all', {
        'content-type': 'application/x-www-form-urlencoded',
      })
      expect(post.status).toBe(400)
    })

    test('a survey preview with a survey id that is not a UUID is a 404', async () => {
      const res = await owner.request('GET', `/s/preview/${ws}/not-a-uuid`)
      expect(res.status).toBe(404)
    })

    test('a session cookie or API key holding NUL is refused as unknown, not a 500', async () => {
      const cookie = await app.request(`/api/v1/workspaces/${ws}/customers`, {
        headers: { cookie: 'rapport_session=%00abc' },
      })
      expect(cookie.status).toBe(401)
      const key = await app.request(`/api/v1/workspaces/${ws}/customers`, {
        headers: { authorization: 'Bearer rk_%00' },
      })
      expect(key.status).toBe(401)
    })

    test('a survey version past int4 in a public answer is a 400 naming it', async () => {
      const res = await send(client(app), 'POST', `/api/v1/public/surveys/${survey.slug}/responses`, {
        clientId: 'client-version-01',
        version: 2147483648,
        language: 'en',
        answers: { nps: 3 },
      })
      expect(res.status).toBe(400)
      expect(res.error.error.details?.[0]?.field).toBe('version')
    })

    test('a personal-link answer whose clientId another response of the survey holds is a 409', async () => {
      const answer = (clientId: string) => ({ clientId, version: 1, language: 'en', answers: { nps: 3 } })
      const visitor = client(app)
      const anonymous = await send(visitor, 'POST', `/api/v1/public/surveys/${survey.slug}/responses`, {
        ...answer('client-taken-0001'),
        continuationSecret: 'a-secret-the-browser-keeps-0001',
      })
      expect(anonymous.status).toBe(200)
      const personal = await send(
        visitor,
        'POST',
        `/api/v1/public/invitations/${token}/responses`,
        answer('client-taken-0001'),
      )
      expect(personal.status).toBe(409)
      expect(personal.error.error.details?.[0]?.field).toBe('clientId')
      const fresh = await send(
        visitor,
        'POST',
        `/api/v1/public/invitations/${token}/responses`,
        answer('client-fresh-0001'),
      )
      expect(fresh.status).toBe(200)
    })

    test('dates outside the database range are a 400 naming the field, in queries and bodies', async () => {
      for (const date of ['300000-01-01', '+275000-01-01', '-005000-01-01', '0000-06-01']) {
        for (const field of ['from', 'to']) {
          const res = await send(
            owner,
            'GET',
            `/api/v1/workspaces/${ws}/responses?${field}=${encodeURIComponent(date)}`,
          )
          expect(res.status, `${field}=${date}: ${res.text}`).toBe(400)
          expect(res.error.error.details?.[0]?.field).toBe(field)
        }
        const invitation = await send(
          owner,
          'POST',
          `/api/v1/workspaces/${ws}/surveys/${survey.id}/invitations`,
          {
            expiresAt: date,
          },
        )
        expect(invitation.status, `expiresAt=${date}: ${invitation.text}`).toBe(400)
        expect(invitation.error.error.details?.[0]?.field).toBe('expiresAt')
      }
      const fine = await send(
        owner,
        'GET',
        `/api/v1/workspaces/${ws}/responses?from=2026-01-01&to=2026-02-01`,
      )
      expect(fine.status).toBe(200)
    })

    test('a recompute day before year 1 is a 400 naming asOf', async () => {
      const res = await send(owner, 'POST', `/api/v1/workspaces/${ws}/segments/recompute`, {
        asOf: '0000-01-01',
      })
      expect(res.status, res.text).toBe(400)
      expect(res.error.error.details?.[0]?.field).toBe('asOf')
    })

    test('free-form objects are capped: attributes per record, answers per request', async () => {
      const ingest = await owner.json<{ imported: number; errors: { index: number; field: string }[] }>(
        'POST',
        `/api/v1/workspaces/${ws}/ingest/customers`,
        {
          records: [
            { customer_id: 'cap-1', attributes: { note: 'x'.repeat(20_000) } },
            {
              customer_id: 'cap-2',
              attributes: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i])),
            },
            { customer_id: 'cap-3', attributes: { tier: 'gold' } },
          ],
        },
      )
      expect(ingest.body.imported).toBe(1)
      expect(ingest.body.errors.map((e) => [e.index, e.field])).toEqual([
        [0, 'attributes'],
        [1, 'attributes'],
      ])
      const answers = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`q${i}`, 1]))
      const res = await send(client(app), 'POST', `/api/v1/public/surveys/${survey.slug}/responses`, {
        clientId: 'client-many-0001',
        version: 1,
        language: 'en',
        answers,
      })
      expect(res.status).toBe(400)
      expect(res.error.error.details?.[0]?.field).toBe('answers')
    })

    test("a program's audience attributes are capped in number and length", async () => {
      const program = (attributes: Record<string, string>) => ({
        name: 'P',
        surveyId: survey.id,
        channel: 'widget',
        audience: { attributes },
      })
      const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v']))
      const tooMany = await send(owner, 'POST', `/api/v1/workspaces/${ws}/survey-programs`, program(many))
      expect(tooMany.status).toBe(400)
      expect(tooMany.error.error.details?.[0]?.field).toBe('audience.attributes')
      const long = await send(
        owner,
        'POST',
        `/api/v1/workspaces/${ws}/survey-programs`,
        program({ tier: 'x'.repeat(501) }),
      )
      expect(long.status).toBe(400)
      expect(long.error.error.details?.[0]?.field).toBe('audience.attributes.tier')
    })
  })
}
