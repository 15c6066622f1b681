import { z } from 'zod'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'

export const workspaceLanguages = ['en', 'uk', 'ru', 'pl', 'lv'] as const
const languageSchema = z.enum(workspaceLanguages)

/** Whether the runtime knows this IANA time zone (Europe/Kyiv, UTC, …). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

// A From address: "Name <box@host>" or a bare address; no line breaks (they would add headers).
const fromPattern = /^(?:[^<>\r\n"]{0,150} <[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/

export const workspaceSettingsInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    timeZone: z.string().trim().max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Riga'),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as EUR'),
    defaultLanguage: languageSchema,
    surveyLanguages: z.array(languageSchema).min(1).max(workspaceLanguages.length),
    mailFrom: z
      .string()
      .trim()
      .max(250)
      .regex(fromPattern, 'must be an e-mail address, or Name <address>')
      .nullable(),
  })
  .partial()

export type WorkspaceSettingsInput = z.infer<typeof workspaceSettingsInputSchema>

export const workspaceSettingsSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  timeZone: z.string(),
  currency: z.string(),
  defaultLanguage: languageSchema,
  surveyLanguages: z.array(languageSchema),
  mailFrom: z.string().nullable(),
})
export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>

const columns = sql`id, name, time_zone as "timeZone", currency, default_language as "defaultLanguage",
  survey_languages as "surveyLanguages", mail_from as "mailFrom"`

export async function getWorkspaceSettings(db: Db, workspaceId: string): Promise<WorkspaceSettings> {
  const [row] = await db.query<WorkspaceSettings>(
    sql`select ${columns} from workspaces where id = ${workspaceId}`,
  )
  if (!row) throw new DomainError('not_found', 'workspace not found')
  return row
}

/**
 * Changes the given settings; the default language must be among the survey languages (it is added when a
 * change of the default alone would leave it out).
 */
export async function updateWorkspaceSettings(
  db: Db,
  workspaceId: string,
  input: WorkspaceSettingsInput,
): Promise<WorkspaceSettings> {
  const current = await getWorkspaceSettings(db, workspaceId)
  const next = { ...current, ...input }
  const languages = [...new Set(next.surveyLanguages)]
  if (!languages.includes(next.defaultLanguage)) {
    if (input.surveyLanguages !== undefined)
      throw new DomainError('invalid', 'must include the default language', 'surveyLanguages')
    languages.unshift(next.defaultLanguage)
  }
  const [row] = await db.query<WorkspaceSettings>(sql`update workspaces set name = ${next.name},
      time_zone = ${next.timeZone}, currency = ${next.currency}, default_language = ${next.defaultLanguage},
      survey_languages = ${languages}::text[], mail_from = ${next.mailFrom}
    where id = ${workspaceId} returning ${columns}`)
  return row!
}
