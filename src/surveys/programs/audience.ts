import { inUnitTree } from '../../access/unit-scope.js'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import type { Audience } from './program.js'

/**
 * The segments capability as survey delivery needs it; the composition root (src/server/) passes it in,
 * so that every process that delivers (HTTP app or job worker) evaluates segments the same way.
 */
export interface SegmentMembership {
  /** Whether a customer is in the segment now. */
  isMember(db: Db, workspaceId: string, segmentId: string, customerId: string): Promise<boolean>
  /** Whether a segment of this id exists (e.g. champions, abc:A). */
  isKnown(segmentId: string): boolean
}

/** Whether the customer is in the program's audience: every attribute, the org unit or below, the segment. */
export async function inAudience(
  db: Db,
  workspaceId: string,
  customerId: string,
  audience: Audience,
  segments: SegmentMembership,
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
  return segments.isMember(db, workspaceId, audience.segmentId, customerId)
}
