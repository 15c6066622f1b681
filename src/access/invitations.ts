import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'
import { recordAudit } from './audit.js'
import { assertUnitGrantable, type Manager } from './members.js'
import { verifyPasswordOfUser } from './passwords.js'
import type { Role } from './roles.js'
import { hashSecret, newSecret } from './tokens.js'
import { unitPathInScope } from './unit-scope.js'
import { createUser, findUserByEmail, setMembership, type User } from './users.js'

/** How long an invitation link stays valid. */
export const INVITATION_DAYS = 7

export interface Invitation {
  id: string
  email: string
  role: Role
  orgUnitId: string | null
  createdAt: Date
  expiresAt: Date
  acceptedAt: Date | null
  revokedAt: Date | null
}

const columns = sql`i.id, i.email, i.role, i.org_unit_id as "orgUnitId", i.created_at as "createdAt",
  i.expires_at as "expiresAt", i.accepted_at as "acceptedAt", i.revoked_at as "revokedAt"`

/**
 * Invites a person by e-mail into the workspace with a role (and org unit); returns the invitation and the
 * token of its link, shown or mailed once. The same rules as adding a member: only an owner invites owners, a
 * manager limited to a unit invites only into it.
 */
export async function createInvitation(
  db: Db,
  manager: Manager,
  input: { email: string; role: Role; orgUnitId?: string | null },
  now: Date,
): Promise<{ invitation: Invitation; token: string }> {
  if (input.role === 'owner' && manager.role !== 'owner')
    throw new DomainError('forbidden', 'only an owner may invite owners', 'role')
  const orgUnitId = input.orgUnitId ?? null
  await assertUnitGrantable(db, manager, orgUnitId)
  const user = await findUserByEmail(db, input.email)
  if (user && user.organizationId !== manager.organizationId)
    throw new DomainError('conflict', 'this e-mail belongs to a user of another organisation', 'email')
  if (user) {
    const member = await db.query(
      sql`select 1 from memberships where workspace_id = ${manager.workspaceId} and user_id = ${user.id}`,
    )
    if (member.length > 0) throw new DomainError('conflict', 'this person is already a member', 'email')
  }
  const token = newSecret()
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000)
  return db.transaction(async (tx) => {
    const [invitation] = await tx.query<Invitation>(sql`with i as (
        insert into member_invitations (workspace_id, email, role, org_unit_id, token_hash, invited_by, expires_at)
        values (${manager.workspaceId}, ${input.email}, ${input.role}, ${orgUnitId}, ${hashSecret(token)},
          ${manager.actor.userId}, ${expiresAt})
        returning *)
      select ${columns} from i`)
    await recordAudit(tx, {
      workspaceId: manager.workspaceId,
      actor: manager.actor,
      action: 'invite',
      entityType: 'invitation',
      entityId: invitation!.id,
      details: { email: input.email, role: input.role, orgUnitId },
    })
    return { invitation: invitation!, token }
  })
}

/** The open invitations of the workspace inside the manager's unit, newest first. */
export async function listInvitations(db: Db, manager: Manager, now: Date): Promise<Invitation[]> {
  const rows = await db.query<
    Invitation & { unitPath: string | null }
  >(sql`select ${columns}, u.path as "unitPath"
    from member_invitations i left join org_units u on u.id = i.org_unit_id
    where i.workspace_id = ${manager.workspaceId} and i.accepted_at is null and i.revoked_at is null
      and i.expires_at > ${now}
    order by i.created_at desc limit 500`)
  return rows.filter((r) => unitPathInScope(manager, r.unitPath)).map(({ unitPath: _, ...r }) => r)
}

/** Withdraws an open invitation; its link stops working at once. */
export async function revokeInvitation(db: Db, manager: Manager, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockOpenInvitation(tx, manager, id, 'withdraw')
    await tx.query(sql`update member_invitations set revoked_at = now() where id = ${id}`)
    await recordAudit(tx, {
      workspaceId: manager.workspaceId,
      actor: manager.actor,
      action: 'revoke',
      entityType: 'invitation',
      entityId: id,
    })
  })
}

/**
 * Gives an unanswered invitation (expired or not) a new link, valid INVITATION_DAYS from now; the old link stops
 * working at once. Returns the invitation and the new link's token, shown or mailed once.
 */
export async function resendInvitation(
  db: Db,
  manager: Manager,
  id: string,
  now: Date,
): Promise<{ invitation: Invitation; token: string }> {
  const token = newSecret()
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000)
  return db.transaction(async (tx) => {
    await lockOpenInvitation(tx, manager, id, 'resend')
    const [invitation] = await tx.query<Invitation>(sql`with i as (
        update member_invitations set token_hash = ${hashSecret(token)}, expires_at = ${expiresAt}
        where id = ${id} returning *)
      select ${columns} from i`)
    await recordAudit(tx, {
      workspaceId: manager.workspaceId,
      actor: manager.actor,
      action: 'resend',
      entityType: 'invitation',
      entityId: id,
      details: { email: invitation!.email, expiresAt: expiresAt.toISOString() },
    })
    return { invitation: invitation!, token }
  })
}

// An unanswered invitation of the workspace that the manager may act on, locked until the transaction ends.
async function lockOpenInvitation(tx: Db, manager: Manager, id: string, verb: string): Promise<void> {
  const [row] = await tx.query<{
    unitPath: string | null
    role: Role
  }>(sql`select u.path as "unitPath", i.role
    from member_invitations i left join org_units u on u.id = i.org_unit_id
    where i.workspace_id = ${manager.workspaceId} and i.id = ${id} and i.accepted_at is null
      and i.revoked_at is null for update of i`)
  if (!row) throw new DomainError('not_found', 'invitation not found')
  if (!unitPathInScope(manager, row.unitPath))
    throw new DomainError('forbidden', 'this invitation is outside your org unit')
  if (row.role === 'owner' && manager.role !== 'owner')
    throw new DomainError('forbidden', `only an owner may ${verb} the invitation of an owner`)
}

export interface OpenInvitation {
  id: string
  workspaceId: string
  organizationId: string
  workspaceName: string
  email: string
  role: Role
  orgUnitId: string | null
  /** Whether the e-mail already has a login (they confirm with their password instead of choosing one). */
  existingUser: boolean
}

/** The invitation a link's token opens, if it is still open. */
export async function findOpenInvitation(
  db: Db,
  token: string,
  now: Date,
): Promise<OpenInvitation | undefined> {
  const [row] = await db.query<
    Omit<OpenInvitation, 'existingUser'>
  >(sql`select i.id, i.workspace_id as "workspaceId",
      w.organization_id as "organizationId", w.name as "workspaceName", i.email, i.role, i.org_unit_id as "orgUnitId"
    from member_invitations i join workspaces w on w.id = i.workspace_id
    where i.token_hash = ${hashSecret(token)} and i.accepted_at is null and i.revoked_at is null
      and i.expires_at > ${now}`)
  if (!row) return undefined
  const user = await findUserByEmail(db, row.email)
  return { ...row, existingUser: user !== undefined }
}

/**
 * Accepts an invitation: a new person chooses their name and password; someone who already has a login proves
 * it with their password. Either way they become a member with the invited role, once.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  input: { name?: string; password: string; language?: string },
  now: Date,
): Promise<{ user: User; workspaceId: string }> {
  const open = await findOpenInvitation(db, token, now)
  if (!open) throw new DomainError('not_found', 'this invitation is not valid any more; ask for a new one')
  const existing = await findUserByEmail(db, open.email)
  if (existing && !(await verifyPasswordOfUser(input.password, existing.passwordHash)))
    throw new DomainError('invalid', 'wrong password for this e-mail', 'password')
  if (!existing && !input.name) throw new DomainError('invalid', 'your name is needed', 'name')
  return db.transaction(async (tx) => {
    // Only one of two clicks at once takes the invitation.
    const taken = await tx.query(sql`update member_invitations set accepted_at = now()
      where id = ${open.id} and accepted_at is null and revoked_at is null returning id`)
    if (taken.length === 0) throw new DomainError('conflict', 'this invitation has just been used')
    const user = existing
      ? {
          id: existing.id,
          organizationId: existing.organizationId,
          email: existing.email,
          name: existing.name,
          language: existing.language,
        }
      : await createUser(tx, {
          organizationId: open.organizationId,
          email: open.email,
          name: input.name!,
          password: input.password,
          language: input.language,
        })
    await setMembership(tx, {
      workspaceId: open.workspaceId,
      userId: user.id,
      role: open.role,
      orgUnitId: open.orgUnitId,
    })
    await recordAudit(tx, {
      workspaceId: open.workspaceId,
      actor: { userId: user.id, apiKeyId: null },
      action: 'accept_invitation',
      entityType: 'invitation',
      entityId: open.id,
      details: { role: open.role, orgUnitId: open.orgUnitId },
    })
    return { user, workspaceId: open.workspaceId }
  })
}
