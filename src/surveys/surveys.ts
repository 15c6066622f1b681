import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { parseDefinition, type SurveyDefinition } from './definition.js'
import { estimateSeconds } from './estimate-time.js'

export const npsKindSchema = z.enum(['relational', 'transactional'])
export type NpsKind = z.infer<typeof npsKindSchema>
export const surveyStatusSchema = z.enum(['draft', 'active', 'closed'])
export type SurveyStatus = z.infer<typeof surveyStatusSchema>

export interface Survey {
  id: string
  workspaceId: string
  name: string
  touchpoint: string
  /** The touchpoint (journeys) whose key `touchpoint` is; the database keeps the two in step. */
  touchpointId: string | null
  npsKind: NpsKind
  status: SurveyStatus
  template: string | null
  slug: string
  anonymousLink: boolean
  currentVersion: number
  /** Set while the survey is archived: out of the active list, closed to answers and invitations. */
  archivedAt: Date | null
  createdAt: Date
  updatedAt: Date
}

/** Whether a survey takes answers and invitations: active and not archived. */
export function takesAnswers(survey: Pick<Survey, 'status' | 'archivedAt'>): boolean {
  return survey.status === 'active' && survey.archivedAt === null
}

/** The same rule in SQL, for a query that reads surveys as `s`. */
export const surveyTakesAnswers = sql`(s.status = 'active' and s.archived_at is null)`

/** A survey with the definition of its current version. */
export interface SurveyWithDefinition extends Survey {
  definition: SurveyDefinition
  estimatedSeconds: number
}

const columns = sql`s.id, s.workspace_id as "workspaceId", s.name, s.touchpoint,
  s.touchpoint_id as "touchpointId", s.nps_kind as "npsKind",
  s.status, s.template, s.slug, s.anonymous_link as "anonymousLink", s.current_version as "currentVersion",
  s.archived_at as "archivedAt", s.created_at as "createdAt", s.updated_at as "updatedAt"`

export interface NewSurvey {
  name: string
  touchpoint: string
  npsKind: NpsKind
  definition: unknown
  template?: string | null
  status?: SurveyStatus
  anonymousLink?: boolean
}

/** Creates a survey at version 1; the definition is validated (DefinitionError). */
export async function createSurvey(
  db: Db,
  workspaceId: string,
  input: NewSurvey,
  userId: string | null = null,
): Promise<SurveyWithDefinition> {
  const definition = parseDefinition(input.definition)
  const seconds = estimateSeconds(definition)
  const slug = randomBytes(9).toString('base64url')
  return db.transaction(async (tx) => {
    const [survey] = await tx.query<Survey>(sql`
      with s as (
        insert into surveys (workspace_id, name, touchpoint, nps_kind, status, template, slug, anonymous_link, created_by)
        values (${workspaceId}, ${input.name}, ${input.touchpoint}, ${input.npsKind}, ${input.status ?? 'draft'},
          ${input.template ?? null}, ${slug}, ${input.anonymousLink ?? true}, ${userId})
        returning *)
      select ${columns} from s`)
    await tx.query(sql`insert into survey_versions (survey_id, version, workspace_id, definition, estimated_seconds, created_by)
      values (${survey!.id}, 1, ${workspaceId}, ${JSON.stringify(definition)}::jsonb, ${seconds}, ${userId})`)
    return { ...survey!, definition, estimatedSeconds: seconds }
  })
}

export interface SurveyChanges {
  name?: string
  touchpoint?: string
  npsKind?: NpsKind
  status?: SurveyStatus
  anonymousLink?: boolean
  /** A new definition becomes a new version; answers already given keep theirs. */
  definition?: unknown
}

/** Updates a survey; a changed definition is stored as the next version. Undefined when not found. */
export async function updateSurvey(
  db: Db,
  workspaceId: string,
  surveyId: string,
  changes: SurveyChanges,
  userId: string | null = null,
): Promise<SurveyWithDefinition | undefined> {
  const definition = changes.definition === undefined ? undefined : parseDefinition(changes.definition)
  return db.transaction(async (tx) => {
    const current = await getSurvey(tx, workspaceId, surveyId)
    if (!current) return undefined
    let version = current.currentVersion
    if (definition && canonical(definition) !== canonical(current.definition)) {
      version += 1
      await tx.query(sql`insert into survey_versions (survey_id, version, workspace_id, definition, estimated_seconds, created_by)
        values (${surveyId}, ${version}, ${workspaceId}, ${JSON.stringify(definition)}::jsonb,
          ${estimateSeconds(definition)}, ${userId})`)
    }
    await tx.query(sql`update surveys set
        name = ${changes.name ?? current.name}, touchpoint = ${changes.touchpoint ?? current.touchpoint},
        nps_kind = ${changes.npsKind ?? current.npsKind}, status = ${changes.status ?? current.status},
        anonymous_link = ${changes.anonymousLink ?? current.anonymousLink}, current_version = ${version},
        updated_at = now()
      where id = ${surveyId} and workspace_id = ${workspaceId}`)
    return getSurvey(tx, workspaceId, surveyId)
  })
}

/** A survey with its current definition, or undefined. */
export async function getSurvey(
  db: Db,
  workspaceId: string,
  surveyId: string,
): Promise<SurveyWithDefinition | undefined> {
  const [row] = await db.query<SurveyWithDefinition>(sql`
    select ${columns}, v.definition, v.estimated_seconds as "estimatedSeconds"
    from surveys s join survey_versions v on v.survey_id = s.id and v.version = s.current_version
    where s.workspace_id = ${workspaceId} and s.id = ${surveyId}`)
  return row
}

/** A draft copy of a survey's current version, named "… (copy)"; undefined when there is no such survey. */
export async function duplicateSurvey(
  db: Db,
  workspaceId: string,
  surveyId: string,
  userId: string | null = null,
): Promise<SurveyWithDefinition | undefined> {
  const source = await getSurvey(db, workspaceId, surveyId)
  if (!source) return undefined
  return createSurvey(
    db,
    workspaceId,
    {
      name: `${source.name} (copy)`,
      touchpoint: source.touchpoint,
      npsKind: source.npsKind,
      definition: source.definition,
      template: source.template,
      anonymousLink: source.anonymousLink,
    },
    userId,
  )
}

/**
 * Deletes a survey that nobody has answered (with its versions and programs). An answered one is kept
 * ('answered'): its responses are history, so it is closed instead.
 */
export async function deleteSurvey(
  db: Db,
  workspaceId: string,
  surveyId: string,
): Promise<'deleted' | 'answered' | 'missing'> {
  const [row] = await db.query<{ found: boolean; answered: boolean }>(sql`
    with target as (
      select s.id, exists (select 1 from responses r where r.survey_id = s.id) as answered
      from surveys s where s.workspace_id = ${workspaceId} and s.id = ${surveyId}
    ), gone as (
      delete from surveys where id in (select id from target where not answered) returning id
    )
    select exists (select 1 from target) as found, coalesce((select answered from target), false) as answered`)
  if (!row?.found) return 'missing'
  return row.answered ? 'answered' : 'deleted'
}

/**
 * Archives a survey (or restores it with `archived: false`); its status is kept for the restore. Undefined when
 * there is no such survey; a survey already in the wanted state is returned unchanged.
 */
export async function archiveSurvey(
  db: Db,
  workspaceId: string,
  surveyId: string,
  archived = true,
): Promise<SurveyWithDefinition | undefined> {
  await db.query(sql`update surveys
    set archived_at = ${archived ? sql`now()` : null}, updated_at = now()
    where workspace_id = ${workspaceId} and id = ${surveyId}
      and (archived_at is null) = ${archived}`)
  return getSurvey(db, workspaceId, surveyId)
}

/** The survey behind an anonymous link, with its current definition. */
export async function getSurveyBySlug(db: Db, slug: string): Promise<SurveyWithDefinition | undefined> {
  const [row] = await db.query<SurveyWithDefinition>(sql`
    select ${columns}, v.definition, v.estimated_seconds as "estimatedSeconds"
    from surveys s join survey_versions v on v.survey_id = s.id and v.version = s.current_version
    where s.slug = ${slug}`)
  return row
}

export interface SurveyListItem extends Survey {
  estimatedSeconds: number
  responses: number
  completed: number
}

/** The workspace's surveys, newest first, with response counts: the active list, or the archived ones. */
export async function listSurveys(
  db: Db,
  workspaceId: string,
  options: { archived?: boolean } = {},
): Promise<SurveyListItem[]> {
  return db.query<SurveyListItem>(sql`
    select ${columns}, v.estimated_seconds as "estimatedSeconds",
      (select count(*)::int from responses r where r.survey_id = s.id) as responses,
      (select count(*)::int from responses r where r.survey_id = s.id and r.completed_at is not null) as completed
    from surveys s join survey_versions v on v.survey_id = s.id and v.version = s.current_version
    where s.workspace_id = ${workspaceId}
      and ${options.archived ? sql`s.archived_at is not null` : sql`s.archived_at is null`}
    order by s.created_at desc`)
}

/** The definition of one version (answers are checked against the version they were given to). */
export async function getSurveyVersion(
  db: Db,
  surveyId: string,
  version: number,
): Promise<SurveyDefinition | undefined> {
  const [row] = await db.query<{ definition: SurveyDefinition }>(
    sql`select definition from survey_versions where survey_id = ${surveyId} and version = ${version}`,
  )
  return row?.definition
}

/** Every version of a survey with its definition, newest first. */
export async function listSurveyVersions(
  db: Db,
  surveyId: string,
): Promise<{ version: number; definition: SurveyDefinition }[]> {
  return db.query(sql`select version, definition from survey_versions
    where survey_id = ${surveyId} order by version desc`)
}

// jsonb gives keys back in its own order; compare definitions with keys sorted.
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  )
}
