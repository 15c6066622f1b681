import { z } from 'zod'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'

export const orgUnitInputSchema = z.object({
  code: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['company', 'region', 'store', 'team', 'unit']).default('unit'),
  parentCode: z.string().trim().min(1).max(100).nullish(),
})
export type OrgUnitInput = z.input<typeof orgUnitInputSchema>

export interface OrgUnit {
  id: string
  code: string
  name: string
  kind: string
  parentId: string | null
  path: string
}

/** Creates a unit under its parent (by code); a unit without a parent is a root of the tree. */
export async function createOrgUnit(db: Db, workspaceId: string, input: OrgUnitInput): Promise<OrgUnit> {
  const unit = orgUnitInputSchema.parse(input)
  let parent: { id: string; path: string } | undefined
  if (unit.parentCode) {
    ;[parent] = await db.query<{ id: string; path: string }>(
      sql`select id, path from org_units where workspace_id = ${workspaceId} and code = ${unit.parentCode}`,
    )
    if (!parent)
      throw new DomainError('invalid', `parent org unit '${unit.parentCode}' does not exist`, 'parentCode')
  }
  // The unique (workspace, code) decides, so that two requests at once give one unit and one 409, not a 500.
  const [row] = await db.query<OrgUnit>(sql`
    with id as (select gen_random_uuid() as id)
    insert into org_units (id, workspace_id, parent_id, code, name, kind, path)
    select id.id, ${workspaceId}, ${parent?.id ?? null}, ${unit.code}, ${unit.name}, ${unit.kind},
      ${parent?.path ?? '/'} || id.id::text || '/'
    from id
    on conflict do nothing
    returning id, code, name, kind, parent_id as "parentId", path`)
  if (!row) throw new DomainError('conflict', `org unit '${unit.code}' already exists`, 'code')
  return row
}

/** All units of a workspace, parents before children. */
export async function listOrgUnits(db: Db, workspaceId: string): Promise<OrgUnit[]> {
  return db.query<OrgUnit>(sql`select id, code, name, kind, parent_id as "parentId", path
    from org_units where workspace_id = ${workspaceId} order by path`)
}

/** The unit's id and path, or undefined when it is not in this workspace. */
export async function getOrgUnit(db: Db, workspaceId: string, id: string): Promise<OrgUnit | undefined> {
  const [row] = await db.query<OrgUnit>(sql`select id, code, name, kind, parent_id as "parentId", path
    from org_units where workspace_id = ${workspaceId} and id = ${id}`)
  return row
}

/** The unit with this code in the workspace, or undefined. */
export async function findOrgUnitByCode(
  db: Db,
  workspaceId: string,
  code: string,
): Promise<OrgUnit | undefined> {
  const [row] = await db.query<OrgUnit>(sql`select id, code, name, kind, parent_id as "parentId", path
    from org_units where workspace_id = ${workspaceId} and code = ${code}`)
  return row
}

export const orgUnitChangeSchema = z
  .object({
    code: z.string().trim().min(1).max(100),
    name: z.string().trim().min(1).max(200),
    kind: z.enum(['company', 'region', 'store', 'team', 'unit']),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'give code, name or kind')

/** Renames a unit (code, name or kind); its place in the tree stays. */
export async function changeOrgUnit(
  db: Db,
  workspaceId: string,
  id: string,
  change: z.infer<typeof orgUnitChangeSchema>,
): Promise<OrgUnit> {
  const unit = await getOrgUnit(db, workspaceId, id)
  if (!unit) throw new DomainError('not_found', 'org unit not found')
  const [row] = await db.query<OrgUnit>(sql`update org_units set code = ${change.code ?? unit.code},
      name = ${change.name ?? unit.name}, kind = ${change.kind ?? unit.kind}
    where workspace_id = ${workspaceId} and id = ${id}
      and not exists (select 1 from org_units o where o.workspace_id = ${workspaceId} and o.code = ${change.code ?? unit.code}
        and o.id <> ${id})
    returning id, code, name, kind, parent_id as "parentId", path`)
  if (!row) throw new DomainError('conflict', `org unit '${change.code}' already exists`, 'code')
  return row
}

/**
 * Moves a unit, with every unit below it, under another parent (null: to the top of the tree). Members, customers
 * and answers stay in their units, so whoever manages the new parent now reaches them too. Refused when the new
 * parent is the unit itself or below it. The workspace's units are locked while the paths are rewritten, so that
 * two moves at once cannot make a cycle.
 */
export async function moveOrgUnit(
  db: Db,
  workspaceId: string,
  id: string,
  parentId: string | null,
): Promise<OrgUnit> {
  return db.transaction(async (tx) => {
    await tx.query(sql`select id from org_units where workspace_id = ${workspaceId} for update`)
    const unit = await getOrgUnit(tx, workspaceId, id)
    if (!unit) throw new DomainError('not_found', 'org unit not found')
    const parent = parentId === null ? undefined : await getOrgUnit(tx, workspaceId, parentId)
    if (parentId !== null && !parent) throw new DomainError('invalid', 'no such org unit', 'parentId')
    if (parent?.path.startsWith(unit.path))
      throw new DomainError('invalid', 'a unit cannot move under itself or a unit below it', 'parentId')
    const path = `${parent?.path ?? '/'}${unit.id}/`
    await tx.query(sql`update org_units set path = ${path} || substr(path, ${unit.path.length + 1}),
        parent_id = case when id = ${id} then ${parentId}::uuid else parent_id end
      where workspace_id = ${workspaceId} and path like ${`${unit.path}%`}`)
    return (await getOrgUnit(tx, workspaceId, id))!
  })
}

/**
 * Deletes a unit that nothing hangs on: no units below it, no members, customers or invitations in it (a member
 * left without a unit would reach the whole workspace).
 */
export async function deleteOrgUnit(db: Db, workspaceId: string, id: string): Promise<OrgUnit> {
  const unit = await getOrgUnit(db, workspaceId, id)
  if (!unit) throw new DomainError('not_found', 'org unit not found')
  const [uses] = await db.query<{
    children: number
    members: number
    customers: number
    invitations: number
  }>(sql`select
      (select count(*)::int from org_units where parent_id = ${id}) as children,
      (select count(*)::int from memberships where org_unit_id = ${id}) as members,
      (select count(*)::int from customers where workspace_id = ${workspaceId} and org_unit_id = ${id}) as customers,
      (select count(*)::int from member_invitations where org_unit_id = ${id} and accepted_at is null
        and revoked_at is null) as invitations`)
  const held = Object.entries(uses ?? {}).filter(([, n]) => n > 0)
  if (held.length > 0)
    throw new DomainError(
      'conflict',
      `the unit still has ${held.map(([what, n]) => `${n} ${what}`).join(', ')}; move or remove them first`,
    )
  await db.query(sql`delete from org_units where workspace_id = ${workspaceId} and id = ${id}`)
  return unit
}
