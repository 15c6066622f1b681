import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import type { ContactFacts } from './fatigue-reason.js'

export interface Contact extends ContactFacts {
  id: string
  externalId: string
  name: string | null
  language: string | null
  timezone: string | null
  orgUnitId: string | null
}

/**
 * A customer's consent flags, unsubscribes and invitation history. Invitations on every channel count,
 * whatever their state, except those never sent (suppressed, cancelled).
 */
export async function getContact(
  db: Db,
  workspaceId: string,
  customerId: string,
  surveyId: string,
): Promise<Contact | undefined> {
  const [row] = await db.query<Contact>(sql`
    select c.id, c.external_id as "externalId", c.name, c.email, c.language, c.org_unit_id as "orgUnitId",
      c.opted_out as "optedOut", c.email_opt_in as "emailOptIn", c.attributes->>'timezone' as timezone,
      coalesce((select s.email_legitimate_interest from survey_delivery_settings s
        where s.workspace_id = c.workspace_id), false) as "emailLegitimateInterest",
      exists (select 1 from survey_unsubscribes u where u.workspace_id = c.workspace_id and u.customer_id = c.id
        and (u.survey_id is null or u.survey_id = ${surveyId})) as unsubscribed,
      (select max(i.created_at) from invitations i where i.workspace_id = c.workspace_id and i.customer_id = c.id
        and i.status not in ('suppressed', 'cancelled')) as "lastInvitedAt",
      (select count(*)::int from invitations i where i.workspace_id = c.workspace_id and i.customer_id = c.id
        and i.status not in ('suppressed', 'cancelled')
        and i.created_at > now() - interval '90 days') as "invitedLast90Days"
    from customers c where c.workspace_id = ${workspaceId} and c.id = ${customerId}`)
  return row
}

/** Records an unsubscribe from one survey, or from all surveys when surveyId is null. */
export async function unsubscribe(
  db: Db,
  workspaceId: string,
  customerId: string,
  surveyId: string | null,
): Promise<void> {
  await db.query(sql`insert into survey_unsubscribes (workspace_id, customer_id, survey_id)
    values (${workspaceId}, ${customerId}, ${surveyId}) on conflict do nothing`)
}
