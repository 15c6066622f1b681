import type { Hono } from 'hono'
import { loadConfig } from '../config.js'
import { type Db, one } from '../db/db.js'
import { pgliteTestDb } from '../db/test-db.js'
import type { AppEnv } from '../http/app-env.js'
import { createApp } from './app.js'

// Test support: the app in-process, and a client that carries a session cookie and CSRF token like a browser.

export interface TestClient {
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>
  json<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>
}

export async function testApp(db?: Db): Promise<{ app: Hono<AppEnv>; db: Db }> {
  const database = db ?? (await pgliteTestDb())
  return { app: createApp({ db: database, config: loadConfig({}), webDir: '/nonexistent' }), db: database }
}

/** A client that sends cookies it was given, and x-csrf-token once it knows it (or a Bearer key). */
export function client(app: Hono<AppEnv>, auth: { bearer?: string } = {}): TestClient & { csrf?: string } {
  let cookie = ''
  const self: TestClient & { csrf?: string } = {
    async request(method, path, body, headers = {}) {
      const h: Record<string, string> = { ...headers }
      if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json'
      if (cookie) h.cookie = cookie
      if (self.csrf && method !== 'GET') h['x-csrf-token'] = self.csrf
      if (auth.bearer) h.authorization = `Bearer ${auth.bearer}`
      const response = await app.request(path, {
        method,
        headers: h,
        body:
          body === undefined
            ? undefined
            : typeof body === 'string' || body instanceof Uint8Array
              ? (body as BodyInit)
              : JSON.stringify(body),
      })
      const set = response.headers.get('set-cookie')
      if (set) cookie = set.split(';')[0] ?? set
      return response
    },
    async json(method, path, body) {
      const response = await self.request(method, path, body)
      const text = await response.text()
      const parsed = text ? JSON.parse(text) : undefined
      if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed) self.csrf = parsed.csrfToken
      return { status: response.status, body: parsed }
    },
  }
  return self
}

export const ownerInput = {
  organizationName: 'Acme',
  workspaceName: 'Acme shop',
  name: 'Olena Owner',
  email: 'owner@acme.test',
  password: 'correct horse battery',
  demo: false,
}

/** Runs first-run setup and returns the owner's client and workspace id. */
export async function setUp(app: Hono<AppEnv>) {
  const owner = client(app)
  const { status, body } = await owner.json<{ workspaces: { id: string }[] }>(
    'POST',
    '/api/v1/setup',
    ownerInput,
  )
  if (status !== 201) throw new Error(`setup failed: ${status} ${JSON.stringify(body)}`)
  return { owner, workspaceId: one(body.workspaces, 'the workspace setup created').id }
}
