import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'
import { recordAudit } from './audit.js'
import { createOrgUnit } from './org-units.js'
import { createUser, setMembership, type User } from './users.js'
import { createOrganization, createWorkspace, needsSetup, type Workspace } from './workspaces.js'

/** First run: the organization, its first workspace with a root org unit, and the owner. */
export async function setupOwner(
  db: Db,
  input: { organizationName: string; workspaceName: string; name: string; email: string; password: string },
): Promise<{ user: User; workspace: Workspace }> {
  return db.transaction(async (tx) => {
    // Two first runs at once would otherwise both find no user and make two organizations.
    if (tx.kind === 'postgres') await tx.query(sql`select pg_advisory_xact_lock(4405)`)
    if (!(await needsSetup(tx))) throw new DomainError('conflict', 'Rapport is already set up; log in')
    const organization = await createOrganization(tx, input.organizationName)
    const workspace = await createWorkspace(tx, organization.id, input.workspaceName)
    await createOrgUnit(tx, workspace.id, { code: 'company', name: input.organizationName, kind: 'company' })
    const user = await createUser(tx, { organizationId: organization.id, ...input })
    await setMembership(tx, { workspaceId: workspace.id, userId: user.id, role: 'owner' })
    await recordAudit(tx, {
      workspaceId: workspace.id,
      organizationId: organization.id,
      actor: { userId: user.id, apiKeyId: null },
      action: 'setup',
      entityType: 'workspace',
      entityId: workspace.id,
    })
    return { user, workspace }
  })
}
