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
