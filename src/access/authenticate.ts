import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import type { Db } from '../db/db.js'
import { isUuid } from '../db/is-uuid.js'
import { sql } from '../db/sql.js'
import { forbidden, HttpError, notFound, unauthorized } from '../http/errors.js'
import { resolveApiKey } from './api-keys.js'
import type { Permission, Role } from './roles.js'
import { roleCan, scopesCan } from './roles.js'
import { resolveSession, SESSION_COOKIE } from './sessions.js'
import type { WorkspaceAccess } from './workspace-access.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

type Principal =
  | { kind: 'user'; userId: string; csrfToken: string }
  | {
      kind: 'apiKey'
      keyId: string
      workspaceId: string
      organizationId: string
      scopes: WorkspaceAccess['scopes'] & {}
    }

/** The person (session cookie) or API key (Bearer) behind a request; 401 when neither. */
export async function authenticate(c: Context, db: Db): Promise<Principal> {
  const header = c.req.header('authorization')
  if (header) {
    const match = /^Bearer\s+(rk_[A-Za-z0-9_-]+)$/.exec(header)
    const key = match ? await resolveApiKey(db, match[1]!) : undefined
    if (!key) throw new HttpError(401, 'invalid_api_key', 'the API key is not valid or has been revoked')
    return {
      kind: 'apiKey',
      keyId: key.id,
      workspaceId: key.workspaceId,
      organizationId: key.organizationId,
      scopes: key.scopes,
    }
  }
  const token = getCookie(c, SESSION_COOKIE)
  const session = token ? await resolveSession(db, token) : undefined
  if (!session) throw unauthorized()
  // Cookies ride along on cross-site requests; the token in a header proves the page is ours.
  if (!SAFE_METHODS.has(c.req.method) && c.req.header('x-csrf-token') !== session.csrfToken) {
    throw new HttpError(403, 'csrf', 'missing or wrong x-csrf-token header')
  }
  return { kind: 'user', userId: session.userId, csrfToken: session.csrfToken }
}

/** The session's user, or 401; for the routes that are not inside a workspace. */
export async function requireUser(c: Context, db: Db): Promise<{ userId: string; csrfToken: string }> {
  const principal = await authenticate(c, db)
  if (principal.kind !== 'user') throw forbidden('this route needs a person logged in, not an API key')
  return principal
}

/**
 * Resolves the caller's access to a workspace. A workspace the caller cannot see is 404,
 * never 403, so that its existence does not leak. wholeWorkspace refuses members limited to an org unit:
 * for what reaches every unit (API keys, webhook sources, workspace settings).
 */
export async function authorizeWorkspace(
  c: Context,
  db: Db,
  workspaceId: string,
  permission: Permission,
  options: { wholeWorkspace?: boolean } = {},
): Promise<WorkspaceAccess> {
  const principal = await authenticate(c, db)
  if (!isUuid(workspaceId)) throw notFound('workspace')
  if (principal.kind === 'apiKey') {
    if (principal.workspaceId !== workspaceId) throw notFound('workspace')
    if (!scopesCan(principal.scopes, permission))
      throw forbidden(`this API key lacks the scope for ${permission}`)
    // The key's lookup joined its workspace already: no second round trip on every API request.
    return {
      workspaceId,
      organizationId: principal.organizationId,
      actor: { userId: null, apiKeyId: principal.keyId },
      role: null,
      scopes: principal.scopes,
      unitPath: null,
    }
  }
  const [member] = await db.query<{ role: Role; organizationId: string; unitPath: string | null }>(sql`
    select m.role, w.organization_id as "organizationId", u.path as "unitPath"
    from memberships m join workspaces w on w.id = m.workspace_id
    left join org_units u on u.id = m.org_unit_id
    where m.workspace_id = ${workspaceId} and m.user_id = ${principal.userId}`)
  if (!member) throw notFound('workspace')
  if (!roleCan(member.role, permission)) throw forbidden(`the ${member.role} role may not ${permission} here`)
  if (options.wholeWorkspace && member.unitPath !== null)
    throw forbidden('this reaches the whole workspace; a member limited to an org unit may not')
  return {
    workspaceId,
    organizationId: member.organizationId,
    actor: { userId: principal.userId, apiKeyId: null },
    role: member.role,
    scopes: null,
    unitPath: member.unitPath,
  }
}
