import type { BackgroundContext, BackgroundWork } from '../jobs/work.js'
import { cancelAnsweredReminders } from './email/cancel-answered-reminders.js'
import { missingSmtpMailer, smtpMailer } from './email/mailer.js'
import { EMAIL_JOB, emailPayloadSchema, sendSurveyEmail } from './email/send-survey-email.js'
import type { SegmentMembership } from './programs/audience.js'
import { deliver } from './programs/deliver.js'
import { expireInvitations } from './programs/expire-invitations.js'
import { DELIVER_JOB, deliverPayloadSchema, scanEvents } from './programs/scan-events.js'

/** The survey delivery's background work: trigger scan, deliveries, e-mails and reminders. */
export function surveyDeliveryWork(
  context: BackgroundContext & { segments: SegmentMembership },
): BackgroundWork {
  const { config, baseUrl, segments } = context
  const mailer = config.SMTP_URL ? smtpMailer(config.SMTP_URL, config.SMTP_FROM) : missingSmtpMailer
  return {
    handlers: {
      [DELIVER_JOB]: async (job, db) => {
        await deliver(db, deliverPayloadSchema.parse(job.payload), {
          dedupeKey: job.dedupeKey,
          baseUrl,
          segments,
        })
      },
      [EMAIL_JOB]: async (job, db) => {
        await sendSurveyEmail(db, emailPayloadSchema.parse(job.payload), { mailer, baseUrl })
      },
    },
    schedules: [
      {
        name: 'surveys.expire-invitations',
        everySeconds: 300,
        run: (db) => expireInvitations(db).then(() => undefined),
      },
      { name: 'surveys.scan-events', everySeconds: 10, run: (db) => scanEvents(db).then(() => undefined) },
      {
        name: 'surveys.cancel-answered-reminders',
        everySeconds: 10,
        run: (db) => cancelAnsweredReminders(db).then(() => undefined),
      },
    ],
  }
}
