import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'

// Outgoing webhooks. An event is written to the outbox in the transaction that made it, one row per endpoint
// that wants it; the worker delivers it later (webhook-delivery.ts), so a crash or restart loses nothing.
//
// Signature scheme (docs/webhooks.md): header `Rapport-Signature: t=<unix seconds>,v1=<hex>` where <hex> is
// HMAC-SHA256 with the endpoint's secret over `<t>.<raw body>`. A receiver recomputes it, compares in constant
// time and refuses a t more than five minutes away from its clock (replays). `Rapport-Event-Id` is the same on
// every retry and replay of one event: a receiver that has seen it may acknowledge it again without acting.

export const webhookEventTypes = [
  'response.completed',
  'case.opened',
  'case.updated',
  'case.resolved',
  'customer.segment_changed',
] as const
export const webhookEventTypeSchema = z.enum(webhookEventTypes)
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>

export const endpointInputSchema = z.object({
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe('where events are POSTed'),
  kind: z.enum(['json', 'slack']).default('json'),
  events: z.array(webhookEventTypeSchema).min(1).max(webhookEventTypes.length),
  active: z.boolean().default(true),
})
export type EndpointInput = z.input<typeof endpointInputSchema>

export interface WebhookEndpoint {
  id: string
  url: string
  kind: 'json' | 'slack'
  events: WebhookEventType[]
  active: boolean
  createdAt: Date
}

const endpointColumns = sql`id, url, kind, events, active, created_at as "createdAt"`

/** Adds an endpoint; its secret is returned this once. */
export async function createEndpoint(
  db: Db,
  workspaceId: string,
  input: EndpointInput,
): Promise<WebhookEndpoint & { secret: string }> {
  const e = endpointInputSchema.parse(input)
  const secret = `whsec_${randomBytes(24).toString('base64url')}`
  const [row] = await db.query<WebhookEndpoint>(sql`insert into webhook_endpoints
      (workspace_id, url, kind, secret, events, active)
    values (${workspaceId}, ${e.url}, ${e.kind}, ${secret}, ${e.events}::text[], ${e.active})
    returning ${endpointColumns}`)
  return { ...row!, secret }
}

export async function listEndpoints(db: Db, workspaceId: string): Promise<WebhookEndpoint[]> {
  return db.query<WebhookEndpoint>(
    sql`select ${endpointColumns} from webhook_endpoints where workspace_id = ${workspaceId} order by created_at`,
  )
}

export async function deleteEndpoint(db: Db, workspaceId: string, id: string): Promise<void> {
  const rows = await db.query(
    sql`delete from webhook_endpoints where workspace_id = ${workspaceId} and id = ${id}::uuid returning id`,
  )
  if (rows.length === 0) throw new DomainError('not_found', 'webhook endpoint not found', 'endpointId')
}

/**
 * Queues an event for every active endpoint of the workspace that wants its type; call it inside the
 * transaction that made the event. Returns the event's id.
 */
export async function emitEvent(
  db: Db,
  workspaceId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
  eventId: string = randomUUID(),
): Promise<string> {
  const body = JSON.stringify({ id: eventId, type, createdAt: new Date().toISOString(), workspaceId, data })
  await db.query(sql`insert into webhook_outbox (workspace_id, endpoint_id, event_id, event_type, body)
    select workspace_id, id, ${eventId}::uuid, ${type}, ${body} from webhook_endpoints
    where workspace_id = ${workspaceId} and active and ${type} = any(events)
    on conflict (endpoint_id, event_id) do nothing`)
  return eventId
}

/**
 * Queues one event per row of `rows` (a query with a jsonb column `data`) for every active endpoint that wants
 * the type, set-based, inside the caller's transaction; nothing is read when no endpoint wants it. Returns how
 * many events were queued.
 */
export async function emitEventsFrom(
  db: Db,
  workspaceId: string,
  type: WebhookEventType,
  rows: Sql,
): Promise<number> {
  const wanted = await db.query(sql`select 1 from webhook_endpoints
    where workspace_id = ${workspaceId} and active and ${type} = any(events) limit 1`)
  if (wanted.length === 0) return 0
  const createdAt = new Date().toISOString()
  const queued = await db.query<{ n: number }>(sql`with events as materialized (
      select gen_random_uuid() as event_id, x.data from (${rows}) x),
    queued as (insert into webhook_outbox (workspace_id, endpoint_id, event_id, event_type, body)
      select e.workspace_id, e.id, v.event_id, ${type},
        json_build_object('id', v.event_id, 'type', ${type}::text, 'createdAt', ${createdAt}::text,
          'workspaceId', e.workspace_id, 'data', v.data)::text
      from events v cross join webhook_endpoints e
      where e.workspace_id = ${workspaceId} and e.active and ${type} = any(e.events)
      on conflict (endpoint_id, event_id) do nothing returning event_id)
    select count(distinct event_id)::int as n from queued`)
  return queued[0]?.n ?? 0
}

/** The value of the Rapport-Signature header for a body at a time. */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000)
  const mac = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')
  return `t=${t},v1=${mac}`
}

/** A receiver's check of a Rapport-Signature header: right secret, untouched body, fresh timestamp. */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  now: Date = new Date(),
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]))
  const t = Number(parts.t)
  if (!Number.isInteger(t) || !parts.v1) return false
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'))
  const given = Buffer.from(parts.v1)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
