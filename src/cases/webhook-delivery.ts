import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'
import { postOutbound } from '../http/outbound.js'
import { signatureHeader } from './webhooks.js'

// The outbox's worker side: claims due rows (a lease, so that a dead process's rows are taken again and two
// processes never post the same row at once), posts them signed, logs every attempt, and backs off.

/** Attempts before an event is given up on (a replay starts it again). */
export const maxWebhookAttempts = 12

/** Seconds before retry number `attempt` (1-based): 5 s, 10 s, 20 s … capped at six hours. */
export function webhookRetrySeconds(attempt: number): number {
  return Math.min(5 * 2 ** (attempt - 1), 21_600)
}

interface DueRow {
  id: string
  eventId: string
  eventType: string
  body: string
  attempts: number
  url: string
  kind: 'json' | 'slack'
  secret: string
}

/** A Slack-compatible incoming-webhook payload: one line of text about the event. */
export function slackPayload(body: string): string {
  const event = JSON.parse(body) as { type: string; data: Record<string, unknown> }
  const d = event.data
  const subject = typeof d.subject === 'string' ? `: ${d.subject}` : ''
  const number = typeof d.number === 'number' ? ` #${d.number}` : ''
  return JSON.stringify({ text: `Rapport ${event.type}${number}${subject}` })
}

/**
 * Posts the due outbox rows; resolves with how many were delivered. A receiver on a private address is refused
 * (and retried like any failure) unless allowPrivate.
 */
export async function deliverDueWebhooks(
  db: Db,
  options: { limit?: number; timeoutMs?: number; leaseSeconds?: number; allowPrivate?: boolean } = {},
): Promise<number> {
  const rows = await db.query<DueRow>(sql`
    update webhook_outbox o set attempts = o.attempts + 1,
      locked_until = now() + make_interval(secs => ${options.leaseSeconds ?? 60})
    from webhook_endpoints e
    where e.id = o.endpoint_id and o.id in (
      select id from webhook_outbox
      where status = 'pending' and next_attempt_at <= now() and (locked_until is null or locked_until < now())
      order by next_attempt_at, id limit ${options.limit ?? 20}
      for update skip locked)
    returning o.id, o.event_id as "eventId", o.event_type as "eventType", o.body, o.attempts,
      e.url, e.kind, e.secret`)
  let delivered = 0
  for (const row of rows)
    if (await deliverOne(db, row, options.timeoutMs ?? 10_000, options.allowPrivate ?? false)) delivered++
  return delivered
}

async function deliverOne(db: Db, row: DueRow, timeoutMs: number, allowPrivate: boolean): Promise<boolean> {
  const body = row.kind === 'slack' ? slackPayload(row.body) : row.body
  const started = Date.now()
  let statusCode: number | null = null
  let error: string | null = null
  try {
    statusCode = await postOutbound(row.url, {
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Rapport-Webhooks/1',
        'rapport-event': row.eventType,
        'rapport-event-id': row.eventId,
        'rapport-delivery': row.id,
        'rapport-signature': signatureHeader(row.secret, body, new Date()),
      },
      body,
      timeoutMs,
      allowPrivate,
    })
    if (statusCode < 200 || statusCode >= 300) error = `the receiver answered ${statusCode}`
  } catch (e) {
    error = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)
  }
  await db.transaction(async (tx) => {
    await tx.query(sql`insert into webhook_attempts (outbox_id, status_code, error, duration_ms)
      values (${row.id}, ${statusCode}, ${error?.slice(0, 500) ?? null}, ${Date.now() - started})`)
    if (error === null)
      await tx.query(sql`update webhook_outbox set status = 'delivered', delivered_at = now(), locked_until = null
        where id = ${row.id}`)
    else
      await tx.query(sql`update webhook_outbox set locked_until = null,
          status = ${row.attempts >= maxWebhookAttempts ? 'failed' : 'pending'},
          next_attempt_at = now() + make_interval(secs => ${webhookRetrySeconds(row.attempts)})
        where id = ${row.id}`)
  })
  return error === null
}

export interface OutboxEntry {
  id: string
  eventId: string
  eventType: string
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  nextAttemptAt: Date
  deliveredAt: Date | null
  createdAt: Date
  lastStatusCode: number | null
  lastError: string | null
}

/** An endpoint's delivery log, newest first. */
export async function listDeliveries(
  db: Db,
  workspaceId: string,
  endpointId: string,
  limit: number,
  offset: number,
): Promise<{ items: OutboxEntry[]; total: number }> {
  const where = sql`o.workspace_id = ${workspaceId} and o.endpoint_id = ${endpointId}::uuid`
  const items = await db.query<OutboxEntry>(sql`
    select o.id, o.event_id as "eventId", o.event_type as "eventType", o.status, o.attempts,
      o.next_attempt_at as "nextAttemptAt", o.delivered_at as "deliveredAt", o.created_at as "createdAt",
      a.status_code as "lastStatusCode", a.error as "lastError"
    from webhook_outbox o
    left join lateral (select status_code, error from webhook_attempts where outbox_id = o.id
      order by at desc, id desc limit 1) a on true
    where ${where} order by o.created_at desc, o.id limit ${limit} offset ${offset}`)
  const [count] = await db.query<{ n: number }>(
    sql`select count(*)::int as n from webhook_outbox o where ${where}`,
  )
  return { items, total: count?.n ?? 0 }
}

/** Sends a delivered or failed event again: the same event id, a fresh signature, attempts from zero. */
export async function replayDelivery(db: Db, workspaceId: string, outboxId: string): Promise<void> {
  const rows = await db.query(sql`update webhook_outbox set status = 'pending', attempts = 0,
      next_attempt_at = now(), locked_until = null, delivered_at = null
    where workspace_id = ${workspaceId} and id = ${outboxId}::uuid returning id`)
  if (rows.length === 0) throw new DomainError('not_found', 'delivery not found', 'deliveryId')
}
