import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'

export interface Actor {
  userId: string | null
  apiKeyId: string | null
}

export const systemActor: Actor = { userId: null, apiKeyId: null }

/** What an audit entry says: where, who, what was done to which entity. */
export interface AuditInput {
  workspaceId: string | null
  organizationId?: string | null
  actor: Actor
  action: string
  entityType: string
  entityId?: string | null
  details?: Record<string, unknown>
}

/**
 * Records who changed what; call it in the same transaction as the change (or use `audited`). Only work that
 * commits in many transactions of its own (imports in batches, recomputations over several connections) records
 * its audit entry after it, as a separate fact.
 */
export async function recordAudit(db: Db, entry: AuditInput): Promise<void> {
  await db.query(sql`insert into audit_log
    (workspace_id, organization_id, actor_user_id, actor_api_key_id, action, entity_type, entity_id, details)
    values (${entry.workspaceId}, ${entry.organizationId ?? null}, ${entry.actor.userId}, ${entry.actor.apiKeyId},
      ${entry.action}, ${entry.entityType}, ${entry.entityId ?? null}, ${JSON.stringify(entry.details ?? {})})`)
}

/**
 * Makes a change and records it in one transaction: a change is kept only with its audit entry. The entry may
 * depend on what the change returned (the new entity's id).
 * @example await audited(db, (tx) => createOrgUnit(tx, ws, input), (unit) => ({ ...who, action: 'create', entityType: 'org_unit', entityId: unit.id }))
 */
export async function audited<T>(
  db: Db,
  change: (tx: Db) => Promise<T>,
  entry: AuditInput | ((result: T) => AuditInput),
): Promise<T> {
  return db.transaction(async (tx) => {
    const result = await change(tx)
    await recordAudit(tx, typeof entry === 'function' ? entry(result) : entry)
    return result
  })
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
