import type { Hono } from 'hono'
import { startInboundSmtp } from '../cases/inbound-smtp.js'
import { type CaseRouteOptions, caseRoutes } from '../cases/routes.js'
import { caseWork } from '../cases/work.js'
import type { Config } from '../config.js'
import type { Db } from '../db/db.js'
import { completedResponsesAfter } from '../feedback/completed-responses.js'
import type { AppEnv } from '../http/app-env.js'
import type { BackgroundContext, BackgroundWork } from '../jobs/work.js'
import { type Mailer, missingSmtpMailer, smtpMailer } from '../surveys/email/mailer.js'
import { readCaseSignals } from './case-signals.js'
import { readCustomerContext } from './customer-context.js'

// The cases capability's wiring: the feedback capability's completed responses feed its rules, and the
// workspace's SMTP setup (the surveys' mailer) carries replies and alerts.

function mailerOf(config: Config): Mailer {
  return config.SMTP_URL ? smtpMailer(config.SMTP_URL, config.SMTP_FROM) : missingSmtpMailer
}

/** The cases routes with their mail wiring. */
export function caseRoutesFor(app: Hono<AppEnv>, config: Config, options: Partial<CaseRouteOptions> = {}) {
  const mailer = mailerOf(config)
  return caseRoutes(app, {
    sendReply: options.sendReply ?? ((message) => mailer(message)),
    inboundDomain: options.inboundDomain ?? config.RAPPORT_INBOUND_DOMAIN,
    allowPrivateWebhooks: options.allowPrivateWebhooks ?? config.RAPPORT_WEBHOOK_ALLOW_PRIVATE,
    readCustomerContext: options.readCustomerContext ?? readCustomerContext,
  })
}

/** The cases schedules (response rules, escalations, webhook deliveries) and alert e-mails. */
export function caseBackgroundWork(context: BackgroundContext): BackgroundWork {
  const mailer = mailerOf(context.config)
  return caseWork({
    responses: completedResponsesAfter,
    signals: readCaseSignals,
    baseUrl: context.baseUrl,
    allowPrivateWebhooks: context.config.RAPPORT_WEBHOOK_ALLOW_PRIVATE,
    sendAlert: async (m) => void (await mailer({ ...m, html: `<pre>${m.text.replace(/[&<>]/g, '')}</pre>` })),
  })
}

/** The inbound SMTP receiver when RAPPORT_INBOUND_SMTP_PORT is set; a no-op closer otherwise. */
export function startCaseInbound(db: Db, config: Config): { close(): Promise<void> } {
  if (config.RAPPORT_INBOUND_SMTP_PORT === undefined) return { close: async () => {} }
  const started = startInboundSmtp(db, config.RAPPORT_INBOUND_SMTP_PORT, config.HOST)
  started.catch((error: unknown) => console.error('inbound SMTP:', error))
  return { close: async () => (await started.catch(() => undefined))?.close() }
}
