import type { Hono } from 'hono'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { z } from 'zod'
import type { Db } from '../db/db.js'
import { pgliteTestDb } from '../db/test-db.js'
import type { AppEnv } from '../http/app-env.js'
import {
  minimalUrl,
  type OpenApiDocument,
  operationName,
  servedOperations,
} from '../http/served-operations.js'
import { seedWalkFixture, type WalkFixture } from './walk-fixture.js'

let app: Hono<AppEnv>
let db: Db
let document: OpenApiDocument
let fixture: WalkFixture

beforeAll(async () => {
  db = await pgliteTestDb()
  fixture = await seedWalkFixture(db)
  ;({ app, document } = fixture)
})
afterAll(async () => {
  await db.close()
})

/** Every method + path that Hono serves under /api, in OpenAPI's path syntax; middleware and the catch-all excluded. */
function servedApiRoutes(): string[] {
  const routes = app.routes
    .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/') && r.path !== '/api/openapi.json')
    .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
  return [...new Set(routes)].sort()
}

test('every route served under /api is in the OpenAPI document with its method', () => {
  const described = new Set(servedOperations(document).map((o) => `${o.method.toUpperCase()} ${o.path}`))
  const served = servedApiRoutes()
  expect(served.length).toBeGreaterThan(60)
  expect(served.filter((route) => !described.has(route))).toEqual([])
  expect([...described].filter((route) => !served.includes(route))).toEqual([])
})

test('every operation declares its success response: a JSON schema, another content type, or no content', () => {
  const undeclared = servedOperations(document)
    .filter((o) => {
      const success = Object.entries(o.operation.responses).filter(([status]) => status.startsWith('2'))
      if (success.length === 0) return true
      return success.some(([status, response]) => {
        if (status === '204') return false
        const content = Object.entries(response.content ?? {})
        return content.length === 0 || content.some(([, media]) => !media.schema)
      })
    })
    .map((o) => `${o.method.toUpperCase()} ${o.path}`)
  expect(undeclared).toEqual([])
})

test("the owner's answers to every read match the response schema the document declares", async () => {
  const mismatches: string[] = []
  let checked = 0
  for (const op of servedOperations(document).filter((o) => o.method === 'get')) {
    const schema = op.operation.responses['200']?.content?.['application/json']?.schema
    if (!schema) continue
    const response = await fixture.victim.owner.request('GET', minimalUrl(op, fixture.victim.pathValues))
    if (response.status !== 200) {
      mismatches.push(`${operationName(op)} → ${response.status}`)
      continue
    }
    checked++
    const result = z
      .fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0])
      .safeParse(await response.json())
    if (!result.success)
      mismatches.push(
        `${operationName(op)}: ${result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
      )
  }
  expect(mismatches).toEqual([])
  expect(checked).toBeGreaterThan(10)
})
