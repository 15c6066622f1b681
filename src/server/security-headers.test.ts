import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createApiKey } from '../access/api-keys.js'
import { loadConfig } from '../config.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { pgliteTestDb } from '../db/test-db.js'
import type { AppEnv } from '../http/app-env.js'
import { createInvitation } from '../surveys/invitations.js'
import { createSurvey } from '../surveys/surveys.js'
import { npsDefinition } from '../surveys/test-survey.js'
import { createApp } from './app.js'
import { ownerInput, setUp, type TestClient } from './test-client.js'

let db: Db
let app: Hono<AppEnv>
let owner: TestClient
let ws: string
let slug: string
let surveyId: string
let unsubscribeToken: string

beforeAll(async () => {
  const webDir = mkdtempSync(join(tmpdir(), 'rapport-web-'))
  mkdirSync(join(webDir, 'assets'))
  writeFileSync(
    join(webDir, 'index.html'),
    '<!doctype html><html lang="en"><head></head><body><div id="root"></div></body></html>',
  )
  writeFileSync(
    join(webDir, 'survey.html'),
    '<!doctype html><html lang="en"><head><title>Survey</title></head><body></body></html>',
  )
  writeFileSync(join(webDir, 'assets', 'main.js'), 'console.log(1)')
  db = await pgliteTestDb()
  app = createApp({ db, config: loadConfig({}), webDir })
  ;({ owner, workspaceId: ws } = await setUp(app))
  const survey = await createSurvey(db, ws, {
    name: 'Headers',
    touchpoint: 'support',
    npsKind: 'transactional',
    definition: npsDefinition,
    status: 'active',
  })
  slug = survey.slug
  surveyId = survey.id
  const [customer] = await db.query<{ id: string }>(
    sql`insert into customers (workspace_id, external_id) values (${ws}, 'H-1') returning id`,
  )
  unsubscribeToken = (
    await createInvitation(db, { workspaceId: ws, surveyId, customerId: customer!.id, channel: 'email' })
  ).token
})
afterAll(async () => {
  await db?.close()
})

const directive = (response: Response, name: string) =>
  response.headers
    .get('content-security-policy')
    ?.split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `))

describe('security headers', () => {
  const everyKind = () => ({
    dashboard: app.request('/customers'),
    asset: app.request('/assets/main.js'),
    api: owner.request('GET', `/api/v1/workspaces/${ws}/customers`),
    apiError: app.request('/api/v1/nope'),
    csv: owner.request('GET', `/api/v1/workspaces/${ws}/customers.csv`),
    surveyPage: app.request(`/s/${slug}`),
    personalLink: app.request(`/s/i/${unsubscribeToken}`),
    unsubscribe: app.request(`/unsubscribe/${unsubscribeToken}`),
    openApi: app.request('/api/openapi.json'),
    refusedBody: app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    }),
    refusedUrl: app.request('/s/a%00b'),
  })

  test('every kind of response has nosniff, no referrer, and a CSP without inline script', async () => {
    for (const [kind, pending] of Object.entries(everyKind())) {
      const response = await pending
      expect(response.status, kind).toBeLessThan(500)
      if (kind.startsWith('refused')) expect(response.status, kind).toBeGreaterThanOrEqual(400)
      expect(response.headers.get('x-content-type-options'), kind).toBe('nosniff')
      expect(response.headers.get('referrer-policy'), kind).toBe('no-referrer')
      expect(directive(response, 'default-src'), kind).toBe("default-src 'self'")
      expect(directive(response, 'script-src'), kind).toBe("script-src 'self'")
      expect(response.headers.get('content-security-policy'), kind).not.toContain('unsafe-inline')
    }
  })

  test('nothing may frame the dashboard, the API or an ordinary survey page', async () => {
    const { dashboard, api, surveyPage, personalLink, unsubscribe } = everyKind()
    for (const pending of [dashboard, api, surveyPage, personalLink, unsubscribe]) {
      const response = await pending
      expect(directive(response, 'frame-ancestors')).toBe("frame-ancestors 'none'")
      expect(response.headers.get('x-frame-options')).toBe('DENY')
    }
  })

  test("the widget's conversation page may be framed by any site, the builder's preview by the dashboard", async () => {
    const widgetPage = await app.request(`/s/i/${unsubscribeToken}?mode=conversation`)
    expect(directive(widgetPage, 'frame-ancestors')).toBe('frame-ancestors *')
    expect(widgetPage.headers.get('x-frame-options')).toBeNull()
    const preview = await owner.request('GET', `/s/preview/${ws}/${surveyId}`)
    expect(preview.status).toBe(200)
    expect(directive(preview, 'frame-ancestors')).toBe("frame-ancestors 'self'")
    expect(preview.headers.get('x-frame-options')).toBe('SAMEORIGIN')
  })

  test("the unsubscribe page's inline style is allowed by its hash, and nothing else inline", async () => {
    const response = await app.request(`/unsubscribe/${unsubscribeToken}`)
    const html = await response.text()
    const css = /<style>([^<]*)<\/style>/.exec(html)?.[1] ?? ''
    const hash = createHash('sha256').update(css).digest('base64')
    expect(directive(response, 'style-src')).toBe(`style-src 'self' 'sha256-${hash}'`)
  })
})

describe('bodies a browser could send cross-site', () => {
  const json = JSON.stringify({ email: ownerInput.email, password: ownerInput.password })

  test('login refuses JSON sent as text/plain or as a form, with 415 and the error shape', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const response = await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': type },
        body: json,
      })
      expect(response.status, type).toBe(415)
      expect(await response.json()).toMatchObject({
        error: { code: 'unsupported_media_type', details: [{ field: 'content-type' }] },
      })
    }
    const ok = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: json,
    })
    expect(ok.status).toBe(200)
  })

  test('a cookie-authenticated write refuses text/plain; an API key may still send JSON', async () => {
    const body = {
      name: 'Cross-site',
      touchpoint: 'support',
      npsKind: 'transactional',
      definition: npsDefinition,
    }
    const refused = await owner.request('POST', `/api/v1/workspaces/${ws}/surveys`, JSON.stringify(body), {
      'content-type': 'text/plain',
    })
    expect(refused.status).toBe(415)
    const key = await createApiKey(db, ws, { name: 'ci', scopes: ['write'] }, null)
    const withKey = await app.request(`/api/v1/workspaces/${ws}/surveys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(withKey.status).toBe(201)
  })

  test('public endpoints keep their bodies: the widget posts text/plain, logout needs none', async () => {
    const widget = await app.request(`/api/public/widget/${ws}/ask`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ programId: crypto.randomUUID(), customer: 'H-1', token: 'x' }),
    })
    expect(widget.status).not.toBe(415)
    const logout = await app.request('/api/v1/auth/logout', { method: 'POST' })
    expect(logout.status).toBe(204)
  })
})
