import { type UnitAccess, unitScope } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'

/**
 * Open cases (new, in progress, waiting on the customer) per touchpoint key, the touchpoint of the response that
 * opened each one, within the caller's org unit. Cases opened by a signal or by hand have no touchpoint.
 */
export async function countOpenCasesByTouchpoint(db: Db, access: UnitAccess): Promise<Map<string, number>> {
  const rows = await db.query<{ touchpoint: string; n: number }>(sql`
    select r.touchpoint, count(*)::int as n from cases k join responses r on r.id = k.response_id
    where k.workspace_id = ${access.workspaceId} and k.status in ('new', 'in_progress', 'waiting_on_customer')
      and ${unitScope(access, sql`k.org_unit_id`)}
    group by r.touchpoint`)
  return new Map(rows.map((r) => [r.touchpoint, r.n]))
}
