import type { Actor } from './audit.js'
import { type Permission, type Role, roleCan, type Scope, scopesCan } from './roles.js'

/** Who is acting in a workspace, and how far they may see. */
export interface WorkspaceAccess {
  workspaceId: string
  organizationId: string
  actor: Actor
  /** Set for people; API keys act with scopes instead. */
  role: Role | null
  scopes: readonly Scope[] | null
  /** The org unit path the actor is limited to ('/a/b/'), or null for the whole workspace. */
  unitPath: string | null
}

/**
 * Whether an authorized caller may also do this, by the rule authorizeWorkspace enforces: for a route that
 * shows more to those who may (wholeWorkspace: what reaches every unit, refused to a member limited to one).
 */
export function accessCan(
  access: Pick<WorkspaceAccess, 'role' | 'scopes' | 'unitPath'>,
  permission: Permission,
  options: { wholeWorkspace?: boolean } = {},
): boolean {
  const allowed =
    access.role === null ? scopesCan(access.scopes ?? [], permission) : roleCan(access.role, permission)
  return allowed && !(options.wholeWorkspace && access.unitPath !== null)
}
