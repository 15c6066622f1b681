import { createHash } from 'node:crypto'
import { newSecret } from '../access/tokens.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'

export type Platform = 'shopify' | 'woocommerce'

export interface WebhookSource {
  id: string
  workspaceId: string
  platform: Platform
  name: string
  secret: string
  createdAt: Date
  lastReceivedAt: Date | null
}

const columns = sql`id, workspace_id as "workspaceId", platform, name, secret, created_at as "createdAt",
  last_received_at as "lastReceivedAt"`

/** A new source with a fresh signing secret, to paste into the shop's webhook settings. */
export async function createWebhookSource(
  db: Db,
  workspaceId: string,
  input: { platform: Platform; name: string },
): Promise<WebhookSource> {
  const [row] =
    await db.query<WebhookSource>(sql`insert into webhook_sources (workspace_id, platform, name, secret)
    values (${workspaceId}, ${input.platform}, ${input.name}, ${newSecret()}) returning ${columns}`)
  return row!
}

export async function listWebhookSources(db: Db, workspaceId: string): Promise<WebhookSource[]> {
  return db.query<WebhookSource>(sql`select ${columns} from webhook_sources where workspace_id = ${workspaceId}
    order by created_at`)
}

export async function getWebhookSource(db: Db, id: string): Promise<WebhookSource | undefined> {
  const [row] = await db.query<WebhookSource>(sql`select ${columns} from webhook_sources where id = ${id}`)
  return row
}

export async function markWebhookReceived(db: Db, id: string): Promise<void> {
  await db.query(sql`update webhook_sources set last_received_at = now() where id = ${id}`)
}

/**
 * What identifies one delivery: the platform's delivery id (Shopify X-Shopify-Webhook-Id, WooCommerce
 * X-WC-Webhook-Delivery-ID) when sent, and the hash of the signed body.
 */
export function webhookDeliveryKeys(rawBody: string, deliveryId: string | undefined): string[] {
  const keys = [`sha256:${createHash('sha256').update(rawBody).digest('hex')}`]
  if (deliveryId) keys.push(`id:${deliveryId.slice(0, 200)}`)
  return keys
}

/**
 * Records a delivery's keys; false when one of them was seen before (a replay). Called in the transaction
 * of the import, so a failed import leaves the delivery unseen and the shop's retry goes through.
 */
export async function recordWebhookDelivery(db: Db, sourceId: string, keys: string[]): Promise<boolean> {
  const fresh = await db.query(sql`insert into webhook_deliveries (source_id, delivery_key)
    select ${sourceId}, key from unnest(${keys}::text[]) as t(key)
    on conflict do nothing returning delivery_key`)
  return fresh.length === keys.length
}

/** A source's last deliveries: when, the platform's delivery id when it sent one, and the body's hash. */
export async function listWebhookDeliveries(
  db: Db,
  sourceId: string,
  limit: number,
): Promise<{ receivedAt: Date; deliveryId: string | null; bodyHash: string }[]> {
  // Each delivery stores its body hash, and its delivery id under a key of its own, at the same instant.
  return db.query(sql`select h.received_at as "receivedAt", substr(i.delivery_key, 4) as "deliveryId",
      substr(h.delivery_key, 8) as "bodyHash"
    from webhook_deliveries h
    left join webhook_deliveries i on i.source_id = h.source_id and i.received_at = h.received_at
      and i.delivery_key like 'id:%'
    where h.source_id = ${sourceId} and h.delivery_key like 'sha256:%'
    order by h.received_at desc limit ${limit}`)
}
