import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { surveyTakesAnswers } from '../surveys.js'
import type { NewProgram, Program, ProgramChanges } from './program.js'

const columns = sql.raw(`id, workspace_id as "workspaceId", name, survey_id as "surveyId", channel,
  trigger_event as "triggerEvent", delay_minutes as "delayMinutes", sample_percent::float8 as "samplePercent",
  audience, widget, respect_quiet_hours as "respectQuietHours", expires_after_hours as "expiresAfterHours",
  reminders, reminder_after_hours as "reminderAfterHours", quarantine_days as "quarantineDays",
  max_per_90_days as "maxPer90Days", enabled, created_at as "createdAt", updated_at as "updatedAt"`)

export async function createProgram(db: Db, workspaceId: string, p: NewProgram): Promise<Program> {
  const [row] =
    await db.query<Program>(sql`insert into survey_programs (workspace_id, survey_id, name, channel,
      trigger_event, delay_minutes, sample_percent, audience, widget, respect_quiet_hours, expires_after_hours,
      reminders, reminder_after_hours, quarantine_days, max_per_90_days, enabled)
    values (${workspaceId}, ${p.surveyId}, ${p.name}, ${p.channel}, ${p.triggerEvent}, ${p.delayMinutes},
      ${p.samplePercent}, ${JSON.stringify(p.audience)}::jsonb, ${JSON.stringify(p.widget)}::jsonb,
      ${p.respectQuietHours}, ${p.expiresAfterHours}, ${p.reminders}, ${p.reminderAfterHours},
      ${p.quarantineDays}, ${p.maxPer90Days}, ${p.enabled})
    returning ${columns}`)
  return row!
}

/** Applies the given changes; undefined when the program is not in this workspace. */
export async function updateProgram(
  db: Db,
  workspaceId: string,
  id: string,
  changes: ProgramChanges,
): Promise<Program | undefined> {
  const current = await getProgram(db, workspaceId, id)
  if (!current) return undefined
  const p = { ...current, ...changes }
  const [row] = await db.query<Program>(sql`update survey_programs set name = ${p.name},
      survey_id = ${p.surveyId}, channel = ${p.channel}, trigger_event = ${p.triggerEvent},
      delay_minutes = ${p.delayMinutes}, sample_percent = ${p.samplePercent},
      audience = ${JSON.stringify(p.audience)}::jsonb, widget = ${JSON.stringify(p.widget)}::jsonb,
      respect_quiet_hours = ${p.respectQuietHours}, expires_after_hours = ${p.expiresAfterHours},
      reminders = ${p.reminders}, reminder_after_hours = ${p.reminderAfterHours},
      quarantine_days = ${p.quarantineDays}, max_per_90_days = ${p.maxPer90Days}, enabled = ${p.enabled},
      updated_at = now()
    where workspace_id = ${workspaceId} and id = ${id}
    returning ${columns}`)
  return row
}

export async function getProgram(db: Db, workspaceId: string, id: string): Promise<Program | undefined> {
  const [row] = await db.query<Program>(
    sql`select ${columns} from survey_programs where workspace_id = ${workspaceId} and id = ${id}`,
  )
  return row
}

export async function listPrograms(db: Db, workspaceId: string): Promise<Program[]> {
  return db.query<Program>(
    sql`select ${columns} from survey_programs where workspace_id = ${workspaceId} order by created_at`,
  )
}

export async function deleteProgram(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db.query(
    sql`delete from survey_programs where workspace_id = ${workspaceId} and id = ${id} returning id`,
  )
  return rows.length > 0
}

/** Enabled widget programs of a workspace whose survey takes answers, for the widget to arm its triggers. */
export async function listWidgetPrograms(db: Db, workspaceId: string): Promise<Program[]> {
  return db.query<Program>(sql`select ${columns} from survey_programs
    where workspace_id = ${workspaceId} and channel = 'widget' and enabled
      and exists (select 1 from surveys s where s.id = survey_id and ${surveyTakesAnswers})
    order by created_at`)
}
