import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import type { Actor } from './audit.js'
import { recordAudit } from './audit.js'
import { createOrgUnit } from './org-units.js'
import { setMembership } from './users.js'
import { createWorkspace, type Workspace } from './workspaces.js'

/**
 * Whether a user is an owner or admin of their organisation: owner or admin, for the whole workspace, of at
 * least one of its workspaces. Only they create workspaces.
 */
export async function mayCreateWorkspaces(db: Db, userId: string): Promise<boolean> {
  const rows = await db.query(sql`select 1 from memberships m
      join workspaces w on w.id = m.workspace_id join users u on u.id = m.user_id
    where m.user_id = ${userId} and w.organization_id = u.organization_id
      and m.role in ('owner', 'admin') and m.org_unit_id is null
    limit 1`)
  return rows.length > 0
}

/** A new workspace of the organisation with its root org unit, owned by ownerUserId. */
export async function addWorkspace(
  db: Db,
  input: { organizationId: string; name: string; ownerUserId: string; actor: Actor },
): Promise<Workspace> {
  return db.transaction(async (tx) => {
    const ws = await createWorkspace(tx, input.organizationId, input.name)
    await createOrgUnit(tx, ws.id, { code: 'company', name: input.name, kind: 'company' })
    await setMembership(tx, { workspaceId: ws.id, userId: input.ownerUserId, role: 'owner' })
    await recordAudit(tx, {
      workspaceId: ws.id,
      organizationId: input.organizationId,
      actor: input.actor,
      action: 'create',
      entityType: 'workspace',
      entityId: ws.id,
    })
    return ws
  })
}
