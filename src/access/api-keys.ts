import { z } from 'zod'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { type Scope, scopeSchema } from './roles.js'
import { hashSecret, newSecret } from './tokens.js'

export const apiKeyInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  scopes: z.array(scopeSchema).min(1).max(3),
})
export type ApiKeyInput = z.infer<typeof apiKeyInputSchema>

export interface ApiKey {
  id: string
  name: string
  prefix: string
  scopes: Scope[]
  createdAt: Date
  lastUsedAt: Date | null
  revokedAt: Date | null
}

const columns = sql`id, name, prefix, scopes, created_at as "createdAt", last_used_at as "lastUsedAt",
  revoked_at as "revokedAt"`

/** Creates a key; the secret is returned once here and never again. */
export async function createApiKey(
  db: Db,
  workspaceId: string,
  input: ApiKeyInput,
  createdBy: string | null,
): Promise<ApiKey & { secret: string }> {
  const secret = `rk_${newSecret()}`
  const [key] =
    await db.query<ApiKey>(sql`insert into api_keys (workspace_id, name, prefix, key_hash, scopes, created_by)
    values (${workspaceId}, ${input.name}, ${secret.slice(0, 10)}, ${hashSecret(secret)}, ${input.scopes}::text[],
      ${createdBy})
    returning ${columns}`)
  return { ...key!, secret }
}

export async function listApiKeys(db: Db, workspaceId: string): Promise<ApiKey[]> {
  return db.query<ApiKey>(
    sql`select ${columns} from api_keys where workspace_id = ${workspaceId} order by created_at`,
  )
}

/** Revokes a key of this workspace; false when there is no such key. */
export async function revokeApiKey(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db.query(sql`update api_keys set revoked_at = coalesce(revoked_at, now())
    where workspace_id = ${workspaceId} and id = ${id} returning id`)
  return rows.length > 0
}

/**
 * The workspace, its organization and the scopes of a live key, or undefined. last_used_at is written at most once a
 * minute per key: a busy key would otherwise take a row lock and write a row version on every request.
 */
export async function resolveApiKey(
  db: Db,
  secret: string,
): Promise<{ id: string; workspaceId: string; organizationId: string; scopes: Scope[] } | undefined> {
  const [row] = await db.query<{
    id: string
    workspaceId: string
    organizationId: string
    scopes: Scope[]
  }>(sql`
    with key as (
      select k.id, k.workspace_id, w.organization_id, k.scopes from api_keys k
      join workspaces w on w.id = k.workspace_id
      where k.key_hash = ${hashSecret(secret)} and k.revoked_at is null
    ), touched as (
      update api_keys set last_used_at = now() where id = (select id from key)
        and (last_used_at is null or last_used_at < now() - interval '1 minute')
    )
    select id, workspace_id as "workspaceId", organization_id as "organizationId", scopes from key`)
  return row
}
