import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'

// The one place that lists every table holding personal data about a customer: what an export reads and an
// erasure clears. A capability that adds such a table adds it here.

/** The ids of a survey version's free-text questions: what a person wrote in their own words. */
const textQuestionIds = (version: Sql) => sql`array(select q ->> 'id'
  from jsonb_array_elements(${version}.definition -> 'pages') p,
    jsonb_array_elements(p -> 'questions') q where q ->> 'type' = 'text')`

export async function customerRecord(db: Db, workspaceId: string, customerId: string) {
  const [row] = await db.query(sql`select c.id, c.external_id as "externalId", c.name, c.email, c.phone,
      c.language, c.attributes, c.email_opt_in as "emailOptIn", c.sms_opt_in as "smsOptIn",
      c.opted_out as "optedOut", u.code as "orgUnit", c.created_at as "createdAt", c.updated_at as "updatedAt",
      c.erased_at as "erasedAt"
    from customers c left join org_units u on u.id = c.org_unit_id
    where c.workspace_id = ${workspaceId} and c.id = ${customerId}`)
  return row
}

export function customerOrders(db: Db, workspaceId: string, customerId: string) {
  return db.query(sql`select o.external_id as "externalId", o.ordered_at as "orderedAt", o.currency,
      o.amount::text as amount, o.status,
      coalesce((select json_agg(json_build_object('productId', l.product_id, 'productName', l.product_name,
        'quantity', l.quantity::text, 'unitPrice', l.unit_price::text) order by l.line_no)
        from order_lines l where l.order_id = o.id), '[]') as lines
    from orders o where o.workspace_id = ${workspaceId} and o.customer_id = ${customerId}
    order by o.ordered_at, o.external_id`)
}

export function customerEvents(db: Db, workspaceId: string, customerId: string) {
  return db.query(sql`select e.type, e.occurred_at as "occurredAt", e.channel, e.touchpoint, e.properties
    from events e where e.workspace_id = ${workspaceId} and e.customer_id = ${customerId}
    order by e.occurred_at, e.id`)
}

export function customerResponses(db: Db, workspaceId: string, customerId: string) {
  return db.query(sql`select r.id, s.name as survey, r.survey_version as "surveyVersion", r.channel, r.touchpoint,
      r.language, r.answers, r.hidden, r.started_at as "startedAt", r.completed_at as "completedAt"
    from responses r join surveys s on s.id = r.survey_id
    where r.workspace_id = ${workspaceId} and r.customer_id = ${customerId}
    order by r.started_at, r.id`)
}

export function customerInvitations(db: Db, workspaceId: string, customerId: string) {
  return db.query(sql`select i.id, s.name as survey, i.channel, i.language, i.status,
      i.suppressed_reason as "suppressedReason", i.hidden, i.created_at as "createdAt", i.sent_at as "sentAt",
      i.opened_at as "openedAt", i.completed_at as "completedAt", i.expires_at as "expiresAt"
    from invitations i join surveys s on s.id = i.survey_id
    where i.workspace_id = ${workspaceId} and i.customer_id = ${customerId}
    order by i.created_at, i.id`)
}

export function customerUnsubscribes(db: Db, workspaceId: string, customerId: string) {
  return db.query(sql`select s.name as survey, u.created_at as "createdAt"
    from survey_unsubscribes u left join surveys s on s.id = u.survey_id
    where u.workspace_id = ${workspaceId} and u.customer_id = ${customerId} order by u.created_at`)
}

export function customerLoyalty(db: Db, workspaceId: string, customerId: string) {
  return db.query(sql`select m.enrolled_at as "enrolledAt", t.name as tier, m.tier_since as "tierSince",
      coalesce((select json_agg(json_build_object('kind', e.kind, 'points', e.points::text,
        'shortfall', e.shortfall::text, 'source', e.source_type || ':' || e.source_id, 'reason', e.reason, 'at', e.at)
        order by e.seq) from loyalty_entries e where e.member_id = m.id), '[]') as entries
    from loyalty_members m left join loyalty_tiers t on t.id = m.tier_id
    where m.workspace_id = ${workspaceId} and m.customer_id = ${customerId}`)
}

export function customerActs(db: Db, workspaceId: string, customerId: string) {
  return db.query(sql`select kind, occurred_at as "occurredAt", note, thanked_at as "thankedAt",
      thanked_by as "thankedBy", thank_message as "thankMessage"
    from loyalty_acts where workspace_id = ${workspaceId} and customer_id = ${customerId}
    order by occurred_at, id`)
}

/**
 * Clears what identifies the customer and keeps what the aggregates count: orders' amounts and days, scores and
 * choices, event types and times, the points ledger. Free-text answers, hidden fields and event properties go; the record keeps its
 * id so that revenue, segment sizes and NPS stay as they were.
 */
export async function clearCustomer(db: Db, workspaceId: string, customerId: string): Promise<void> {
  await db.query(sql`update customers set external_id = 'erased:' || id::text, name = null, email = null,
      phone = null, language = null, attributes = '{}', email_opt_in = false, sms_opt_in = false, opted_out = true,
      erased_at = now(), updated_at = now()
    where workspace_id = ${workspaceId} and id = ${customerId}`)
  await db.query(sql`update events set properties = '{}'
    where workspace_id = ${workspaceId} and customer_id = ${customerId}`)
  await db.query(sql`update invitations set hidden = '{}'
    where workspace_id = ${workspaceId} and customer_id = ${customerId}`)
  // Acts of loyalty keep their kind and day (they count in engagement); what people wrote about them goes.
  await db.query(sql`update loyalty_acts set note = null, thank_message = null
    where workspace_id = ${workspaceId} and customer_id = ${customerId}`)
  await db.query(sql`update responses r set answers = r.answers - ${textQuestionIds(sql`v`)}, hidden = '{}',
      updated_at = now()
    from survey_versions v
    where v.survey_id = r.survey_id and v.version = r.survey_version
      and r.workspace_id = ${workspaceId} and r.customer_id = ${customerId}`)
}

/** Removes free-text answers older than each workspace's retention period; returns how many responses. */
export async function removeExpiredComments(db: Db, now: Date): Promise<number> {
  const rows = await db.query(sql`update responses r set answers = r.answers - ${textQuestionIds(sql`v`)},
      updated_at = now()
    from survey_versions v, workspaces w
    where v.survey_id = r.survey_id and v.version = r.survey_version and w.id = r.workspace_id
      and w.comment_retention_days is not null
      and coalesce(r.completed_at, r.updated_at) < ${now}::timestamptz - make_interval(days => w.comment_retention_days)
      and r.answers ?| ${textQuestionIds(sql`v`)}
    returning r.id`)
  return rows.length
}

export async function getRetention(db: Db, workspaceId: string): Promise<number | null> {
  const [row] = await db.query<{ days: number | null }>(
    sql`select comment_retention_days as days from workspaces where id = ${workspaceId}`,
  )
  return row?.days ?? null
}

export async function setRetention(db: Db, workspaceId: string, days: number | null): Promise<void> {
  await db.query(sql`update workspaces set comment_retention_days = ${days} where id = ${workspaceId}`)
}
