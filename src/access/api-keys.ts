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
  for (const [hash, verified] of verifiedKeys) if (verified.key.id === id) verifiedKeys.delete(hash)
  return rows.length > 0
}

type LiveKey = { id: string; workspaceId: string; organizationId: string; scopes: Scope[] }

/**
 * How long a verified key is trusted without asking the database again. A revocation in this process holds from
 * the next request; one made by another server process holds within this bound.
 */
export const API_KEY_TRUST_MS = 5_000
const MAX_VERIFIED_KEYS = 10_000
const verifiedKeys = new Map<string, { key: LiveKey; until: number }>()

/**
 * The workspace, its organization and the scopes of a live key, or undefined. A live key is remembered for
 * API_KEY_TRUST_MS (an unknown one never is), which spares a busy key a round trip on every request.
 */
export async function resolveApiKey(db: Db, secret: string): Promise<LiveKey | undefined> {
  const hash = hashSecret(secret)
  const now = Date.now()
  const verified = verifiedKeys.get(hash)
  if (verified && verified.until > now) return verified.key
  verifiedKeys.delete(hash)
  const key = await lookUpApiKey(db, hash)
  if (key) {
    if (verifiedKeys.size >= MAX_VERIFIED_KEYS) verifiedKeys.delete(verifiedKeys.keys().next().value ?? '')
    verifiedKeys.set(hash, { key, until: now + API_KEY_TRUST_MS })
  }
  return key
}

/**
 * The live key with this hash. last_used_at is written at most once a minute per key: a busy key would otherwise
 * take a row lock and write a row version on every lookup.
 */
async function lookUpApiKey(db: Db, hash: string): Promise<LiveKey | undefined> {
  const [row] = await db.query<LiveKey>(sql`
    with key as (
      select k.id, k.workspace_id, w.organization_id, k.scopes from api_keys k
      join workspaces w on w.id = k.workspace_id
      where k.key_hash = ${hash} and k.revoked_at is null
    ), touched as (
      update api_keys set last_used_at = now() where id = (select id from key)
        and (last_used_at is null or last_used_at < now() - interval '1 minute')
    )
    select id, workspace_id as "workspaceId", organization_id as "organizationId", scopes from key`)
  return row
}
