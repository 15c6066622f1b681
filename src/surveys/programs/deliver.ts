import type { Db } from '../../db/db.js'
import { enqueueJob } from '../../jobs/queries.js'
import { queueInvitationEmail } from '../email/send-survey-email.js'
import { getContact } from '../fatigue/contact-facts.sql.js'
import { getDeliverySettings, isTimeZone } from '../fatigue/delivery-settings.js'
import { inviteIfAllowed } from '../fatigue/invite-if-allowed.js'
import { nextSendTime } from '../fatigue/quiet-hours.js'
import { inAudience, type SegmentMembership } from './audience.js'
import { getProgram } from './programs.sql.js'
import { DELIVER_JOB, type DeliverPayload } from './scan-events.js'

export type DeliverResult = 'not_in_audience' | 'deferred' | 'invited' | 'suppressed' | 'gone'

/**
 * Runs when a program's delay after an event is over: audience, then quiet hours in the customer's time
 * zone (the job moves to the end of them), then consent and fatigue, then the invitation and its e-mail.
 * Only customers in the audience count as eligible; every eligible one gets an invitation record, sent or
 * suppressed with its reason.
 */
export async function deliver(
  db: Db,
  payload: DeliverPayload,
  options: { dedupeKey: string | null; baseUrl?: string; segments: SegmentMembership },
  now = new Date(),
): Promise<DeliverResult> {
  const program = await getProgram(db, payload.workspaceId, payload.programId)
  if (!program?.enabled) return 'gone'
  if (
    !(await inAudience(db, payload.workspaceId, payload.customerId, program.audience, options.segments, now))
  )
    return 'not_in_audience'
  if (program.respectQuietHours) {
    const settings = await getDeliverySettings(db, payload.workspaceId)
    const contact = await getContact(db, payload.workspaceId, payload.customerId, program.surveyId)
    const zone = contact?.timezone && isTimeZone(contact.timezone) ? contact.timezone : settings.timezone
    const at = nextSendTime(now, zone, settings.quietStart, settings.quietEnd)
    if (at.getTime() > now.getTime()) {
      await enqueueJob(db, {
        kind: DELIVER_JOB,
        workspaceId: payload.workspaceId,
        payload: { ...payload },
        runAt: at,
        dedupeKey: options.dedupeKey ? `${options.dedupeKey}:after-quiet-hours` : undefined,
      })
      return 'deferred'
    }
  }
  const outcome = await inviteIfAllowed(
    db,
    {
      workspaceId: payload.workspaceId,
      surveyId: program.surveyId,
      customerId: payload.customerId,
      channel: program.channel,
      programId: program.id,
      quarantineDays: program.quarantineDays,
      maxPer90Days: program.maxPer90Days,
      samplePercent: program.samplePercent,
      sampleKey: `${program.id}:${payload.eventId}`,
      expiresAt: new Date(now.getTime() + program.expiresAfterHours * 3_600_000),
      baseUrl: options.baseUrl,
    },
    now,
  )
  if (!outcome) return 'gone'
  if (!outcome.sent) return 'suppressed'
  if (program.channel === 'email') await queueInvitationEmail(db, payload.workspaceId, outcome.invitation.id)
  return 'invited'
}
