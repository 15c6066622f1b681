import { unitScope } from '../../access/unit-scope.js'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'

export interface Funnel {
  eligible: number
  invited: number
  opened: number
  started: number
  completed: number
  /** Eligible but not (yet) sent: waiting in the queue. */
  pending: number
  suppressed: { reason: string; count: number }[]
}

/**
 * A program's funnel: eligible (in the audience: every invitation record, sent or suppressed) → invited
 * (sent, or shown by the widget) → opened → started → completed. Limited to an org unit when unitPath is set.
 */
export async function getProgramFunnel(
  db: Db,
  workspaceId: string,
  programId: string,
  unitPath: string | null,
): Promise<Funnel> {
  const scope = sql`and ${unitScope({ workspaceId, unitPath }, sql`i.org_unit_id`)}`
  const from = sql`from invitations i where i.workspace_id = ${workspaceId} and i.program_id = ${programId} ${scope}`
  const [counts] = await db.query<Omit<Funnel, 'suppressed'>>(sql`select count(*)::int as eligible,
      count(*) filter (where i.sent_at is not null or i.opened_at is not null)::int as invited,
      count(*) filter (where i.opened_at is not null)::int as opened,
      count(*) filter (where i.started_at is not null)::int as started,
      count(*) filter (where i.completed_at is not null)::int as completed,
      count(*) filter (where i.status = 'pending')::int as pending
    ${from}`)
  const suppressed = await db.query<{ reason: string; count: number }>(sql`
    select coalesce(i.suppressed_reason, 'unknown') as reason, count(*)::int as count
    ${from} and i.status = 'suppressed' group by 1 order by 2 desc, 1`)
  return { ...counts!, suppressed }
}

export interface CustomerInvitation {
  id: string
  surveyId: string
  surveyName: string
  programId: string | null
  programName: string | null
  channel: string
  status: string
  suppressedReason: string | null
  createdAt: Date
  sentAt: Date | null
  openedAt: Date | null
  completedAt: Date | null
  expiresAt: Date | null
}

/** A customer's invitations on every channel, newest first, suppressed ones with their reason. */
export async function listCustomerInvitations(
  db: Db,
  workspaceId: string,
  customerId: string,
  limit = 100,
): Promise<CustomerInvitation[]> {
  return db.query<CustomerInvitation>(sql`select i.id, i.survey_id as "surveyId", s.name as "surveyName",
      i.program_id as "programId", p.name as "programName", i.channel, i.status,
      i.suppressed_reason as "suppressedReason", i.created_at as "createdAt", i.sent_at as "sentAt",
      i.opened_at as "openedAt", i.completed_at as "completedAt", i.expires_at as "expiresAt"
    from invitations i join surveys s on s.id = i.survey_id
    left join survey_programs p on p.id = i.program_id
    where i.workspace_id = ${workspaceId} and i.customer_id = ${customerId}
    order by i.created_at desc limit ${limit}`)
}

/** The surveys a customer unsubscribed from; null surveyId means all surveys. */
export async function listUnsubscribes(
  db: Db,
  workspaceId: string,
  customerId: string,
): Promise<{ surveyId: string | null; surveyName: string | null; createdAt: Date }[]> {
  return db.query(sql`select u.survey_id as "surveyId", s.name as "surveyName", u.created_at as "createdAt"
    from survey_unsubscribes u left join surveys s on s.id = u.survey_id
    where u.workspace_id = ${workspaceId} and u.customer_id = ${customerId} order by u.created_at desc`)
}
