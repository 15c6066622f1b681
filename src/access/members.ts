import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'
import { recordAudit } from './audit.js'
import type { Role } from './roles.js'
import { endAllSessions } from './session-ends.js'
import { unitPathInScope } from './unit-scope.js'
import { createUser, type Member, setMembership } from './users.js'
import type { WorkspaceAccess } from './workspace-access.js'

/** Who changes a membership: an owner or admin of the workspace (the CLI acts as an owner). */
export type Manager = Pick<WorkspaceAccess, 'workspaceId' | 'organizationId' | 'actor' | 'role' | 'unitPath'>

interface LockedMember {
  userId: string
  role: Role
  unitPath: string | null
}

export async function getMember(db: Db, workspaceId: string, userId: string): Promise<Member | undefined> {
  const [row] = await db.query<Member>(sql`select u.id as "userId", u.email, u.name, m.role,
      m.org_unit_id as "orgUnitId"
    from memberships m join users u on u.id = m.user_id
    where m.workspace_id = ${workspaceId} and m.user_id = ${userId}`)
  return row
}

/**
 * Adds a new user of the organisation to the workspace with a role, optionally limited to an org unit (and
 * below). Only an owner adds owners; a manager limited to a unit adds only inside it.
 */
export async function addMember(
  db: Db,
  manager: Manager,
  input: { email: string; name: string; password: string; role: Role; orgUnitId?: string | null },
): Promise<Member> {
  if (input.role === 'owner' && manager.role !== 'owner')
    throw new DomainError('forbidden', 'only an owner may add owners', 'role')
  const orgUnitId = input.orgUnitId ?? null
  await assertUnitGrantable(db, manager, orgUnitId)
  return db.transaction(async (tx) => {
    const user = await createUser(tx, { organizationId: manager.organizationId, ...input })
    await setMembership(tx, {
      workspaceId: manager.workspaceId,
      userId: user.id,
      role: input.role,
      orgUnitId,
    })
    await recordAudit(tx, {
      workspaceId: manager.workspaceId,
      actor: manager.actor,
      action: 'add_member',
      entityType: 'user',
      entityId: user.id,
      details: { role: input.role, orgUnitId },
    })
    return { userId: user.id, email: user.email, name: user.name, role: input.role, orgUnitId }
  })
}

/**
 * Changes a member's role or org unit (null: the whole workspace). Only an owner makes or unmakes owners, and
 * the last owner stays one; a manager limited to a unit manages only members inside it, and only into it.
 */
export async function changeMember(
  db: Db,
  manager: Manager,
  userId: string,
  changes: { role?: Role; orgUnitId?: string | null },
): Promise<Member> {
  if (changes.role === 'owner' && manager.role !== 'owner')
    throw new DomainError('forbidden', 'only an owner may make an owner', 'role')
  if (changes.orgUnitId !== undefined) await assertUnitGrantable(db, manager, changes.orgUnitId)
  return db.transaction(async (tx) => {
    const { target, owners } = await lockMembers(tx, manager.workspaceId, userId)
    assertMayManage(manager, target)
    const role = changes.role ?? target.role
    if (target.role === 'owner' && role !== 'owner' && owners === 1)
      throw new DomainError('conflict', 'the last owner cannot be demoted; make another owner first', 'role')
    await tx.query(sql`update memberships set role = ${role},
        org_unit_id = ${changes.orgUnitId === undefined ? sql`org_unit_id` : sql`${changes.orgUnitId}::uuid`}
      where workspace_id = ${manager.workspaceId} and user_id = ${userId}`)
    await recordAudit(tx, {
      workspaceId: manager.workspaceId,
      actor: manager.actor,
      action: 'change_member',
      entityType: 'user',
      entityId: userId,
      details: { from: { role: target.role }, to: changes },
    })
    const member = await getMember(tx, manager.workspaceId, userId)
    if (!member) throw new DomainError('not_found', 'member not found')
    return member
  })
}

/**
 * Takes a member out of the workspace, at once: their next request there is refused. Someone left without any
 * workspace is logged out everywhere. The last owner cannot be removed.
 */
export async function removeMember(db: Db, manager: Manager, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { target, owners } = await lockMembers(tx, manager.workspaceId, userId)
    assertMayManage(manager, target)
    if (target.role === 'owner' && owners === 1)
      throw new DomainError('conflict', 'the last owner cannot be removed; make another owner first')
    await tx.query(
      sql`delete from memberships where workspace_id = ${manager.workspaceId} and user_id = ${userId}`,
    )
    const left = await tx.query(sql`select 1 from memberships where user_id = ${userId} limit 1`)
    if (left.length === 0) await endAllSessions(tx, userId)
    await recordAudit(tx, {
      workspaceId: manager.workspaceId,
      actor: manager.actor,
      action: 'remove_member',
      entityType: 'user',
      entityId: userId,
      details: { role: target.role },
    })
  })
}

// Every membership of the workspace is locked, so that two owners demoting each other cannot both succeed.
async function lockMembers(
  tx: Db,
  workspaceId: string,
  userId: string,
): Promise<{ target: LockedMember; owners: number }> {
  const rows = await tx.query<LockedMember>(sql`select m.user_id as "userId", m.role, u.path as "unitPath"
    from memberships m left join org_units u on u.id = m.org_unit_id
    where m.workspace_id = ${workspaceId} order by m.user_id for update of m`)
  const target = rows.find((m) => m.userId === userId)
  if (!target) throw new DomainError('not_found', 'member not found')
  return { target, owners: rows.filter((m) => m.role === 'owner').length }
}

function assertMayManage(manager: Manager, target: LockedMember): void {
  if (target.role === 'owner' && manager.role !== 'owner')
    throw new DomainError('forbidden', 'only an owner may change or remove an owner')
  if (!unitPathInScope(manager, target.unitPath))
    throw new DomainError('forbidden', 'this member is outside your org unit')
}

/** Refuses an org unit (null: the whole workspace) that the manager may not hand out. */
export async function assertUnitGrantable(db: Db, manager: Manager, orgUnitId: string | null): Promise<void> {
  if (orgUnitId === null) {
    if (manager.unitPath !== null)
      throw new DomainError('forbidden', 'you may not give access to the whole workspace', 'orgUnitId')
    return
  }
  const [unit] = await db.query<{ path: string }>(
    sql`select path from org_units where workspace_id = ${manager.workspaceId} and id = ${orgUnitId}`,
  )
  if (!unit) throw new DomainError('invalid', 'no such org unit in this workspace', 'orgUnitId')
  if (!unitPathInScope(manager, unit.path))
    throw new DomainError('forbidden', 'this org unit is outside your own', 'orgUnitId')
}

/**
 * Whether a person may act on another's login (password, sessions): they must hold owner or admin over every
 * workspace the other belongs to (an owner there only if the other is one), else a reset would open doors
 * they do not hold. The CLI (no user) may always.
 */
export async function assertMayActOnLogin(db: Db, manager: Manager, userId: string): Promise<void> {
  const member = await getMember(db, manager.workspaceId, userId)
  if (!member) throw new DomainError('not_found', 'member not found')
  const managerId = manager.actor.userId
  if (managerId === null) return
  const [row] = await db.query<{ uncovered: number }>(sql`select count(*)::int as uncovered
    from memberships t left join org_units tu on tu.id = t.org_unit_id
    where t.user_id = ${userId} and not exists (
      select 1 from memberships m left join org_units mu on mu.id = m.org_unit_id
      where m.workspace_id = t.workspace_id and m.user_id = ${managerId} and m.role in ('owner', 'admin')
        and (t.role <> 'owner' or m.role = 'owner')
        and (m.org_unit_id is null or tu.path like mu.path || '%'))`)
  if ((row?.uncovered ?? 1) > 0)
    throw new DomainError('forbidden', "this person's access reaches beyond yours; ask an owner")
}
