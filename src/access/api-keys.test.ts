import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { pgliteTestDb } from '../db/test-db.js'
import { API_KEY_TRUST_MS, createApiKey, resolveApiKey, revokeApiKey } from './api-keys.js'
import { createOrganization, createWorkspace } from './workspaces.js'

// A verified key is trusted for a few seconds; these tests move only Date, so the database keeps its own clock.

let db: Db
let workspaceId: string

beforeAll(async () => {
  db = await pgliteTestDb()
  const org = await createOrganization(db, 'Keys')
  workspaceId = (await createWorkspace(db, org.id, 'Keys shop')).id
})
afterAll(async () => {
  await db.close()
})
afterEach(() => {
  vi.useRealTimers()
})

const newKey = (name: string) => createApiKey(db, workspaceId, { name, scopes: ['write'] }, null)

describe('API keys trusted for a few seconds', () => {
  test('a key revoked in this process is refused at the very next lookup', async () => {
    const key = await newKey('till')
    expect(await resolveApiKey(db, key.secret)).toMatchObject({ id: key.id, workspaceId, scopes: ['write'] })
    expect(await revokeApiKey(db, workspaceId, key.id)).toBe(true)
    expect(await resolveApiKey(db, key.secret)).toBeUndefined()
  })

  test('a key revoked by another process is refused once the trust bound has passed, not before', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const key = await newKey('sync')
    expect(await resolveApiKey(db, key.secret)).toMatchObject({ id: key.id })
    // Another server process revokes it: this one does not hear of it.
    await db.query(sql`update api_keys set revoked_at = now() where id = ${key.id}`)
    vi.setSystemTime(Date.now() + API_KEY_TRUST_MS - 1_000)
    expect(await resolveApiKey(db, key.secret)).toMatchObject({ id: key.id })
    vi.setSystemTime(Date.now() + 1_001)
    expect(await resolveApiKey(db, key.secret)).toBeUndefined()
  })

  test('an unknown key is asked of the database every time, so a key created later works at once', async () => {
    const secret = `rk_${'x'.repeat(43)}`
    expect(await resolveApiKey(db, secret)).toBeUndefined()
    await db.query(sql`insert into api_keys (workspace_id, name, prefix, key_hash, scopes)
      values (${workspaceId}, 'late', ${secret.slice(0, 10)},
        encode(sha256(convert_to(${secret}, 'UTF8')), 'hex'), array['read'])`)
    expect(await resolveApiKey(db, secret)).toMatchObject({ workspaceId, scopes: ['read'] })
  })
})
