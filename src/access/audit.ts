import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import { orderBy } from '../http/order-by.js'

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

/** The columns the audit log sorts by on the server. */
export const auditSorts = ['at', 'actor', 'action', 'entity_type'] as const
export type AuditSort = (typeof auditSorts)[number]

/** What the audit log may be narrowed to (an action, an entity type, a person, a time window) and its order. */
export interface AuditFilter {
  action?: string
  entityType?: string
  actorUserId?: string
  from?: Date
  to?: Date
  /** Newest first when absent; ties go by entry id in the same direction. */
  sort?: AuditSort | undefined
  dir?: 'asc' | 'desc' | undefined
}

const sortColumns: Record<AuditSort, Sql> = {
  at: sql`a.at`,
  actor: sql`u.name`,
  action: sql`a.action`,
  entity_type: sql`a.entity_type`,
}

function auditOrder(filter: AuditFilter): Sql {
  if (!filter.sort) return sql`a.at desc, a.id desc`
  return orderBy(sortColumns, { sort: filter.sort, dir: filter.dir }, [sql`a.id`])
}

function auditSql(workspaceId: string, filter: AuditFilter): Sql {
  const where = [sql`a.workspace_id = ${workspaceId}`]
  if (filter.action) where.push(sql`a.action = ${filter.action}`)
  if (filter.entityType) where.push(sql`a.entity_type = ${filter.entityType}`)
  if (filter.actorUserId) where.push(sql`a.actor_user_id = ${filter.actorUserId}`)
  if (filter.from) where.push(sql`a.at >= ${filter.from}`)
  if (filter.to) where.push(sql`a.at < ${filter.to}`)
  return sql`select a.id::text as id, a.at, a.action, a.entity_type as "entityType", a.entity_id as "entityId",
      a.actor_user_id as "actorUserId", u.name as "actorName", a.actor_api_key_id as "actorApiKeyId", a.details
    from audit_log a left join users u on u.id = a.actor_user_id
    where ${sql.join(where, ' and ')}
    order by ${auditOrder(filter)}`
}

/** A page of a workspace's audit entries, newest first unless sorted, optionally narrowed by filter. */
export async function listAudit(
  db: Db,
  workspaceId: string,
  limit: number,
  offset: number,
  filter: AuditFilter = {},
): Promise<AuditEntry[]> {
  return db.query<AuditEntry>(sql`${auditSql(workspaceId, filter)} limit ${limit} offset ${offset}`)
}

/** Every entry the filter keeps, in the list's order, in batches (CSV export). */
export function allAudit(db: Db, workspaceId: string, filter: AuditFilter): AsyncGenerator<AuditEntry[]> {
  return db.batches<AuditEntry>(auditSql(workspaceId, filter), 2000)
}
