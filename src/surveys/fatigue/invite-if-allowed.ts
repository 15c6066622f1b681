import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { languageSchema } from '../definition.js'
import { createInvitation, type Invitation, type InvitationChannel } from '../invitations.js'
import { surveyTakesAnswers } from '../surveys.js'
import { type Contact, getContact } from './contact-facts.sql.js'
import { getDeliverySettings } from './delivery-settings.js'
import { fatigueReason, type SuppressionReason } from './fatigue-reason.js'

export interface InviteRequest {
  workspaceId: string
  surveyId: string
  customerId: string
  /** Every channel goes through the same rules; the e-mail channel also needs consent and an address. */
  channel: InvitationChannel
  programId: string | null
  /** The program's overrides of the workspace quarantine and cap (null: the workspace's). */
  quarantineDays: number | null
  maxPer90Days: number | null
  samplePercent: number
  /** Decides the sample, stably: the program and the event (or the person, for the widget). */
  sampleKey: string
  expiresAt: Date | null
  baseUrl?: string
}

export type InviteOutcome =
  | { sent: true; invitation: Invitation; token: string; url: string; contact: Contact }
  | { sent: false; reason: SuppressionReason; invitation: Invitation; contact: Contact }

/**
 * Decides whether a person may be invited (consent, channel, sample, quarantine, cap) and records the
 * invitation either way: pending to be sent, or suppressed with its reason. One decision per person at a
 * time, so two programs firing together cannot both slip through the quarantine. Nobody is invited to a
 * survey that takes no answers (a draft, closed or archived one): undefined, as for an unknown customer.
 */
export async function inviteIfAllowed(
  db: Db,
  request: InviteRequest,
  now = new Date(),
): Promise<InviteOutcome | undefined> {
  return db.transaction(async (tx) => {
    if (tx.kind === 'postgres')
      await tx.query(sql`select pg_advisory_xact_lock(hashtext(${request.customerId}))`)
    const [open] = await tx.query(sql`select 1 from surveys s
      where s.workspace_id = ${request.workspaceId} and s.id = ${request.surveyId} and ${surveyTakesAnswers}`)
    if (!open) return undefined
    const contact = await getContact(tx, request.workspaceId, request.customerId, request.surveyId)
    if (!contact) return undefined
    const settings = await getDeliverySettings(tx, request.workspaceId)
    const reason = fatigueReason(
      contact,
      {
        channel: request.channel,
        quarantineDays: request.quarantineDays ?? settings.quarantineDays,
        maxPer90Days: request.maxPer90Days ?? settings.maxPer90Days,
        samplePercent: request.samplePercent,
        sampleKey: request.sampleKey,
      },
      now,
    )
    const language = languageSchema.safeParse(contact.language?.toLowerCase().slice(0, 2))
    const created = await createInvitation(tx, {
      workspaceId: request.workspaceId,
      surveyId: request.surveyId,
      customerId: request.customerId,
      channel: request.channel,
      language: language.success ? language.data : null,
      expiresAt: request.expiresAt,
      programId: request.programId,
      status: reason ? 'suppressed' : 'pending',
      suppressedReason: reason,
      baseUrl: request.baseUrl,
    })
    if (reason) return { sent: false as const, reason, invitation: created.invitation, contact }
    return { sent: true as const, ...created, contact }
  })
}
