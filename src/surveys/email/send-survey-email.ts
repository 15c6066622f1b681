import { z } from 'zod'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { cancelJobs, enqueueJob } from '../../jobs/queries.js'
import { pickLanguage } from '../definition.js'
import { getContact } from '../fatigue/contact-facts.sql.js'
import { emailConsentAllows } from '../fatigue/fatigue-reason.js'
import { getInvitation, invitationToken, markInvitationSent, workspaceSurveySecret } from '../invitations.js'
import { getProgram } from '../programs/programs.sql.js'
import { getSurvey, takesAnswers } from '../surveys.js'
import type { Mailer } from './mailer.js'
import { renderInvitationEmail } from './render-invitation-email.js'

export const EMAIL_JOB = 'surveys.email'

export const emailPayloadSchema = z.object({
  workspaceId: z.uuid(),
  invitationId: z.uuid(),
  /** 0: the invitation; 1 and 2: reminders. */
  reminder: z.number().int().min(0).max(2),
})
export type EmailPayload = z.infer<typeof emailPayloadSchema>

export const emailJobKey = (invitationId: string, reminder: number) => `email:${invitationId}:${reminder}`

/** Queues the invitation e-mail of a pending e-mail invitation. */
export async function queueInvitationEmail(db: Db, workspaceId: string, invitationId: string): Promise<void> {
  await enqueueJob(db, {
    kind: EMAIL_JOB,
    workspaceId,
    payload: { workspaceId, invitationId, reminder: 0 },
    dedupeKey: emailJobKey(invitationId, 0),
  })
}

/** Cancels the reminders still to come for an invitation (call when the person answers). */
export async function cancelReminders(db: Db, invitationId: string): Promise<number> {
  return cancelJobs(db, [emailJobKey(invitationId, 1), emailJobKey(invitationId, 2)])
}

/**
 * Sends an invitation e-mail or a reminder. A reminder goes only to someone who has not answered, whose
 * link has not expired, who has not unsubscribed since, and while the survey still takes answers; the invitation
 * schedules its reminders.
 */
export async function sendSurveyEmail(
  db: Db,
  payload: EmailPayload,
  deps: { mailer: Mailer; baseUrl: string },
  now = new Date(),
): Promise<'sent' | 'skipped'> {
  const invitation = await getInvitation(db, payload.workspaceId, payload.invitationId)
  if (!invitation?.customerId || invitation.channel !== 'email') return 'skipped'
  const answered = invitation.startedAt || invitation.completedAt
  const closed = ['suppressed', 'expired', 'cancelled', 'started', 'completed'].includes(invitation.status)
  if (answered || closed) return 'skipped'
  if (invitation.expiresAt && invitation.expiresAt <= now) return 'skipped'
  const contact = await getContact(db, payload.workspaceId, invitation.customerId, invitation.surveyId)
  if (!contact?.email || contact.optedOut || contact.unsubscribed || !emailConsentAllows(contact))
    return 'skipped'
  const survey = await getSurvey(db, payload.workspaceId, invitation.surveyId)
  // Closed or archived since the invitation was made: its link would only say so.
  if (!survey || !takesAnswers(survey)) return 'skipped'
  const language = pickLanguage(survey.definition, [invitation.language, contact.language])
  const token = invitationToken(await workspaceSurveySecret(db, payload.workspaceId), invitation.id)
  const email = renderInvitationEmail({
    definition: survey.definition,
    language,
    customerName: contact.name,
    baseUrl: deps.baseUrl,
    token,
    reminder: payload.reminder,
  })
  // The workspace's own From address (settings), else the server's SMTP_FROM.
  const [sender] = await db.query<{ mailFrom: string | null }>(
    sql`select mail_from as "mailFrom" from workspaces where id = ${payload.workspaceId}`,
  )
  await deps.mailer({
    ...(sender?.mailFrom ? { from: sender.mailFrom } : {}),
    to: contact.email,
    subject: email.subject,
    html: email.html,
    text: email.text,
    headers: {
      'List-Unsubscribe': `<${email.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  })
  if (payload.reminder > 0) return 'sent'
  await markInvitationSent(db, payload.workspaceId, invitation.id)
  const program = invitation.programId
    ? await getProgram(db, payload.workspaceId, invitation.programId)
    : undefined
  const reminders = program?.reminders ?? 2
  const every = (program?.reminderAfterHours ?? 72) * 3_600_000
  for (let n = 1; n <= reminders; n++) {
    const runAt = new Date(now.getTime() + n * every)
    if (invitation.expiresAt && runAt >= invitation.expiresAt) break
    await enqueueJob(db, {
      kind: EMAIL_JOB,
      workspaceId: payload.workspaceId,
      payload: { workspaceId: payload.workspaceId, invitationId: invitation.id, reminder: n },
      runAt,
      dedupeKey: emailJobKey(invitation.id, n),
    })
  }
  return 'sent'
}
