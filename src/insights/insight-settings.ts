import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'

export interface InsightSettings {
  /** A cell with fewer answers is flagged `belowMinN` (shown greyed, with its interval). */
  minN: number
}

export const defaultInsightSettings: InsightSettings = { minN: 30 }

/** The workspace's insight settings, or the defaults. */
export async function insightSettings(db: Db, workspaceId: string): Promise<InsightSettings> {
  const [row] = await db.query<InsightSettings>(
    sql`select min_n as "minN" from insight_settings where workspace_id = ${workspaceId}`,
  )
  return row ?? defaultInsightSettings
}

/** Stores the workspace's insight settings. */
export async function saveInsightSettings(
  db: Db,
  workspaceId: string,
  settings: InsightSettings,
): Promise<InsightSettings> {
  const [row] = await db.query<InsightSettings>(sql`
    insert into insight_settings (workspace_id, min_n) values (${workspaceId}, ${settings.minN})
    on conflict (workspace_id) do update set min_n = excluded.min_n, updated_at = now()
    returning min_n as "minN"`)
  return row ?? settings
}
