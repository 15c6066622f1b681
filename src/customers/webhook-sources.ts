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
