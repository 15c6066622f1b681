import type { Actor } from './audit.js'
import type { Role, Scope } from './roles.js'

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
