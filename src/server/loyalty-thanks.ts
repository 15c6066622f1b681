import type { BackgroundContext } from '../jobs/work.js'
import type { ThanksDelivery } from '../loyalty/thank-email.js'
import { missingSmtpMailer, smtpMailer } from '../surveys/email/mailer.js'
import { getContact } from '../surveys/fatigue/contact-facts.sql.js'
import { emailConsentAllows } from '../surveys/fatigue/fatigue-reason.js'

// No survey: only an unsubscribe from every survey counts against a thank-you.
const NO_SURVEY = '00000000-0000-0000-0000-000000000000'

/** The loyalty program's thank-you e-mails go out under the delivery capability's consent rules and its mailer. */
export function loyaltyThanks({ config }: BackgroundContext): ThanksDelivery {
  const mailer = config.SMTP_URL ? smtpMailer(config.SMTP_URL, config.SMTP_FROM) : missingSmtpMailer
  return {
    async reach(db, workspaceId, customerId) {
      const contact = await getContact(db, workspaceId, customerId, NO_SURVEY)
      if (!contact || contact.optedOut || contact.unsubscribed || contact.emailOptIn === false)
        return { refused: 'opted_out' }
      if (!contact.email) return { refused: 'no_channel' }
      if (!emailConsentAllows(contact)) return { refused: 'no_consent' }
      return { to: contact.email }
    },
    send: mailer,
  }
}
