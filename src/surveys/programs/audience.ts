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
  /** The customer's engagement score at `now`, 0 to 100 (the loyalty capability's); undefined for no such customer. */
  engagementScore(db: Db, workspaceId: string, customerId: string, now: Date): Promise<number | undefined>
}

/**
 * Whether the customer is in the program's audience: every attribute, the org unit or below, the segment, the
 * engagement score's bounds.
 */
export async function inAudience(
  db: Db,
  workspaceId: string,
  customerId: string,
  audience: Audience,
  segments: SegmentMembership,
  now = new Date(),
): Promise<boolean> {
  const attributes = audience.attributes ?? {}
  const unit = audience.orgUnitId
    ? sql`and ${inUnitTree(workspaceId, sql`c.org_unit_id`, audience.orgUnitId)}`
    : sql.empty
  const rows = await db.query(sql`select 1 from customers c
    where c.workspace_id = ${workspaceId} and c.id = ${customerId}
      and c.attributes @> ${JSON.stringify(attributes)}::jsonb ${unit}`)
  if (rows.length === 0) return false
  if (audience.segmentId && !(await segments.isMember(db, workspaceId, audience.segmentId, customerId)))
    return false
  if (!audience.engagement) return true
  const { min = 0, max = 100 } = audience.engagement
  const score = await segments.engagementScore(db, workspaceId, customerId, now)
  return score !== undefined && score >= min && score <= max
}
