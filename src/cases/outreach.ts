import { randomBytes } from 'node:crypto'
import { type UnitAccess, visibleCustomers } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'
import { earlierMessages, type LoopMail, textToHtml } from './loop-messages.js'
import { replyAddress } from './reply-email.js'
import { getInboundToken } from './settings.js'

// Outreach: a campaign to the customers of a list (silent, broken habits, at risk), a personal message to each
// (the template with their name, editable one by one), sent under the delivery rules, and what came of it within
// the campaign's days: a reply through the inbound address, an order, a survey answer.

export const outreachLists = ['silent', 'habit_broken', 'at_risk'] as const
export type OutreachList = (typeof outreachLists)[number]

/** The customers of a list the caller may see, most valuable first (the composition root reads them). */
export type ReadOutreachList = (
  db: Db,
  access: UnitAccess,
  list: OutreachList,
  limit: number,
) => Promise<string[]>

export interface CampaignInput {
  name: string
  list: OutreachList
  subject: string
  /** {{name}} is replaced by the customer's name (or the greeting's fallback when it is unknown). */
  template: string
  outcomeDays: number
}

export interface Recipient {
  customerId: string
  externalId: string
  name: string | null
  message: string
  status: 'selected' | 'deselected' | 'sent' | 'suppressed' | 'failed'
  reason: string | null
  sentAt: Date | null
  repliedAt: Date | null
  /** Within outcomeDays of being sent. */
  boughtAgain: boolean
  answeredSurvey: boolean
}

export interface CampaignSummary {
  id: string
  name: string
  list: OutreachList
  subject: string
  template: string
  outcomeDays: number
  createdAt: Date
  sentAt: Date | null
  recipients: number
  sent: number
  suppressed: number
  replied: number
  boughtAgain: number
  answeredSurvey: number
}

/** The template for one customer: {{name}} → their name, else "customer". */
export function personalMessage(template: string, name: string | null): string {
  return template.replaceAll('{{name}}', name?.trim() || 'customer')
}

/** Creates a campaign with a personal message for each customer (in the caller's units) of the given list. */
export async function createCampaign(
  db: Db,
  access: UnitAccess,
  actorUserId: string | null,
  input: CampaignInput,
  customerIds: string[],
): Promise<string> {
  return db.transaction(async (tx) => {
    const [campaign] = await tx.query<{ id: string }>(sql`insert into outreach_campaigns
        (workspace_id, name, list, subject, template, outcome_days, created_by)
      values (${access.workspaceId}, ${input.name}, ${input.list}, ${input.subject}, ${input.template},
        ${input.outcomeDays}, ${actorUserId}) returning id`)
    const people = await tx.query<{
      id: string
      name: string | null
    }>(sql`select c.id, c.name from customers c
      where ${visibleCustomers(access)} and c.erased_at is null and c.id in (select unnest(${customerIds}::uuid[]))`)
    for (const p of people)
      await tx.query(sql`insert into outreach_recipients (campaign_id, workspace_id, customer_id, message, reply_token)
        values (${campaign!.id}, ${access.workspaceId}, ${p.id}, ${personalMessage(input.template, p.name)},
          ${`o${randomBytes(12).toString('hex')}`})`)
    return campaign!.id
  })
}

const outcomes = sql`
  exists (select 1 from orders o where o.workspace_id = r.workspace_id and o.customer_id = r.customer_id
    and o.ordered_at > r.sent_at and o.ordered_at <= r.sent_at + k.outcome_days * interval '1 day')`
const answered = sql`
  exists (select 1 from responses a where a.workspace_id = r.workspace_id and a.customer_id = r.customer_id
    and a.completed_at > r.sent_at and a.completed_at <= r.sent_at + k.outcome_days * interval '1 day')`

/** The campaigns, newest first, with how many were sent and what came of it. */
export async function listCampaigns(db: Db, access: UnitAccess): Promise<CampaignSummary[]> {
  const rows = await db.query<CampaignSummary>(sql`
    select k.id, k.name, k.list, k.subject, k.template, k.outcome_days as "outcomeDays", k.created_at as "createdAt",
      k.sent_at as "sentAt", count(r.customer_id)::int as recipients,
      count(*) filter (where r.status = 'sent')::int as sent,
      count(*) filter (where r.status = 'suppressed')::int as suppressed,
      count(*) filter (where r.replied_at is not null)::int as replied,
      count(*) filter (where r.status = 'sent' and ${outcomes})::int as "boughtAgain",
      count(*) filter (where r.status = 'sent' and ${answered})::int as "answeredSurvey"
    from outreach_campaigns k
    left join (outreach_recipients r join customers c on c.id = r.customer_id and ${visibleCustomers(access)})
      on r.campaign_id = k.id
    where k.workspace_id = ${access.workspaceId}
    group by k.id order by k.created_at desc, k.id limit 200`)
  return rows.map((r) => ({
    ...r,
    createdAt: new Date(r.createdAt),
    sentAt: r.sentAt ? new Date(r.sentAt) : null,
  }))
}

/** One campaign with each recipient's message, status and outcome. */
export async function getCampaign(
  db: Db,
  access: UnitAccess,
  campaignId: string,
): Promise<(CampaignSummary & { items: Recipient[] }) | undefined> {
  const summary = (await listCampaigns(db, access)).find((k) => k.id === campaignId)
  if (!summary) return undefined
  const items = await db.query<Recipient>(sql`
    select r.customer_id as "customerId", c.external_id as "externalId", c.name, r.message, r.status, r.reason,
      r.sent_at as "sentAt", r.replied_at as "repliedAt",
      (r.status = 'sent' and ${outcomes}) as "boughtAgain", (r.status = 'sent' and ${answered}) as "answeredSurvey"
    from outreach_recipients r join outreach_campaigns k on k.id = r.campaign_id
    join customers c on c.id = r.customer_id
    where r.campaign_id = ${campaignId} and ${visibleCustomers(access)}
    order by c.external_id`)
  return {
    ...summary,
    items: items.map((i) => ({
      ...i,
      sentAt: i.sentAt ? new Date(i.sentAt) : null,
      repliedAt: i.repliedAt ? new Date(i.repliedAt) : null,
    })),
  }
}

/** Edits one recipient's message or leaves them out, until they are sent to. */
export async function changeRecipient(
  db: Db,
  access: UnitAccess,
  campaignId: string,
  customerId: string,
  change: { message?: string; selected?: boolean },
): Promise<void> {
  const status = change.selected === undefined ? null : change.selected ? 'selected' : 'deselected'
  const rows = await db.query(sql`update outreach_recipients r
    set message = coalesce(${change.message ?? null}, r.message), status = coalesce(${status}, r.status)
    from customers c
    where r.campaign_id = ${campaignId} and r.workspace_id = ${access.workspaceId} and r.customer_id = ${customerId}
      and c.id = r.customer_id and ${visibleCustomers(access)} and r.status in ('selected', 'deselected')
    returning r.customer_id`)
  if (rows.length === 0)
    throw new DomainError('not_found', 'no recipient of this campaign waiting to be sent to', 'customerId')
}

/**
 * Sends each selected recipient (and retries the failed) their message, under the delivery rules, with a
 * Reply-To that brings their answer back; returns how many were sent, held back and failed.
 */
export async function sendCampaign(
  db: Db,
  access: UnitAccess,
  campaignId: string,
  mail: LoopMail & { inboundDomain: string },
  now = new Date(),
): Promise<{ sent: number; suppressed: number; failed: number }> {
  const [campaign] = await db.query<{ subject: string }>(sql`select subject from outreach_campaigns
    where workspace_id = ${access.workspaceId} and id = ${campaignId}`)
  if (!campaign) throw new DomainError('not_found', 'campaign not found', 'campaignId')
  await db.query(
    sql`update outreach_campaigns set sent_at = coalesce(sent_at, ${now}) where id = ${campaignId}`,
  )
  const workspaceToken = await getInboundToken(db, access.workspaceId)
  const due = await db.query<{ customerId: string; message: string; token: string }>(sql`
    select r.customer_id as "customerId", r.message, r.reply_token as token
    from outreach_recipients r join customers c on c.id = r.customer_id
    where r.campaign_id = ${campaignId} and r.status in ('selected', 'failed') and ${visibleCustomers(access)}
    order by c.external_id`)
  const result = { sent: 0, suppressed: 0, failed: 0 }
  for (const r of due) {
    const mark = (status: string, reason: string | null, messageId: string | null) =>
      db.query(sql`update outreach_recipients set status = ${status}, reason = ${reason},
          sent_at = ${status === 'sent' ? now : null}, message_id = ${messageId}
        where campaign_id = ${campaignId} and customer_id = ${r.customerId}`)
    const earlier = await earlierMessages(db, access.workspaceId, r.customerId, now)
    const permit = await mail.permit(db, access.workspaceId, r.customerId, earlier, now)
    if (!permit.allowed) {
      await mark('suppressed', permit.reason, null)
      result.suppressed++
      continue
    }
    try {
      const messageId = await mail.send({
        to: permit.email,
        subject: campaign.subject,
        text: `${r.message}\n`,
        html: textToHtml(r.message),
        headers: { 'Reply-To': replyAddress(r.token, workspaceToken, mail.inboundDomain) },
      })
      await mark('sent', null, messageId)
      result.sent++
    } catch (error) {
      await mark('failed', error instanceof Error ? error.message.slice(0, 500) : 'send failed', null)
      result.failed++
    }
  }
  return result
}

/** Marks an outreach message answered when the reply token is one of the workspace's; false when it is not. */
export async function recordOutreachReply(
  db: Db,
  replyToken: string,
  workspaceToken: string,
  now = new Date(),
): Promise<boolean> {
  const rows = await db.query(sql`update outreach_recipients r set replied_at = coalesce(r.replied_at, ${now})
    from case_settings s
    where r.reply_token = ${replyToken} and s.workspace_id = r.workspace_id and s.inbound_token = ${workspaceToken}
    returning r.customer_id`)
  return rows.length > 0
}
