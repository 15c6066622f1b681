import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { ownerInput, setUp, type TestClient, testApp } from '../server/test-client.js'

// Four entries worked by hand, recorded in the order e1…e4 (so their ids rise):
//   entry  action  actor        at
//   e1     update  Olena Owner  Jan 2
//   e2     create  (system)     Jan 1
//   e3     delete  Olena Owner  Jan 2
//   e4     create  (system)     Jan 3
// The filter entityType=probe leaves out what setup itself recorded.

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`audit log sorted on ${driver.name}`, () => {
    let db: Db
    let owner: TestClient
    let ws: string
    const list = async (query: string) =>
      (
        await owner.json<{ items: { entityId: string }[] }>(
          'GET',
          `/api/v1/workspaces/${ws}/audit?entityType=probe&${query}`,
        )
      ).body.items.map((e) => e.entityId)
    const csv = async (query: string) =>
      (
        await (
          await owner.request('GET', `/api/v1/workspaces/${ws}/audit.csv?entityType=probe&${query}`)
        ).text()
      )
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[3])

    beforeAll(async () => {
      const made = await testApp(await driver.open())
      db = made.db
      ;({ owner, workspaceId: ws } = await setUp(made.app))
      const [user] = await db.query<{ id: string }>(
        sql`select id from users where email = ${ownerInput.email}`,
      )
      const olena = user?.id ?? null
      const entries: [string, string, string | null, string][] = [
        ['e1', 'update', olena, '2026-01-02'],
        ['e2', 'create', null, '2026-01-01'],
        ['e3', 'delete', olena, '2026-01-02'],
        ['e4', 'create', null, '2026-01-03'],
      ]
      for (const [entity, action, actor, at] of entries)
        await db.query(sql`insert into audit_log (workspace_id, actor_user_id, action, entity_type, entity_id, at)
          values (${ws}, ${actor}, ${action}, 'probe', ${entity}, ${new Date(at)})`)
    })
    afterAll(async () => {
      await db?.close()
    })

    test('unsorted: newest first, the same time by the later entry first; the CSV alike', async () => {
      expect(await list('')).toEqual(['e4', 'e3', 'e1', 'e2'])
      expect(await csv('')).toEqual(['e4', 'e3', 'e1', 'e2'])
    })

    test('by action both ways, ties by entry in the same direction; paged', async () => {
      expect(await list('sort=action&dir=asc')).toEqual(['e2', 'e4', 'e3', 'e1'])
      expect(await list('sort=action&dir=desc')).toEqual(['e1', 'e3', 'e4', 'e2'])
      expect(await list('sort=action&dir=desc&limit=2&offset=1')).toEqual(['e3', 'e4'])
      expect(await list('sort=at')).toEqual(['e2', 'e1', 'e3', 'e4'])
    })

    test('by person: the system (no person) last either way; the CSV in the same order', async () => {
      expect(await list('sort=actor&dir=asc')).toEqual(['e1', 'e3', 'e2', 'e4'])
      expect(await list('sort=actor&dir=desc')).toEqual(['e3', 'e1', 'e4', 'e2'])
      expect(await csv('sort=actor&dir=desc')).toEqual(['e3', 'e1', 'e4', 'e2'])
    })

    test('a sort that is not a column is a 400 naming sort, on the list and the CSV', async () => {
      for (const path of ['audit', 'audit.csv']) {
        const response = await owner.json<{ error: { details: { field: string }[] } }>(
          'GET',
          `/api/v1/workspaces/${ws}/${path}?sort=details`,
        )
        expect(response.status).toBe(400)
        expect(response.body.error.details[0]?.field).toBe('sort')
      }
    })
  })
}
