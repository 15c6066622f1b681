import { randomBytes } from 'node:crypto'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'
import { recordAudit } from './audit.js'
import { assertMayActOnLogin, type Manager } from './members.js'
import { hashPassword, verifyPassword } from './passwords.js'
import { endAllSessions, endOtherSessions } from './session-ends.js'

/**
 * Changes one's own password, proven by the current one; every other session of theirs ends, the one making
 * the change (keepToken) stays.
 */
export async function changeOwnPassword(
  db: Db,
  input: { userId: string; currentPassword: string; newPassword: string; keepToken: string | null },
): Promise<void> {
  const [user] = await db.query<{ passwordHash: string; organizationId: string }>(
    sql`select password_hash as "passwordHash", organization_id as "organizationId" from users where id = ${input.userId}`,
  )
  if (!user) throw new DomainError('not_found', 'user not found')
  if (!(await verifyPassword(input.currentPassword, user.passwordHash)))
    throw new DomainError('forbidden', 'the current password is wrong', 'currentPassword')
  const passwordHash = await hashPassword(input.newPassword)
  await db.transaction(async (tx) => {
    await tx.query(sql`update users set password_hash = ${passwordHash} where id = ${input.userId}`)
    await endOtherSessions(tx, input.userId, input.keepToken)
    await recordAudit(tx, {
      workspaceId: null,
      organizationId: user.organizationId,
      actor: { userId: input.userId, apiKeyId: null },
      action: 'change_password',
      entityType: 'user',
      entityId: input.userId,
    })
  })
}

/**
 * Sets a member's password, to the one given or to a generated one that is returned once; all their sessions
 * end. Needs power over every workspace they belong to (see assertMayActOnLogin).
 */
export async function resetPassword(
  db: Db,
  manager: Manager,
  userId: string,
  password?: string,
): Promise<{ temporaryPassword: string | null }> {
  await assertMayActOnLogin(db, manager, userId)
  const temporaryPassword = password === undefined ? generatePassword() : null
  const passwordHash = await hashPassword(password ?? temporaryPassword ?? '')
  await db.transaction(async (tx) => {
    await tx.query(sql`update users set password_hash = ${passwordHash} where id = ${userId}`)
    await endAllSessions(tx, userId)
    await recordAudit(tx, {
      workspaceId: manager.workspaceId,
      actor: manager.actor,
      action: 'reset_password',
      entityType: 'user',
      entityId: userId,
      details: { generated: temporaryPassword !== null },
    })
  })
  return { temporaryPassword }
}

/** Logs a member out everywhere, at once; the number of sessions ended. */
export async function endMemberSessions(db: Db, manager: Manager, userId: string): Promise<number> {
  await assertMayActOnLogin(db, manager, userId)
  return db.transaction(async (tx) => {
    const ended = await endAllSessions(tx, userId)
    await recordAudit(tx, {
      workspaceId: manager.workspaceId,
      actor: manager.actor,
      action: 'end_sessions',
      entityType: 'user',
      entityId: userId,
      details: { ended },
    })
    return ended
  })
}

/** 20 URL-safe characters (120 bits): typed once, then changed by its owner. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url')
}
