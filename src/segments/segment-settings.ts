import { z } from 'zod'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'

const share = z.coerce.number().gt(0).lte(1)

/** A workspace's thresholds for ABC, XYZ and habits; the defaults are those of the issue. */
export const segmentSettingsSchema = z
  .object({
    abcA: share.default(0.8),
    abcB: share.default(0.95),
    xyzX: z.coerce.number().min(0).max(100).default(0.5),
    xyzY: z.coerce.number().min(0).max(100).default(1),
    xyzMinMonths: z.coerce.number().int().min(2).max(120).default(3),
    habitMinPurchases: z.coerce.number().int().min(2).max(1000).default(3),
    habitBrokenFactor: z.coerce.number().gt(0).max(100).default(2),
  })
  .refine((s) => s.abcB >= s.abcA, { message: 'must be at least abcA', path: ['abcB'] })
  .refine((s) => s.xyzY >= s.xyzX, { message: 'must be at least xyzX', path: ['xyzY'] })
export type SegmentSettings = z.infer<typeof segmentSettingsSchema>

export const defaultSegmentSettings: SegmentSettings = segmentSettingsSchema.parse({})

/** The workspace's thresholds, or the defaults when it has never changed them. */
export async function getSegmentSettings(db: Db, workspaceId: string): Promise<SegmentSettings> {
  const [row] = await db.query<Record<string, string | number>>(sql`select abc_a::text as "abcA",
      abc_b::text as "abcB", xyz_x::text as "xyzX", xyz_y::text as "xyzY", xyz_min_months as "xyzMinMonths",
      habit_min_purchases as "habitMinPurchases", habit_broken_factor::text as "habitBrokenFactor"
    from segment_settings where workspace_id = ${workspaceId}`)
  return row ? segmentSettingsSchema.parse(row) : defaultSegmentSettings
}

/** Stores the workspace's thresholds (all of them; missing ones take the defaults). */
export async function saveSegmentSettings(
  db: Db,
  workspaceId: string,
  settings: SegmentSettings,
): Promise<SegmentSettings> {
  const s = settings
  await db.query(sql`insert into segment_settings (workspace_id, abc_a, abc_b, xyz_x, xyz_y, xyz_min_months,
      habit_min_purchases, habit_broken_factor)
    values (${workspaceId}, ${String(s.abcA)}, ${String(s.abcB)}, ${String(s.xyzX)}, ${String(s.xyzY)},
      ${s.xyzMinMonths}, ${s.habitMinPurchases}, ${String(s.habitBrokenFactor)})
    on conflict (workspace_id) do update set abc_a = excluded.abc_a, abc_b = excluded.abc_b,
      xyz_x = excluded.xyz_x, xyz_y = excluded.xyz_y, xyz_min_months = excluded.xyz_min_months,
      habit_min_purchases = excluded.habit_min_purchases, habit_broken_factor = excluded.habit_broken_factor,
      updated_at = now()`)
  return getSegmentSettings(db, workspaceId)
}
