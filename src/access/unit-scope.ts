import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import type { WorkspaceAccess } from './workspace-access.js'

// The one org-unit rule for reads and writes alike: a member limited to a unit acts on that unit and below.
// Writes: ingested customers, orders and events, personal invitations and survey programs are scoped record by
// record. What reaches every unit (API keys, webhook sources, workspace settings) needs the whole workspace
// (authorizeWorkspace's wholeWorkspace). Left unscoped on purpose: survey definitions (no customer data; their
// answers carry the invitation's unit and are read through this scope) and the segment and forecast
// recomputations (they derive from stored data only and write nothing a caller chooses).

/** Who is asking: the workspace, and the org unit they are limited to (null: the whole workspace). */
export type UnitAccess = Pick<WorkspaceAccess, 'workspaceId' | 'unitPath'>

/**
 * A condition on an org unit id column: true for the whole workspace, else the caller's unit and below.
 * @example sql`select … from customers c where c.workspace_id = ${ws} and ${unitScope(access, sql`c.org_unit_id`)}`
 */
export function unitScope(access: UnitAccess, unitIdColumn: Sql): Sql {
  if (access.unitPath === null) return sql`true`
  return unitTree(access.workspaceId, unitIdColumn, sql`${`${access.unitPath}%`}`)
}

/** A condition on an org unit id column: the unit unitId of the workspace and its units below. */
export function inUnitTree(workspaceId: string, unitIdColumn: Sql, unitId: string): Sql {
  const rootPattern = sql`(select path || '%' from org_units where workspace_id = ${workspaceId} and id = ${unitId})`
  return unitTree(workspaceId, unitIdColumn, rootPattern)
}

// A unit lies below another when its path starts with the other's ('/a/' holds '/a/b/').
function unitTree(workspaceId: string, unitIdColumn: Sql, rootPattern: Sql): Sql {
  return sql`${unitIdColumn} in (select id from org_units where workspace_id = ${workspaceId} and path like ${rootPattern})`
}

/** Customers (aliased `c`) the caller may see: the workspace, and within it their org unit and below. */
export function visibleCustomers(access: UnitAccess): Sql {
  return sql`c.workspace_id = ${access.workspaceId} and ${unitScope(access, sql`c.org_unit_id`)}`
}

/**
 * A join limiting rows to the caller's customers (aliased `c`) by their customer id column; nothing for a caller
 * who sees the whole workspace, whose rows need no customer read.
 */
export function customerScope(access: UnitAccess, customerId: Sql): Sql {
  return access.unitPath === null
    ? sql.empty
    : sql`join customers c on c.id = ${customerId} and ${visibleCustomers(access)}`
}

/** Whether a unit (by its path; null for no unit) lies inside what the caller may act on. */
export function unitPathInScope(access: UnitAccess, path: string | null): boolean {
  if (access.unitPath === null) return true
  return path?.startsWith(access.unitPath) ?? false
}

/** The id of the caller's own unit, or null when they act on the whole workspace. */
export function ownUnitId(access: UnitAccess): string | null {
  if (access.unitPath === null) return null
  return access.unitPath.split('/').filter(Boolean).at(-1) ?? null
}

/** Whether the customer exists in the workspace and in the caller's unit or below. */
export async function customerInUnit(db: Db, access: UnitAccess, customerId: string): Promise<boolean> {
  const rows = await db.query(
    sql`select 1 from customers c where ${visibleCustomers(access)} and c.id = ${customerId}`,
  )
  return rows.length > 0
}

/** Whether the org unit (by id) is in the workspace and in the caller's unit or below. */
export async function orgUnitInScope(db: Db, access: UnitAccess, unitId: string): Promise<boolean> {
  const [unit] = await db.query<{ path: string }>(
    sql`select path from org_units where workspace_id = ${access.workspaceId} and id = ${unitId}`,
  )
  return unit !== undefined && unitPathInScope(access, unit.path)
}
