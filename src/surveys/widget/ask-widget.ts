import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { type Language, languageSchema } from '../definition.js'
import { inviteIfAllowed } from '../fatigue/invite-if-allowed.js'
import { markInvitationSent, surveyPageUrl, workspaceSurveySecret } from '../invitations.js'
import { inAudience, type SegmentMembership } from '../programs/audience.js'
import { getProgram } from '../programs/programs.sql.js'
import { verifyWidgetToken } from './widget-token.js'

export interface WidgetAsk {
  workspaceId: string
  programId: string
  customer: string
  token: string
  lang?: string
  baseUrl: string
}

export type WidgetAnswer =
  | { show: false; reason: 'not_in_audience' | 'suppressed' | 'no_program' }
  | { show: true; url: string; invitationId: string; lang: Language | null }
  | { error: 'bad_token' }

/**
 * The server's decision for a widget: the signed customer, the program's audience, then the same consent
 * and fatigue rules as every channel. A person turned away is recorded once a day per program, not on
 * every page view.
 */
export async function askWidget(
  db: Db,
  ask: WidgetAsk,
  segments: SegmentMembership,
  now = new Date(),
): Promise<WidgetAnswer> {
  const [workspace] = await db.query(sql`select 1 from workspaces where id = ${ask.workspaceId}`)
  if (!workspace) return { error: 'bad_token' }
  const secret = await workspaceSurveySecret(db, ask.workspaceId)
  if (!verifyWidgetToken(secret, ask.workspaceId, ask.customer, ask.token, now)) return { error: 'bad_token' }
  const program = await getProgram(db, ask.workspaceId, ask.programId)
  if (!program?.enabled || program.channel !== 'widget') return { show: false, reason: 'no_program' }
  const [customer] = await db.query<{ id: string }>(
    sql`select id from customers where workspace_id = ${ask.workspaceId} and external_id = ${ask.customer}`,
  )
  if (!customer) return { show: false, reason: 'not_in_audience' }
  if (!(await inAudience(db, ask.workspaceId, customer.id, program.audience, segments, now)))
    return { show: false, reason: 'not_in_audience' }
  const day = now.toISOString().slice(0, 10)
  const [recent] = await db.query(sql`select 1 from invitations where workspace_id = ${ask.workspaceId}
    and program_id = ${program.id} and customer_id = ${customer.id} and status = 'suppressed'
    and created_at >= ${`${day}T00:00:00Z`}::timestamptz limit 1`)
  if (recent) return { show: false, reason: 'suppressed' }
  const outcome = await inviteIfAllowed(
    db,
    {
      workspaceId: ask.workspaceId,
      surveyId: program.surveyId,
      customerId: customer.id,
      channel: 'widget',
      programId: program.id,
      quarantineDays: program.quarantineDays,
      maxPer90Days: program.maxPer90Days,
      samplePercent: program.samplePercent,
      sampleKey: `${program.id}:${customer.id}:${day}`,
      expiresAt: new Date(now.getTime() + program.expiresAfterHours * 3_600_000),
    },
    now,
  )
  if (!outcome) return { show: false, reason: 'not_in_audience' }
  if (!outcome.sent) return { show: false, reason: 'suppressed' }
  await markInvitationSent(db, ask.workspaceId, outcome.invitation.id)
  // One language for the whole survey and the panel around it: the site's data-lang wins, else the customer's.
  const wanted = languageSchema.safeParse(ask.lang?.toLowerCase().slice(0, 2))
  const lang: Language | undefined =
    (wanted.success ? wanted.data : undefined) ?? outcome.invitation.language ?? undefined
  return {
    show: true,
    // One question at a time suits a small panel on someone else's page.
    url: surveyPageUrl({ baseUrl: ask.baseUrl, token: outcome.token, lang, mode: 'conversation' }),
    invitationId: outcome.invitation.id,
    lang: lang ?? null,
  }
}
