import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { currentResults } from './current-results.js'
import { segmentNames } from './queries.js'

/**
 * Whether a customer is in a segment of the latest computation. A segment is an RFM segment name
 * (`champions`, `at_risk`, …), `habit_broken`, or an ABC or XYZ class (`abc:A`, `xyz:Z`).
 */
export async function isInSegment(db: Db, workspaceId: string, segment: string, customerId: string) {
  const condition = segmentCondition(segment)
  if (!condition) return false
  const rows = await db.query(sql`select 1 from ${currentResults(workspaceId)} s
    where s.customer_id = ${customerId} and ${condition}`)
  return rows.length > 0
}

/** Whether the name is a segment that isInSegment understands. */
export function isSegmentName(segment: string): boolean {
  return segmentCondition(segment) !== undefined
}

function segmentCondition(segment: string) {
  if ((segmentNames as readonly string[]).includes(segment)) return sql`s.segment = ${segment}`
  if (segment === 'habit_broken') return sql`s.habit_broken`
  const klass = /^(abc|xyz):([A-CX-Z])$/.exec(segment)
  const [, scale, value = ''] = klass ?? []
  if (scale === 'abc' && 'ABC'.includes(value)) return sql`s.abc = ${value}`
  if (scale === 'xyz' && 'XYZ'.includes(value)) return sql`s.xyz = ${value}`
  return undefined
}
