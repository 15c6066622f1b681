import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '../db/db.js'
import { one } from '../db/db.js'
import { sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'
import { caseRulesSchema, defaultRules, type Priority } from './rules.js'
import { calendarSchema, defaultCalendar } from './sla.js'

const hoursBound = z.number().min(0.25).max(2000)
export const slaTargetSchema = z.object({ firstReplyHours: hoursBound, resolutionHours: hoursBound })
export const slaSchema = z.object({
  urgent: slaTargetSchema,
  high: slaTargetSchema,
  normal: slaTargetSchema,
  low: slaTargetSchema,
})
export type SlaTargets = z.infer<typeof slaSchema>

/** Business hours to the first reply and to resolution, by priority, until a workspace sets its own. */
export const defaultSla: SlaTargets = {
  urgent: { firstReplyHours: 1, resolutionHours: 8 },
  high: { firstReplyHours: 4, resolutionHours: 16 },
  normal: { firstReplyHours: 8, resolutionHours: 40 },
  low: { firstReplyHours: 16, resolutionHours: 80 },
}

export const caseSettingsSchema = z.object({
  calendar: calendarSchema,
  sla: slaSchema,
  rules: caseRulesSchema,
  /** Who owns the cases about a touchpoint, before the org-unit tree is asked. */
  touchpointOwners: z
    .array(z.object({ touchpoint: z.string().trim().min(1).max(200), userId: z.uuid() }))
    .max(200)
    .default([]),
})
export type CaseSettings = z.output<typeof caseSettingsSchema>

interface SettingsRow {
  timeZone: string
  hours: CaseSettings['calendar']['hours']
  holidays: string[]
  sla: SlaTargets
  rules: CaseSettings['rules']
  inboundToken: string
}

async function settingsRow(db: Db, workspaceId: string): Promise<SettingsRow> {
  const columns = sql`time_zone as "timeZone", hours, holidays, sla, rules, inbound_token as "inboundToken"`
  const [row] = await db.query<SettingsRow>(
    sql`select ${columns} from case_settings where workspace_id = ${workspaceId}`,
  )
  if (row) return row
  // First use: the defaults are written down, so that the inbound token stays the same from now on.
  await db.query(sql`insert into case_settings (workspace_id, time_zone, hours, holidays, sla, rules, inbound_token)
    values (${workspaceId}, ${defaultCalendar.timeZone}, ${JSON.stringify(defaultCalendar.hours)}::jsonb,
      '[]'::jsonb, ${JSON.stringify(defaultSla)}::jsonb, ${JSON.stringify(defaultRules)}::jsonb,
      ${randomBytes(9).toString('base64url').toLowerCase()})
    on conflict (workspace_id) do nothing`)
  return one(
    await db.query<SettingsRow>(
      sql`select ${columns} from case_settings where workspace_id = ${workspaceId}`,
    ),
    'case settings',
  )
}

/** The workspace's calendar, SLA targets and rules (the defaults until it sets its own). */
export async function getCaseSettings(db: Db, workspaceId: string): Promise<CaseSettings> {
  const row = await settingsRow(db, workspaceId)
  return {
    calendar: { timeZone: row.timeZone, hours: row.hours, holidays: row.holidays },
    sla: row.sla,
    rules: row.rules,
    touchpointOwners: await db.query<{ touchpoint: string; userId: string }>(sql`select touchpoint,
      user_id as "userId" from case_touchpoint_owners where workspace_id = ${workspaceId} order by touchpoint`),
  }
}

/** The token in the workspace's inbound reply address. */
export async function getInboundToken(db: Db, workspaceId: string): Promise<string> {
  return (await settingsRow(db, workspaceId)).inboundToken
}

/** Replaces the calendar, SLA targets and rules. */
export async function setCaseSettings(
  db: Db,
  workspaceId: string,
  settings: CaseSettings,
): Promise<CaseSettings> {
  await settingsRow(db, workspaceId)
  await db.query(sql`update case_settings set time_zone = ${settings.calendar.timeZone},
      hours = ${JSON.stringify(settings.calendar.hours)}::jsonb,
      holidays = ${JSON.stringify(settings.calendar.holidays)}::jsonb,
      sla = ${JSON.stringify(settings.sla)}::jsonb, rules = ${JSON.stringify(settings.rules)}::jsonb,
      updated_at = now()
    where workspace_id = ${workspaceId}`)
  await db.query(sql`delete from case_touchpoint_owners where workspace_id = ${workspaceId}`)
  for (const [i, owner] of settings.touchpointOwners.entries()) {
    const added = await db.query(sql`insert into case_touchpoint_owners (workspace_id, touchpoint, user_id)
      select ${workspaceId}, ${owner.touchpoint}, user_id from memberships
      where workspace_id = ${workspaceId} and user_id = ${owner.userId}::uuid and role <> 'viewer'
      on conflict (workspace_id, touchpoint) do update set user_id = excluded.user_id
      returning user_id`)
    if (added.length === 0)
      throw new DomainError('invalid', 'not a member who may work on cases', `touchpointOwners.${i}.userId`)
  }
  return getCaseSettings(db, workspaceId)
}

/** The SLA hours of a priority. */
export function slaFor(settings: CaseSettings, priority: Priority) {
  return settings.sla[priority]
}
