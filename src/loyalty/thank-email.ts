import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { enqueueJob } from '../jobs/queries.js'

// A thank-you by e-mail, in the customer's language, from the named employee who wrote it. Whether the customer
// may be e-mailed is the delivery capability's rule (consent, opt-outs): the composition root passes it in. The
// program's own fatigue rule: at most one thank-you e-mail per customer in 7 days.

export const THANK_EMAIL_JOB = 'loyalty.thank-email'
const FATIGUE_DAYS = 7

export type ThankLanguage = 'en' | 'uk' | 'ru' | 'pl' | 'lv'

/** The delivery capability's side: may this customer get an e-mail now, and the sending itself. */
export interface ThanksDelivery {
  /** The address to write to, or why not ('opted_out', 'no_channel', 'no_consent'). */
  reach(
    db: Db,
    workspaceId: string,
    customerId: string,
  ): Promise<{ to: string } | { refused: RefusedBecause }>
  send(message: { to: string; subject: string; text: string; html: string }): Promise<string>
}
type RefusedBecause = 'opted_out' | 'no_channel' | 'no_consent'

const subjects: Record<ThankLanguage, string> = {
  en: 'Thank you',
  uk: 'Дякуємо вам',
  ru: 'Спасибо вам',
  pl: 'Dziękujemy',
  lv: 'Paldies jums',
}

export function thankLanguage(language: string | null): ThankLanguage {
  const base = (language ?? 'en').slice(0, 2).toLowerCase()
  return base in subjects ? (base as ThankLanguage) : 'en'
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/** The e-mail for a thank-you: the employee's words, signed with their name; subject in the customer's language. */
export function renderThankEmail(input: { language: string | null; message: string; from: string }) {
  const subject = subjects[thankLanguage(input.language)]
  const text = `${input.message}\n\n— ${input.from}`
  const html = `<p>${escapeHtml(input.message).replaceAll('\n', '<br>')}</p><p>— ${escapeHtml(input.from)}</p>`
  return { subject, text, html }
}

/** Queues the thank-you e-mail of a thanked act (once per act). */
export async function queueThankEmail(db: Db, workspaceId: string, actId: string): Promise<void> {
  await db.query(sql`update loyalty_acts set thank_email_status = 'queued'
    where id = ${actId} and workspace_id = ${workspaceId} and thank_email_status is null`)
  await enqueueJob(db, {
    kind: THANK_EMAIL_JOB,
    workspaceId,
    payload: { actId },
    dedupeKey: `thank-email:${actId}`,
  })
}

/** Sends (or refuses, recording why) the queued thank-you e-mail of an act. */
export async function sendThankEmail(
  db: Db,
  delivery: ThanksDelivery,
  actId: string,
  now: Date,
): Promise<string> {
  const [act] = await db.query<{
    workspaceId: string
    customerId: string
    message: string
    from: string
    language: string | null
    recent: boolean
  }>(sql`select a.workspace_id as "workspaceId", a.customer_id as "customerId", a.thank_message as message,
      a.thanked_by as "from", c.language,
      exists (select 1 from loyalty_acts o where o.workspace_id = a.workspace_id and o.customer_id = a.customer_id
        and o.id <> a.id and o.thank_email_status = 'sent'
        and o.thank_email_at > ${now}::timestamptz - ${FATIGUE_DAYS}::int * interval '24 hours') as recent
    from loyalty_acts a join customers c on c.id = a.customer_id
    where a.id = ${actId} and a.thank_email_status = 'queued' and a.thank_message is not null`)
  if (!act) return 'nothing queued'
  const reach = await delivery.reach(db, act.workspaceId, act.customerId)
  const outcome = 'refused' in reach ? reach.refused : act.recent ? 'cap' : null
  if (outcome === null && 'to' in reach) {
    await delivery.send({ to: reach.to, ...renderThankEmail(act) })
  }
  const status = outcome ?? 'sent'
  await db.query(sql`update loyalty_acts set thank_email_status = ${status}, thank_email_at = ${now}
    where id = ${actId}`)
  return status
}
