import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { type DiagnosisSettings, defaultDiagnosisSettings, diagnosisSettingsSchema } from './quadrant.js'

/** The workspace's diagnosis thresholds, or the defaults when it has never changed them. */
export async function getDiagnosisSettings(db: Db, workspaceId: string): Promise<DiagnosisSettings> {
  const [row] = await db.query<Record<string, string | number>>(sql`select nps_high_min as "npsHighMin",
      nps_low_max as "npsLowMax", commitment_high_min::text as "commitmentHighMin",
      commitment_low_max::text as "commitmentLowMax", medium_attitude as "mediumAttitude",
      patronage_f_min as "patronageFMin", patronage_r_min as "patronageRMin"
    from diagnosis_settings where workspace_id = ${workspaceId}`)
  return row ? diagnosisSettingsSchema.parse(row) : defaultDiagnosisSettings
}

/** Stores the workspace's thresholds (all of them; missing ones take the defaults). */
export async function saveDiagnosisSettings(
  db: Db,
  workspaceId: string,
  s: DiagnosisSettings,
): Promise<DiagnosisSettings> {
  await db.query(sql`insert into diagnosis_settings (workspace_id, nps_high_min, nps_low_max, commitment_high_min,
      commitment_low_max, medium_attitude, patronage_f_min, patronage_r_min)
    values (${workspaceId}, ${s.npsHighMin}, ${s.npsLowMax}, ${String(s.commitmentHighMin)},
      ${String(s.commitmentLowMax)}, ${s.mediumAttitude}, ${s.patronageFMin}, ${s.patronageRMin})
    on conflict (workspace_id) do update set nps_high_min = excluded.nps_high_min,
      nps_low_max = excluded.nps_low_max, commitment_high_min = excluded.commitment_high_min,
      commitment_low_max = excluded.commitment_low_max, medium_attitude = excluded.medium_attitude,
      patronage_f_min = excluded.patronage_f_min, patronage_r_min = excluded.patronage_r_min, updated_at = now()`)
  return getDiagnosisSettings(db, workspaceId)
}
