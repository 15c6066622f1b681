import { z } from 'zod'
import { jsonTimestamp } from '../http/json-timestamp.js'
import { roleSchema, scopeSchema } from './roles.js'

// What the access routes answer, as the OpenAPI document declares it.

/** The signed-in user, the workspaces they may open, and the token their non-GET requests carry. */
export const meSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), language: z.string() }),
  workspaces: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: roleSchema,
      orgUnitId: z.string().nullable(),
      timeZone: z.string(),
      currency: z.string(),
    }),
  ),
  csrfToken: z.string(),
})

/** Whether the first run's setup (organisation, workspace, owner) is still to be done. */
export const setupStateSchema = z.object({ needsSetup: z.boolean() })

export const workspaceSchema = z.object({ id: z.uuid(), organizationId: z.uuid(), name: z.string() })

export const memberSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  orgUnitId: z.uuid().nullable(),
})

export const orgUnitSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  parentId: z.uuid().nullable(),
  /** Materialised path of the unit's ids, for "this unit and below". */
  path: z.string(),
})

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(scopeSchema),
  createdAt: jsonTimestamp,
  lastUsedAt: jsonTimestamp.nullable(),
  revokedAt: jsonTimestamp.nullable(),
})

export const auditEntrySchema = z.object({
  /** A bigint, as text. */
  id: z.string(),
  at: jsonTimestamp,
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  actorUserId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  actorApiKeyId: z.uuid().nullable(),
  details: z.record(z.string(), z.unknown()),
})

export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) })
