import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'

export interface Actor {
  userId: string | null
  apiKeyId: string | null
}

export const systemActor: Actor = { userId: null, apiKeyId: null }

/** Records who changed what; call it in the same transaction as the change. */
export async function recordAudit(
  db: Db,
  entry: {
    workspaceId: string | null
    organizationId?: string | null
    actor: Actor
    action: string
    entityType: string
    entityId?: string | null
    details?: Record<string, unknown>
  },
): Promise<void> {
  await db.query(sql`insert into audit_log
    (workspace_id, organization_id, actor_user_id, actor_api_key_id, action, entity_type, entity_id, details)
    values (${entry.workspaceId}, ${entry.organizationId ?? null}, ${entry.actor.userId}, ${entry.actor.apiKeyId},
      ${entry.action}, ${entry.entityType}, ${entry.entityId ?? null}, ${JSON.stringify(entry.details ?? {})})`)
}

export interface AuditEntry {
  id: string
  at: Date
  action: string
  entityType: string
  entityId: string | null
  actorUserId: string | null
  actorName: string | null
  actorApiKeyId: string | null
  details: Record<string, unknown>
}

/** The newest audit entries of a workspace. */
export async function listAudit(
  db: Db,
  workspaceId: string,
  limit: number,
  offset: number,
): Promise<AuditEntry[]> {
  return db.query<AuditEntry>(sql`select a.id, a.at, a.action, a.entity_type as "entityType", a.entity_id as "entityId",
      a.actor_user_id as "actorUserId", u.name as "actorName", a.actor_api_key_id as "actorApiKeyId", a.details
    from audit_log a left join users u on u.id = a.actor_user_id
    where a.workspace_id = ${workspaceId}
    order by a.at desc, a.id desc limit ${limit} offset ${offset}`)
}
