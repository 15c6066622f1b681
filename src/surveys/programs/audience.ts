import { inUnitTree } from '../../access/unit-scope.js'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import type { Audience } from './program.js'
import { segmentMembership } from './segment-membership.js'

/** Whether the customer is in the program's audience: every attribute, the org unit or below, the segment. */
export async function inAudience(
  db: Db,
  workspaceId: string,
  customerId: string,
  audience: Audience,
): Promise<boolean> {
  const attributes = audience.attributes ?? {}
  const unit = audience.orgUnitId
    ? sql`and ${inUnitTree(workspaceId, sql`c.org_unit_id`, audience.orgUnitId)}`
    : sql.empty
  const rows = await db.query(sql`select 1 from customers c
    where c.workspace_id = ${workspaceId} and c.id = ${customerId}
      and c.attributes @> ${JSON.stringify(attributes)}::jsonb ${unit}`)
  if (rows.length === 0) return false
  if (!audience.segmentId) return true
  const check = segmentMembership()
  // A segment nobody can evaluate matches no one, rather than everyone.
  return check ? check(db, workspaceId, audience.segmentId, customerId) : false
}
