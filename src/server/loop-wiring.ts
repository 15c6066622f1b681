import type { Hono } from 'hono'
import type { LoopMail, PermitMessage } from '../cases/loop-messages.js'
import { loopRoutes } from '../cases/loop-routes.js'
import type { Config } from '../config.js'
import type { AppEnv } from '../http/app-env.js'
import { missingSmtpMailer, smtpMailer } from '../surveys/email/mailer.js'
import { getContact } from '../surveys/fatigue/contact-facts.sql.js'
import { getDeliverySettings } from '../surveys/fatigue/delivery-settings.js'
import { fatigueReason } from '../surveys/fatigue/fatigue-reason.js'
import { readOutreachList } from './outreach-lists.js'

// "You said, we did" and outreach messages go out under the survey delivery's rules: refusals and unsubscribes
// from all surveys, an address, consent that was given (unknown consent is no consent here, whatever the
// workspace's legitimate-interest basis for surveys), and the quarantine and 90-day cap, counting survey
// invitations and loop messages together.

// No survey: only unsubscribes from every survey count.
const NO_SURVEY = '00000000-0000-0000-0000-000000000000'

/** The survey delivery's consent and fatigue decision for a loop message. */
export const permitLoopMessage: PermitMessage = async (db, workspaceId, customerId, earlier, now) => {
  const contact = await getContact(db, workspaceId, customerId, NO_SURVEY)
  if (!contact) return { allowed: false, reason: 'no_customer' }
  const settings = await getDeliverySettings(db, workspaceId)
  const lastInvitedAt =
    [contact.lastInvitedAt, earlier.lastSentAt]
      .filter((d): d is Date => d !== null)
      .map((d) => new Date(d))
      .sort((a, b) => b.getTime() - a.getTime())[0] ?? null
  const reason = fatigueReason(
    {
      ...contact,
      emailLegitimateInterest: false,
      lastInvitedAt,
      invitedLast90Days: contact.invitedLast90Days + earlier.sentLast90Days,
    },
    {
      channel: 'email',
      quarantineDays: settings.quarantineDays,
      maxPer90Days: settings.maxPer90Days,
      samplePercent: 100,
      sampleKey: customerId,
    },
    now,
  )
  if (reason) return { allowed: false, reason }
  return { allowed: true, email: contact.email!, name: contact.name, language: contact.language }
}

/** The loop's mail: the workspace's SMTP setup under the delivery rules. */
export function loopMailFor(config: Config): LoopMail {
  const mailer = config.SMTP_URL ? smtpMailer(config.SMTP_URL, config.SMTP_FROM) : missingSmtpMailer
  return { permit: permitLoopMessage, send: (message) => mailer(message) }
}

/** The "you said, we did" and outreach routes with their mail wiring. */
export function loopRoutesFor(app: Hono<AppEnv>, config: Config) {
  return loopRoutes(app, {
    mail: loopMailFor(config),
    inboundDomain: config.RAPPORT_INBOUND_DOMAIN,
    readList: readOutreachList,
  })
}
