import { z } from 'zod'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordWeakness } from './password-policy.js'
import { hashPassword } from './passwords.js'
import type { Role } from './roles.js'
import { type UnitAccess, unitScope } from './unit-scope.js'

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH)
  .superRefine((password, ctx) => {
    const weakness = passwordWeakness(password)
    if (weakness) ctx.addIssue({ code: 'custom', message: weakness })
  })
export const emailSchema = z.string().trim().toLowerCase().email('must be an e-mail address').max(320)

export interface User {
  id: string
  organizationId: string
  email: string
  name: string
  language: string
}

export interface WorkspaceMembership {
  id: string
  name: string
  role: Role
  orgUnitId: string | null
  /** The workspace's time zone and main currency, which the dashboard formats dates and money with. */
  timeZone: string
  currency: string
}

const userColumns = sql`id, organization_id as "organizationId", email, name, language`

/** Creates a user in an organization; the e-mail must be new, and the password not made of it or the name. */
export async function createUser(
  db: Db,
  input: { organizationId: string; email: string; name: string; password: string; language?: string },
): Promise<User> {
  const weakness = passwordWeakness(input.password, input)
  if (weakness) throw new DomainError('invalid', weakness, 'password')
  const passwordHash = await hashPassword(input.password)
  // The unique index decides, not an earlier look: of two requests at once, one gets the user, one the 409.
  const [user] =
    await db.query<User>(sql`insert into users (organization_id, email, name, password_hash, language)
    values (${input.organizationId}, ${input.email}, ${input.name}, ${passwordHash}, ${input.language ?? 'en'})
    on conflict do nothing
    returning ${userColumns}`)
  if (!user) throw new DomainError('conflict', `a user with e-mail ${input.email} already exists`, 'email')
  return user
}

export async function findUserByEmail(
  db: Db,
  email: string,
): Promise<(User & { passwordHash: string }) | undefined> {
  const [row] = await db.query<User & { passwordHash: string }>(
    sql`select ${userColumns}, password_hash as "passwordHash" from users where lower(email) = lower(${email})`,
  )
  return row
}

export async function getUser(db: Db, id: string): Promise<User | undefined> {
  const [row] = await db.query<User>(sql`select ${userColumns} from users where id = ${id}`)
  return row
}

/** Gives a user a role in a workspace, optionally limited to an org unit and below. */
export async function setMembership(
  db: Db,
  input: { workspaceId: string; userId: string; role: Role; orgUnitId?: string | null },
): Promise<void> {
  await db.query(sql`insert into memberships (workspace_id, user_id, role, org_unit_id)
    values (${input.workspaceId}, ${input.userId}, ${input.role}, ${input.orgUnitId ?? null})
    on conflict (workspace_id, user_id) do update set role = excluded.role, org_unit_id = excluded.org_unit_id`)
}

/** The workspaces a user belongs to, with their role in each. */
export async function listMemberships(db: Db, userId: string): Promise<WorkspaceMembership[]> {
  return db.query<WorkspaceMembership>(sql`select w.id, w.name, m.role, m.org_unit_id as "orgUnitId",
      w.time_zone as "timeZone", w.currency
    from memberships m join workspaces w on w.id = m.workspace_id
    where m.user_id = ${userId} order by w.created_at, w.name`)
}

export interface Member {
  userId: string
  email: string
  name: string
  role: Role
  orgUnitId: string | null
}

/**
 * The members the caller may manage: all of them for the whole workspace; for a caller limited to an org unit,
 * those limited to that unit or one below it (not the ones over the whole workspace).
 */
export async function listMembers(db: Db, access: UnitAccess): Promise<Member[]> {
  return db.query<Member>(sql`select u.id as "userId", u.email, u.name, m.role, m.org_unit_id as "orgUnitId"
    from memberships m join users u on u.id = m.user_id
    where m.workspace_id = ${access.workspaceId} and ${unitScope(access, sql`m.org_unit_id`)}
    order by u.name`)
}
