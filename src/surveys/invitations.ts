import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import type { Language } from './definition.js'
import type { Answers } from './survey-path.js'

/*
 * Personal links, the contract the delivery side (e-mail, widget, programs) builds on:
 *
 *   createInvitation(db, { workspaceId, surveyId, customerId, channel, language?, expiresAt?, hidden?,
 *                          programId?, status?, suppressedReason?, baseUrl? })
 *     → Promise<{ invitation: Invitation, token: string, url: string }>
 *       url = surveyPageUrl({ baseUrl, token }); relative ('/s/i/<token>') when baseUrl is not given.
 *   surveyPageUrl({ baseUrl?, token? | slug?, lang?, score?, mode?: 'conversation' }) → string
 *     score preselects the first question; the page saves it only when the person confirms.
 *   getInvitation(db, workspaceId, invitationId) → Promise<Invitation | undefined>
 *     answered ⇔ invitation.completedAt !== null (status 'completed'); opened/started timestamps too.
 *   markInvitationSent(db, workspaceId, invitationId) — status 'sent', sent_at = now() (unless further on).
 *   verifyInvitationToken(db, token) → Promise<Invitation | undefined>
 *   invitationToken(secret, invitationId) / workspaceSurveySecret(db, workspaceId)
 *
 * An invitation is answered once: its response is resumable until completed, then the link is spent.
 */

export type InvitationChannel = 'link' | 'email' | 'widget' | 'conversation'
export type InvitationStatus =
  | 'pending'
  | 'sent'
  | 'suppressed'
  | 'opened'
  | 'started'
  | 'completed'
  | 'expired'
  | 'cancelled'

export interface Invitation {
  id: string
  workspaceId: string
  surveyId: string
  customerId: string | null
  orgUnitId: string | null
  programId: string | null
  channel: InvitationChannel
  language: Language | null
  status: InvitationStatus
  suppressedReason: string | null
  hidden: Record<string, string>
  createdAt: Date
  sentAt: Date | null
  openedAt: Date | null
  startedAt: Date | null
  completedAt: Date | null
  expiresAt: Date | null
}

export interface CreateInvitationInput {
  workspaceId: string
  surveyId: string
  customerId: string | null
  channel: InvitationChannel
  language?: Language | null
  expiresAt?: Date | null
  /** Hidden fields carried into the response (order id, store…). */
  hidden?: Record<string, string>
  programId?: string | null
  /** 'suppressed' with a reason records an invitation that was not sent. */
  status?: 'pending' | 'sent' | 'suppressed'
  suppressedReason?: string | null
  /** e.g. 'https://feedback.example.com'; without it the url is a path. */
  baseUrl?: string
}

export const invitationColumns = sql`i.id, i.workspace_id as "workspaceId", i.survey_id as "surveyId",
  i.customer_id as "customerId", i.org_unit_id as "orgUnitId", i.program_id as "programId", i.channel,
  i.language, i.status, i.suppressed_reason as "suppressedReason", i.hidden, i.created_at as "createdAt",
  i.sent_at as "sentAt", i.opened_at as "openedAt", i.started_at as "startedAt",
  i.completed_at as "completedAt", i.expires_at as "expiresAt"`

/** Creates a personal invitation and its signed link; the customer's org unit is copied onto it. */
export async function createInvitation(
  db: Db,
  input: CreateInvitationInput,
): Promise<{ invitation: Invitation; token: string; url: string }> {
  if (input.customerId && !(await customerInWorkspace(db, input.workspaceId, input.customerId))) {
    throw new Error(`customer ${input.customerId} not found in workspace ${input.workspaceId}`)
  }
  const status = input.status ?? 'pending'
  const [invitation] = await db.query<Invitation>(sql`
    with i as (
      insert into invitations (workspace_id, survey_id, customer_id, org_unit_id, program_id, channel, language,
        status, suppressed_reason, hidden, expires_at, sent_at)
      select s.workspace_id, s.id, ${input.customerId},
        (select org_unit_id from customers c where c.id = ${input.customerId} and c.workspace_id = s.workspace_id),
        ${input.programId ?? null}, ${input.channel}, ${input.language ?? null}, ${status},
        ${input.suppressedReason ?? null}, ${JSON.stringify(input.hidden ?? {})}::jsonb, ${input.expiresAt ?? null},
        ${status === 'sent' ? sql`now()` : null}
      from surveys s where s.id = ${input.surveyId} and s.workspace_id = ${input.workspaceId}
      returning *)
    select ${invitationColumns} from i`)
  if (!invitation) throw new Error(`survey ${input.surveyId} not found in workspace ${input.workspaceId}`)
  const token = invitationToken(await workspaceSurveySecret(db, input.workspaceId), invitation.id)
  return { invitation, token, url: surveyPageUrl({ baseUrl: input.baseUrl, token }) }
}

async function customerInWorkspace(db: Db, workspaceId: string, customerId: string): Promise<boolean> {
  const rows = await db.query(
    sql`select 1 from customers where id = ${customerId} and workspace_id = ${workspaceId}`,
  )
  return rows.length > 0
}

/** The page of a survey: a personal link (token) or the anonymous one (slug). */
export function surveyPageUrl(options: {
  baseUrl?: string
  token?: string
  slug?: string
  lang?: Language
  score?: number
  mode?: 'conversation'
}): string {
  const path = options.token ? `/s/i/${options.token}` : `/s/${options.slug}`
  const query = new URLSearchParams()
  if (options.lang) query.set('lang', options.lang)
  if (options.score !== undefined) query.set('score', String(options.score))
  if (options.mode) query.set('mode', options.mode)
  const qs = query.toString()
  return `${(options.baseUrl ?? '').replace(/\/$/, '')}${path}${qs ? `?${qs}` : ''}`
}

export async function getInvitation(
  db: Db,
  workspaceId: string,
  invitationId: string,
): Promise<Invitation | undefined> {
  const [row] = await db.query<Invitation>(
    sql`select ${invitationColumns} from invitations i where i.workspace_id = ${workspaceId} and i.id = ${invitationId}`,
  )
  return row
}

/** Records that the invitation went out (e-mail delivered to SMTP, widget shown…). */
export async function markInvitationSent(db: Db, workspaceId: string, invitationId: string): Promise<void> {
  await db.query(sql`update invitations set sent_at = coalesce(sent_at, now()),
      status = case when status = 'pending' then 'sent' else status end
    where workspace_id = ${workspaceId} and id = ${invitationId}`)
}

const secrets = new Map<string, string>()

/** The workspace's link-signing secret, created on first use (and cached: it never changes). */
export async function workspaceSurveySecret(db: Db, workspaceId: string): Promise<string> {
  const cached = secrets.get(workspaceId)
  if (cached) return cached
  await db.query(sql`insert into survey_secrets (workspace_id, secret)
    values (${workspaceId}, ${randomBytes(32).toString('base64url')}) on conflict (workspace_id) do nothing`)
  const [row] = await db.query<{ secret: string }>(
    sql`select secret from survey_secrets where workspace_id = ${workspaceId}`,
  )
  if (!row) throw new Error(`workspace ${workspaceId} not found`)
  secrets.set(workspaceId, row.secret)
  return row.secret
}

/** `<id as 32 hex>.<HMAC-SHA256(secret, 'invitation:'+id), base64url, 128 bits>` */
export function invitationToken(secret: string, invitationId: string): string {
  const id = invitationId.replace(/-/g, '')
  return `${id}.${signature(secret, invitationId)}`
}

function signature(secret: string, invitationId: string): string {
  return createHmac('sha256', secret)
    .update(`invitation:${invitationId}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url')
}

const TOKEN = /^([0-9a-f]{32})\.([A-Za-z0-9_-]{22})$/

/** The invitation a token was signed for, or undefined for a malformed, forged or unknown token. */
export async function verifyInvitationToken(db: Db, token: string): Promise<Invitation | undefined> {
  const match = TOKEN.exec(token)
  if (!match) return undefined
  const [, hex = '', given64 = ''] = match
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  const [row] = await db.query<Invitation & { secret: string | null }>(sql`
    select ${invitationColumns}, k.secret from invitations i
    left join survey_secrets k on k.workspace_id = i.workspace_id where i.id = ${id}`)
  if (!row?.secret) return undefined
  const expected = Buffer.from(signature(row.secret, id))
  const given = Buffer.from(given64)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined
  const { secret: _secret, ...invitation } = row
  return invitation
}

/** The saved answers of an invitation's response (to resume from the same personal link). */
export async function invitationResponse(
  db: Db,
  invitationId: string,
): Promise<{ id: string; clientId: string; answers: Answers; completed: boolean } | undefined> {
  const [row] = await db.query<{ id: string; clientId: string; answers: Answers; completed: boolean }>(sql`
    select id, client_id as "clientId", answers, completed_at is not null as completed
    from responses where invitation_id = ${invitationId}`)
  return row
}
