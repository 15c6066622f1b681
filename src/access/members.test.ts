import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { DomainError } from '../errors/domain-error.js'
import { systemActor } from './audit.js'
import { changeMember, type Manager, removeMember } from './members.js'
import { createUser, setMembership } from './users.js'
import { createOrganization, createWorkspace } from './workspaces.js'

// The last owner holds even when two changes race: the workspace's memberships are locked while one is decided.

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`the last owner on ${driver.name}`, () => {
    let db: Db
    let manager: Manager
    let n = 0

    beforeAll(async () => {
      db = await driver.open()
      const org = await createOrganization(db, 'Org')
      const ws = await createWorkspace(db, org.id, 'Shop')
      manager = {
        workspaceId: ws.id,
        organizationId: org.id,
        actor: systemActor,
        role: 'owner',
        unitPath: null,
      }
    })

    afterAll(async () => {
      await db.close()
    })

    async function owners(count: number): Promise<string[]> {
      await db.query(sql`delete from memberships where workspace_id = ${manager.workspaceId}`)
      const ids: string[] = []
      for (let i = 0; i < count; i++) {
        const user = await createUser(db, {
          organizationId: manager.organizationId,
          email: `owner-${n++}@org.test`,
          name: 'Owner',
          password: 'a long enough password',
        })
        await setMembership(db, { workspaceId: manager.workspaceId, userId: user.id, role: 'owner' })
        ids.push(user.id)
      }
      return ids
    }

    const ownerCount = async () =>
      (
        await db.query<{ n: number }>(sql`select count(*)::int as n from memberships
          where workspace_id = ${manager.workspaceId} and role = 'owner'`)
      )[0]?.n

    test('two owners demoting each other at once: one change wins, one owner remains', async () => {
      const [a = '', b = ''] = await owners(2)
      const results = await Promise.allSettled([
        changeMember(db, manager, a, { role: 'admin' }),
        changeMember(db, manager, b, { role: 'admin' }),
      ])
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      const refused = results.find((r) => r.status === 'rejected')
      expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(DomainError)
      expect(await ownerCount()).toBe(1)
    })

    test('two owners removing each other at once: one owner remains', async () => {
      const [a = '', b = ''] = await owners(2)
      const results = await Promise.allSettled([removeMember(db, manager, a), removeMember(db, manager, b)])
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      expect(await ownerCount()).toBe(1)
    })
  })
}
