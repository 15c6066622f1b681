import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'

// What "you said, we did" and outreach share: the e-mail path and the survey delivery's consent and fatigue
// rules, passed in by the composition root, and the count of loop messages that those rules add to.

/** A customer's earlier loop messages (changes and outreach), which count towards quarantine and the cap. */
export interface EarlierMessages {
  lastSentAt: Date | null
  sentLast90Days: number
}

/** Whom a message may reach: an address under the delivery rules, or the reason it may not be sent. */
export type Permit =
  | { allowed: true; email: string; name: string | null; language: string | null }
  | { allowed: false; reason: string }

/** Decides, by the survey delivery's consent and fatigue rules (unknown consent is no consent). */
export type PermitMessage = (
  db: Db,
  workspaceId: string,
  customerId: string,
  earlier: EarlierMessages,
  now: Date,
) => Promise<Permit>

/** Sends one e-mail; resolves with its Message-ID. */
export type SendLoopEmail = (message: {
  to: string
  subject: string
  text: string
  html: string
  headers?: Record<string, string>
}) => Promise<string>

export interface LoopMail {
  permit: PermitMessage
  send: SendLoopEmail
}

/** The loop messages a customer was sent: the newest, and how many within 90 days of now. */
export async function earlierMessages(
  db: Db,
  workspaceId: string,
  customerId: string,
  now: Date,
): Promise<EarlierMessages> {
  const [row] = await db.query<{ last: Date | null; n: number }>(sql`
    select max(sent_at) as last, count(*) filter (where sent_at > ${now}::timestamptz - interval '90 days')::int as n
    from (select sent_at from loop_change_customers
        where workspace_id = ${workspaceId} and customer_id = ${customerId} and status = 'sent'
      union all select sent_at from outreach_recipients
        where workspace_id = ${workspaceId} and customer_id = ${customerId} and status = 'sent') m`)
  return { lastSentAt: row?.last ? new Date(row.last) : null, sentLast90Days: row?.n ?? 0 }
}

/** Text as HTML paragraphs, escaped. */
export function textToHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
  return `<div>${escaped.replace(/\n/g, '<br>')}</div>`
}
