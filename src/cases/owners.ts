import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'

export interface ResolvedOwner {
  userId: string | null
  /** The unit the case belongs to (the customer's, else the owner's). */
  orgUnitId: string | null
  how: 'touchpoint' | 'unit' | 'none'
}

/**
 * The owner of a new case: the touchpoint's owner, else the agent of the customer's org unit or of the nearest
 * unit above it that has one (the one with the fewest open cases, then the longest-standing member).
 */
export async function resolveOwner(
  db: Db,
  workspaceId: string,
  input: { touchpoint: string | null; orgUnitId: string | null },
): Promise<ResolvedOwner> {
  if (input.touchpoint) {
    const [owner] = await db.query<{ userId: string; unitId: string | null }>(sql`
      select o.user_id as "userId", m.org_unit_id as "unitId" from case_touchpoint_owners o
      join memberships m on m.workspace_id = o.workspace_id and m.user_id = o.user_id
      where o.workspace_id = ${workspaceId} and o.touchpoint = ${input.touchpoint}`)
    if (owner) return { userId: owner.userId, orgUnitId: input.orgUnitId ?? owner.unitId, how: 'touchpoint' }
  }
  if (input.orgUnitId) {
    const [agent] = await db.query<{ userId: string }>(sql`
      select m.user_id as "userId"
      from org_units unit
      join org_units up on up.workspace_id = unit.workspace_id and unit.path like up.path || '%'
      join memberships m on m.workspace_id = up.workspace_id and m.org_unit_id = up.id and m.role = 'agent'
      where unit.workspace_id = ${workspaceId} and unit.id = ${input.orgUnitId}
      order by length(up.path) desc,
        (select count(*) from cases c where c.workspace_id = m.workspace_id and c.owner_user_id = m.user_id
          and c.status not in ('resolved', 'closed')),
        m.created_at, m.user_id
      limit 1`)
    if (agent) return { userId: agent.userId, orgUnitId: input.orgUnitId, how: 'unit' }
  }
  return { userId: null, orgUnitId: input.orgUnitId, how: 'none' }
}

/**
 * The manager a breached case escalates to: an owner or admin of the case's unit or of the nearest unit above,
 * else one of the workspace's unlimited owners and admins.
 */
export async function unitManager(
  db: Db,
  workspaceId: string,
  orgUnitId: string | null,
): Promise<string | null> {
  const [row] = await db.query<{ userId: string }>(sql`
    select m.user_id as "userId"
    from memberships m
    left join org_units up on up.id = m.org_unit_id
    where m.workspace_id = ${workspaceId} and m.role in ('owner', 'admin')
      and (m.org_unit_id is null or ${orgUnitId}::uuid in (
        select unit.id from org_units unit where unit.workspace_id = ${workspaceId} and unit.path like up.path || '%'))
    order by length(coalesce(up.path, '')) desc, (m.role = 'owner') desc, m.created_at, m.user_id
    limit 1`)
  return row?.userId ?? null
}
