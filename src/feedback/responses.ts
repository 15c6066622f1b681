import { type UnitAccess, unitScope } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import type { InvitationChannel } from '../surveys/invitations.js'
import type { NpsKind } from '../surveys/surveys.js'
import type { Answers } from './answers.js'

/** Where a response belongs: survey version, channel, touchpoint, and for a personal link its invitation. */
export interface ResponseTarget {
  workspaceId: string
  surveyId: string
  version: number
  touchpoint: string
  npsKind: NpsKind
  channel: InvitationChannel
  invitationId: string | null
  customerId: string | null
  orgUnitId: string | null
}

/** What the page sends: answers so far (merged into the stored ones), and `complete` on the last step. */
export interface Submission {
  clientId: string
  language: string
  answers: Answers
  hidden: Record<string, string>
  complete: boolean
  ending: string | null
  /** Anonymous responses: SHA-256 of the secret the page holds; only saves presenting it continue the response. */
  continuationHash?: string
}

export interface SavedResponse {
  id: string
  completed: boolean
}

/**
 * Saves answers in one statement. A retry with the same client id (or, for a personal link, any
 * further save on the same invitation) updates the same row; once completed, a response is not changed
 * and the stored one is returned (`completed: true`).
 */
export async function recordResponse(
  db: Db,
  target: ResponseTarget,
  submission: Submission,
): Promise<SavedResponse> {
  const conflict = target.invitationId ? sql`(invitation_id)` : sql`(survey_id, client_id)`
  const complete = submission.complete
  const upsert = sql`insert into responses as r (workspace_id, survey_id, survey_version, invitation_id, client_id,
      customer_id, org_unit_id, language, channel, touchpoint, nps_kind, answers, hidden, ending, completed_at)
    values (${target.workspaceId}, ${target.surveyId}, ${target.version}, ${target.invitationId}, ${submission.clientId},
      ${target.customerId}, ${target.orgUnitId}, ${submission.language}, ${target.channel}, ${target.touchpoint},
      ${target.npsKind}, ${JSON.stringify(submission.answers)}::jsonb, ${JSON.stringify(submission.hidden)}::jsonb,
      ${submission.ending}, ${complete ? sql`now()` : null})
    on conflict ${conflict} do update set answers = r.answers || excluded.answers,
      hidden = r.hidden || excluded.hidden, language = excluded.language, ending = excluded.ending,
      completed_at = excluded.completed_at, updated_at = now()
    where r.completed_at is null
    returning r.id, r.completed_at is not null as completed`
  if (!target.invitationId) {
    const [row] = await db.query<SavedResponse>(upsert)
    return (
      row ??
      (await storedResponse(db, sql`survey_id = ${target.surveyId} and client_id = ${submission.clientId}`))
    )
  }
  // The invitation's funnel timestamps move in the same statement as the answers.
  const [row] = await db.query<SavedResponse>(sql`
    with saved as (${upsert}),
    invitation as (
      update invitations set opened_at = coalesce(opened_at, now()), started_at = coalesce(started_at, now()),
        completed_at = ${complete ? sql`now()` : sql`completed_at`},
        status = ${complete ? 'completed' : 'started'}
      where id = ${target.invitationId} and exists (select 1 from saved))
    select id, completed from saved`)
  return row ?? (await storedResponse(db, sql`invitation_id = ${target.invitationId}`))
}

async function storedResponse(db: Db, where: Sql): Promise<SavedResponse> {
  const [row] = await db.query<SavedResponse>(
    sql`select id, completed_at is not null as completed from responses where ${where}`,
  )
  if (!row) throw new Error('response vanished during save')
  return row
}

export interface ResponseFilter {
  surveyId?: string
  customerId?: string
  status?: 'completed' | 'partial'
  channel?: InvitationChannel
  language?: string
  touchpoint?: string
  from?: Date
  to?: Date
}

export interface ResponseRow {
  id: string
  surveyId: string
  surveyName: string
  surveyVersion: number
  language: string
  channel: InvitationChannel
  touchpoint: string
  npsKind: NpsKind
  customerId: string | null
  customerExternalId: string | null
  customerName: string | null
  orgUnitName: string | null
  answers: Answers
  hidden: Record<string, string>
  startedAt: Date
  completedAt: Date | null
}

export function responseWhere(access: UnitAccess, f: ResponseFilter): Sql {
  const parts = [sql`r.workspace_id = ${access.workspaceId}`]
  if (access.unitPath !== null) parts.push(unitScope(access, sql`r.org_unit_id`))
  if (f.surveyId) parts.push(sql`r.survey_id = ${f.surveyId}`)
  if (f.customerId) parts.push(sql`r.customer_id = ${f.customerId}`)
  if (f.status === 'completed') parts.push(sql`r.completed_at is not null`)
  if (f.status === 'partial') parts.push(sql`r.completed_at is null`)
  if (f.channel) parts.push(sql`r.channel = ${f.channel}`)
  if (f.language) parts.push(sql`r.language = ${f.language}`)
  if (f.touchpoint) parts.push(sql`r.touchpoint = ${f.touchpoint}`)
  if (f.from) parts.push(sql`r.started_at >= ${f.from}`)
  if (f.to) parts.push(sql`r.started_at < ${f.to}`)
  return sql.join(parts, ' and ')
}

const rowColumns = sql`r.id, r.survey_id as "surveyId", s.name as "surveyName", r.survey_version as "surveyVersion",
  r.language, r.channel, r.touchpoint, r.nps_kind as "npsKind", r.customer_id as "customerId",
  c.external_id as "customerExternalId", c.name as "customerName", u.name as "orgUnitName", r.answers, r.hidden,
  r.started_at as "startedAt", r.completed_at as "completedAt"`
const rowJoins = sql`join surveys s on s.id = r.survey_id left join customers c on c.id = r.customer_id
  left join org_units u on u.id = r.org_unit_id`

/** The columns the responses list and its CSV sort by on the server. */
export const responseSorts = ['started', 'survey', 'customer', 'channel', 'language', 'completed'] as const
export type ResponseSort = (typeof responseSorts)[number]

/** The order of a list: a column of `responseSorts`, when absent by start time in the caller's default direction. */
export interface ResponseOrder {
  sort?: ResponseSort | undefined
  dir?: 'asc' | 'desc' | undefined
}

const sortColumns: Record<ResponseSort, Sql> = {
  started: sql`r.started_at`,
  survey: sql`s.name`,
  customer: sql`coalesce(c.name, c.external_id)`,
  channel: sql`r.channel`,
  language: sql`r.language`,
  completed: sql`r.completed_at`,
}

function orderBy(order: ResponseOrder, unsorted: 'asc' | 'desc'): Sql {
  const dir = (order.sort ? order.dir : (order.dir ?? unsorted)) === 'desc' ? sql`desc` : sql`asc`
  return sql`${sortColumns[order.sort ?? 'started']} ${dir} nulls last, r.id ${dir}`
}

/** A page of responses the caller may see (org unit scoped), newest first unless sorted otherwise. */
export async function listResponses(
  db: Db,
  access: UnitAccess,
  filter: ResponseFilter & ResponseOrder,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: ResponseRow[] }> {
  const where = responseWhere(access, filter)
  const [count] = await db.query<{ total: number }>(
    sql`select count(*)::int as total from responses r where ${where}`,
  )
  const items = await db.query<ResponseRow>(sql`select ${rowColumns} from responses r ${rowJoins}
    where ${where} order by ${orderBy(filter, 'desc')} limit ${page.limit} offset ${page.offset}`)
  return { total: count?.total ?? 0, items }
}

/** Every matching response in batches (CSV export): in the list's order when sorted, else oldest first. */
export function allResponses(
  db: Db,
  access: UnitAccess,
  filter: ResponseFilter & ResponseOrder,
): AsyncGenerator<ResponseRow[]> {
  return db.batches<ResponseRow>(
    sql`select ${rowColumns} from responses r ${rowJoins}
      where ${responseWhere(access, filter)} order by ${orderBy(filter, 'asc')}`,
    5000,
  )
}
