import { randomBytes } from 'node:crypto'
import { createUser, setMembership } from '../access/users.js'
import type { Db } from '../db/db.js'

export const DEMO_EMAIL = 'demo@rapport.local'

/**
 * The demo workspace's owner, with a password generated for this database: a demo may run on a reachable
 * server, where a fixed password printed in the docs would open it to anyone.
 */
export async function createDemoOwner(
  db: Db,
  place: { organizationId: string; workspaceId: string },
): Promise<{ email: string; password: string }> {
  const password = randomBytes(12).toString('base64url')
  const user = await createUser(db, {
    organizationId: place.organizationId,
    email: DEMO_EMAIL,
    name: 'Demo owner',
    password,
  })
  await setMembership(db, { workspaceId: place.workspaceId, userId: user.id, role: 'owner' })
  return { email: DEMO_EMAIL, password }
}
