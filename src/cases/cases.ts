import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { inUnitTree, type UnitAccess, unitPathInScope, unitScope } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { one } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import { isUniqueViolation } from '../db/unique-violation.js'
import { DomainError } from '../errors/domain-error.js'
import { resolveOwner } from './owners.js'
import type { Priority } from './rules.js'
import { getCaseSettings, slaFor } from './settings.js'
import { addBusinessSeconds, businessSecondsBetween, type Span } from './sla.js'
import { emitEvent } from './webhooks.js'

export const caseStatusSchema = z.enum(['new', 'in_progress', 'waiting_on_customer', 'resolved', 'closed'])
export type CaseStatus = z.infer<typeof caseStatusSchema>
const openStatuses: CaseStatus[] = ['new', 'in_progress', 'waiting_on_customer']

// Where each status may go. Closing takes a resolved case; a resolved case may be reopened.
const transitions: Record<CaseStatus, CaseStatus[]> = {
  new: ['in_progress', 'waiting_on_customer', 'resolved'],
  in_progress: ['waiting_on_customer', 'resolved'],
  waiting_on_customer: ['in_progress', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: [],
}

/** Whether a case may move from one status to another. */
export function canMove(from: CaseStatus, to: CaseStatus): boolean {
  return transitions[from].includes(to)
}

export interface CaseRow {
  id: string
  number: number
  subject: string
  status: CaseStatus
  priority: Priority
  source: 'response' | 'signal' | 'manual'
  rule: string | null
  responseId: string | null
  customerId: string | null
  customerName: string | null
  customerEmail: string | null
  orgUnitId: string | null
  orgUnitName: string | null
  ownerUserId: string | null
  ownerName: string | null
  language: string | null
  openedAt: Date
  firstReplyDueAt: Date | null
  firstReplyAt: Date | null
  resolutionDueAt: Date | null
  resolvedAt: Date | null
  closedAt: Date | null
  resolutionSummary: string | null
  escalations: string[]
}

export interface CaseView extends CaseRow {
  /** Whether the first-reply or resolution target was missed. */
  breached: { firstReply: boolean; resolution: boolean }
  /** Business seconds to the running clock's target (negative past it); null when no clock runs. */
  secondsLeft: number | null
}

const caseColumns = sql`k.id, k.number, k.subject, k.status, k.priority, k.source, k.rule,
  k.response_id as "responseId", k.customer_id as "customerId", c.name as "customerName",
  c.email as "customerEmail", k.org_unit_id as "orgUnitId", u.name as "orgUnitName",
  k.owner_user_id as "ownerUserId", o.name as "ownerName", k.language, k.opened_at as "openedAt",
  k.first_reply_due_at as "firstReplyDueAt", k.first_reply_at as "firstReplyAt",
  k.resolution_due_at as "resolutionDueAt", k.resolved_at as "resolvedAt", k.closed_at as "closedAt",
  k.resolution_summary as "resolutionSummary",
  coalesce((select array_agg(e.kind order by e.kind) from case_escalations e where e.case_id = k.id),
    '{}'::text[]) as escalations`
const caseFrom = sql`cases k left join customers c on c.id = k.customer_id
  left join org_units u on u.id = k.org_unit_id left join users o on o.id = k.owner_user_id`

/** The cases the caller may see: the workspace, and within it their org unit and below. */
function visibleCases(access: UnitAccess): Sql {
  return sql`k.workspace_id = ${access.workspaceId} and ${unitScope(access, sql`k.org_unit_id`)}`
}

export interface NewCase {
  source: 'response' | 'signal' | 'manual'
  /** One case per key: a second open with the same key returns undefined. */
  sourceKey?: string | null
  responseId?: string | null
  rule?: string | null
  customerId: string | null
  orgUnitId?: string | null
  touchpoint?: string | null
  subject: string
  priority: Priority
  language?: string | null
  ownerUserId?: string | null
  actorUserId?: string | null
  note?: string | null
}

/**
 * Opens a case with its owner (given, else resolved), SLA targets and first history entry, and queues
 * `case.opened`; undefined when a case with the same source key exists. Runs in one transaction.
 */
export async function openCase(
  db: Db,
  workspaceId: string,
  input: NewCase,
  now: Date = new Date(),
): Promise<CaseRow | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction((tx) => insertCase(tx, workspaceId, input, now))
    } catch (error) {
      // Two cases opened at once may pick the same number: the loser tries again with the next one.
      if (attempt < 3 && isUniqueViolation(error, 'cases_workspace_id_number_key')) continue
      throw error
    }
  }
}

async function insertCase(tx: Db, workspaceId: string, input: NewCase, now: Date) {
  if (input.sourceKey) {
    const [seen] = await tx.query(
      sql`select 1 from cases where workspace_id = ${workspaceId} and source_key = ${input.sourceKey}`,
    )
    if (seen) return undefined
  }
  const [customer] = input.customerId
    ? await tx.query<{
        orgUnitId: string | null
        language: string | null
      }>(sql`select org_unit_id as "orgUnitId",
        language from customers where workspace_id = ${workspaceId} and id = ${input.customerId}`)
    : []
  const unitId = input.orgUnitId ?? customer?.orgUnitId ?? null
  const owner = input.ownerUserId
    ? { userId: input.ownerUserId, orgUnitId: unitId }
    : await resolveOwner(tx, workspaceId, { touchpoint: input.touchpoint ?? null, orgUnitId: unitId })
  const settings = await getCaseSettings(tx, workspaceId)
  const sla = slaFor(settings, input.priority)
  const firstReplyDue = addBusinessSeconds(settings.calendar, now, sla.firstReplyHours * 3600)
  const resolutionDue = addBusinessSeconds(settings.calendar, now, sla.resolutionHours * 3600)
  const [row] = await tx.query<{ id: string }>(sql`insert into cases (workspace_id, number, customer_id,
      org_unit_id, owner_user_id, source, source_key, response_id, rule, subject, priority, language, reply_token,
      opened_at, first_reply_due_at, resolution_due_at, updated_at)
    select ${workspaceId}, coalesce(max(number), 0) + 1, ${input.customerId}, ${owner.orgUnitId},
      ${owner.userId}, ${input.source}, ${input.sourceKey ?? null}, ${input.responseId ?? null}, ${input.rule ?? null},
      ${input.subject}, ${input.priority}, ${customer?.language ?? input.language ?? null},
      ${randomBytes(12)
        .toString('base64url')
        .toLowerCase()
        .replace(/[^a-z0-9]/g, 'x')},
      ${now}, ${firstReplyDue}, ${resolutionDue}, ${now}
    from cases where workspace_id = ${workspaceId}
    on conflict (workspace_id, source_key) do nothing
    returning id`)
  if (!row) return undefined
  await addEvent(tx, workspaceId, row.id, input.actorUserId ?? null, 'opened', input.note ?? null, {
    source: input.source,
    rule: input.rule ?? null,
    ownerUserId: owner.userId,
    priority: input.priority,
  })
  const created = one(
    await tx.query<CaseRow>(sql`select ${caseColumns} from ${caseFrom} where k.id = ${row.id}`),
    'case',
  )
  await emitEvent(tx, workspaceId, 'case.opened', caseEventData(created))
  return created
}

function caseEventData(k: CaseRow): Record<string, unknown> {
  return {
    id: k.id,
    number: k.number,
    subject: k.subject,
    status: k.status,
    priority: k.priority,
    customerId: k.customerId,
    orgUnitId: k.orgUnitId,
    ownerUserId: k.ownerUserId,
    resolutionSummary: k.resolutionSummary,
  }
}

async function addEvent(
  tx: Db,
  workspaceId: string,
  caseId: string,
  actorUserId: string | null,
  kind: string,
  body: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await tx.query(sql`insert into case_events (workspace_id, case_id, actor_user_id, kind, body, details)
    values (${workspaceId}, ${caseId}, ${actorUserId}, ${kind}, ${body}, ${JSON.stringify(details)}::jsonb)`)
}

export interface CaseFilter {
  status?: CaseStatus[]
  /** A user id, or 'unassigned'. */
  owner?: string
  orgUnitId?: string
  priority?: Priority
  customerId?: string
  breached?: boolean
}

function filterSql(workspaceId: string, f: CaseFilter, now: Date): Sql {
  const parts: Sql[] = []
  if (f.status?.length) parts.push(sql`k.status = any(${f.status}::text[])`)
  if (f.owner === 'unassigned') parts.push(sql`k.owner_user_id is null`)
  else if (f.owner) parts.push(sql`k.owner_user_id = ${f.owner}::uuid`)
  if (f.orgUnitId) parts.push(inUnitTree(workspaceId, sql`k.org_unit_id`, f.orgUnitId))
  if (f.priority) parts.push(sql`k.priority = ${f.priority}`)
  if (f.customerId) parts.push(sql`k.customer_id = ${f.customerId}::uuid`)
  if (f.breached !== undefined) {
    const breached = sql`(exists (select 1 from case_escalations e where e.case_id = k.id)
      or (k.status in ('new', 'in_progress') and (k.first_reply_at is null and k.first_reply_due_at < ${now}
        or k.resolution_due_at < ${now})))`
    parts.push(f.breached ? breached : sql`not ${breached}`)
  }
  return parts.length ? sql.join(parts, ' and ') : sql`true`
}

/** A page of the cases the caller may see, with their SLA clocks; open cases first, most urgent first. */
export async function listCases(
  db: Db,
  access: UnitAccess,
  filter: CaseFilter,
  paging: { limit: number; offset: number },
  now: Date = new Date(),
): Promise<{ items: CaseView[]; total: number }> {
  const where = sql`${visibleCases(access)} and ${filterSql(access.workspaceId, filter, now)}`
  const rows = await db.query<CaseRow>(sql`select ${caseColumns} from ${caseFrom} where ${where}
    order by (k.status in ('resolved', 'closed')), coalesce(k.first_reply_due_at, k.resolution_due_at) nulls last,
      k.number desc
    limit ${paging.limit} offset ${paging.offset}`)
  const [count] = await db.query<{ n: number }>(sql`select count(*)::int as n from cases k where ${where}`)
  const settings = await getCaseSettings(db, access.workspaceId)
  return { items: rows.map((r) => withClock(r, settings.calendar, now)), total: count?.n ?? 0 }
}

function withClock(
  row: CaseRow,
  calendar: Parameters<typeof businessSecondsBetween>[0],
  now: Date,
): CaseView {
  const open = openStatuses.includes(row.status)
  const firstReply =
    row.firstReplyDueAt !== null &&
    (row.firstReplyAt ? row.firstReplyAt > row.firstReplyDueAt : open && now > row.firstReplyDueAt)
  const resolution =
    row.escalations.includes('resolution') ||
    (row.resolutionDueAt !== null &&
      (row.resolvedAt ? row.resolvedAt > row.resolutionDueAt : open && now > row.resolutionDueAt))
  const target = !open
    ? null
    : row.firstReplyAt === null
      ? row.firstReplyDueAt
      : row.status === 'waiting_on_customer'
        ? null
        : row.resolutionDueAt
  const secondsLeft =
    target === null
      ? null
      : target > now
        ? businessSecondsBetween(calendar, now, target)
        : -businessSecondsBetween(calendar, target, now)
  return {
    ...row,
    breached: { firstReply: firstReply || row.escalations.includes('first_reply'), resolution },
    secondsLeft,
  }
}

export interface CaseEvent {
  id: string
  at: Date
  kind: string
  body: string | null
  actorUserId: string | null
  actorName: string | null
  details: Record<string, unknown>
}

/** One case the caller may see, with its clock and full history, or undefined. */
export async function getCase(
  db: Db,
  access: UnitAccess,
  id: string,
  now: Date = new Date(),
): Promise<(CaseView & { events: CaseEvent[] }) | undefined> {
  const [row] = await db.query<CaseRow>(
    sql`select ${caseColumns} from ${caseFrom} where ${visibleCases(access)} and k.id = ${id}::uuid`,
  )
  if (!row) return undefined
  const events =
    await db.query<CaseEvent>(sql`select e.id, e.at, e.kind, e.body, e.actor_user_id as "actorUserId",
      u.name as "actorName", e.details
    from case_events e left join users u on u.id = e.actor_user_id
    where e.case_id = ${id}::uuid order by e.at, e.id`)
  const settings = await getCaseSettings(db, access.workspaceId)
  return { ...withClock(row, settings.calendar, now), events }
}

async function lockCase(tx: Db, access: UnitAccess, id: string): Promise<CaseRow> {
  const [row] = await tx.query<{ id: string }>(
    sql`select k.id from cases k where ${visibleCases(access)} and k.id = ${id}::uuid for update`,
  )
  if (!row) throw new DomainError('not_found', 'case not found', 'caseId')
  return one(
    await tx.query<CaseRow>(sql`select ${caseColumns} from ${caseFrom} where k.id = ${id}::uuid`),
    'case',
  )
}

export interface CaseChange {
  status?: CaseStatus
  priority?: Priority
  /** A member's user id, or null for nobody. */
  ownerUserId?: string | null
  /** Required to resolve or close: what was done and what will be done. */
  resolutionSummary?: string
}

/**
 * Changes a case's status, priority or owner, each change in its history; waiting on the customer pauses the
 * resolution clock. Queues `case.updated`, and `case.resolved` when it is resolved.
 */
export async function changeCase(
  db: Db,
  access: UnitAccess,
  actorUserId: string | null,
  id: string,
  change: CaseChange,
  now: Date = new Date(),
): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    const before = await lockCase(tx, access, id)
    const ws = access.workspaceId
    if (change.ownerUserId !== undefined && change.ownerUserId !== before.ownerUserId) {
      if (change.ownerUserId !== null) await checkOwner(tx, ws, change.ownerUserId, before.orgUnitId)
      await tx.query(
        sql`update cases set owner_user_id = ${change.ownerUserId}, updated_at = ${now} where id = ${id}::uuid`,
      )
      await addEvent(tx, ws, id, actorUserId, 'assigned', null, {
        from: before.ownerUserId,
        to: change.ownerUserId,
      })
    }
    if (change.priority && change.priority !== before.priority) {
      await tx.query(
        sql`update cases set priority = ${change.priority}, updated_at = ${now} where id = ${id}::uuid`,
      )
      await addEvent(tx, ws, id, actorUserId, 'priority', null, {
        from: before.priority,
        to: change.priority,
      })
      await recomputeDue(tx, ws, id, change.priority, now)
    }
    const summary = change.resolutionSummary?.trim()
    if (change.status && change.status !== before.status) {
      await moveStatus(tx, ws, before, change.status, actorUserId, summary || null, now)
    } else if (summary) {
      await tx.query(
        sql`update cases set resolution_summary = ${summary}, updated_at = ${now} where id = ${id}::uuid`,
      )
    }
    const after = one(
      await tx.query<CaseRow>(sql`select ${caseColumns} from ${caseFrom} where k.id = ${id}::uuid`),
      'case',
    )
    await emitEvent(tx, ws, 'case.updated', caseEventData(after))
    if (after.status === 'resolved' && before.status !== 'resolved')
      await emitEvent(tx, ws, 'case.resolved', caseEventData(after))
    return after
  })
}

async function checkOwner(tx: Db, workspaceId: string, userId: string, caseUnitId: string | null) {
  // The owner must be a member who can see the case: of its unit, a unit above it, or the whole workspace.
  const [member] = await tx.query<{
    path: string | null
    role: string
  }>(sql`select u.path, m.role from memberships m
    left join org_units u on u.id = m.org_unit_id
    where m.workspace_id = ${workspaceId} and m.user_id = ${userId}::uuid`)
  if (!member || member.role === 'viewer')
    throw new DomainError('invalid', 'the owner must be a member who may work on cases', 'ownerUserId')
  if (member.path === null) return
  const [unit] = caseUnitId
    ? await tx.query<{ path: string }>(sql`select path from org_units where id = ${caseUnitId}`)
    : []
  if (!unit || !unitPathInScope({ workspaceId, unitPath: member.path }, unit.path))
    throw new DomainError('invalid', "the owner's org unit does not reach this case", 'ownerUserId')
}

async function moveStatus(
  tx: Db,
  ws: string,
  before: CaseRow,
  to: CaseStatus,
  actorUserId: string | null,
  summary: string | null,
  now: Date,
) {
  const id = before.id
  if (!canMove(before.status, to))
    throw new DomainError('invalid', `a ${before.status} case cannot become ${to}`, 'status')
  if ((to === 'resolved' || to === 'closed') && !(summary ?? before.resolutionSummary))
    throw new DomainError(
      'invalid',
      'resolving or closing takes a resolution summary: what was done and what will be',
      'resolutionSummary',
    )
  if (before.status === 'waiting_on_customer')
    await tx.query(
      sql`update case_waits set ended_at = ${now} where case_id = ${id}::uuid and ended_at is null`,
    )
  if (to === 'waiting_on_customer')
    await tx.query(
      sql`insert into case_waits (case_id, started_at) values (${id}, ${now}) on conflict do nothing`,
    )
  await tx.query(sql`update cases set status = ${to}, updated_at = ${now},
      resolution_summary = coalesce(${summary}, resolution_summary),
      resolved_at = case when ${to} = 'resolved' then ${now}::timestamptz when ${to} = 'closed' then resolved_at end,
      closed_at = case when ${to} = 'closed' then ${now}::timestamptz end
    where id = ${id}::uuid`)
  const kind =
    to === 'resolved'
      ? 'resolved'
      : to === 'closed'
        ? 'closed'
        : before.status === 'resolved'
          ? 'reopened'
          : 'status'
  await addEvent(tx, ws, id, actorUserId, kind, to === 'resolved' || to === 'closed' ? summary : null, {
    from: before.status,
    to,
  })
  if (to !== 'resolved' && to !== 'closed') await recomputeDue(tx, ws, id, before.priority, now)
}

/** The resolution target again, from the opening and every wait so far (null while waiting). */
async function recomputeDue(tx: Db, ws: string, id: string, priority: Priority, now: Date) {
  const settings = await getCaseSettings(tx, ws)
  const [k] = await tx.query<{ openedAt: Date; firstReplyAt: Date | null }>(
    sql`select opened_at as "openedAt", first_reply_at as "firstReplyAt" from cases where id = ${id}::uuid`,
  )
  const waits = await tx.query<Span>(
    sql`select started_at as start, ended_at as "end" from case_waits where case_id = ${id}::uuid`,
  )
  const sla = slaFor(settings, priority)
  const resolutionDue = addBusinessSeconds(settings.calendar, k!.openedAt, sla.resolutionHours * 3600, waits)
  const firstReplyDue = addBusinessSeconds(settings.calendar, k!.openedAt, sla.firstReplyHours * 3600)
  await tx.query(sql`update cases set resolution_due_at = ${resolutionDue}, first_reply_due_at = ${firstReplyDue},
    updated_at = ${now} where id = ${id}::uuid`)
}

/** Adds an internal note (never shown to the customer). */
export async function addNote(
  db: Db,
  access: UnitAccess,
  actorUserId: string | null,
  id: string,
  body: string,
) {
  await db.transaction(async (tx) => {
    await lockCase(tx, access, id)
    await addEvent(tx, access.workspaceId, id, actorUserId, 'note', body)
  })
}

/**
 * Records a reply to the customer (sent by e-mail, or made by phone and logged): the first one stops the
 * first-reply clock, and a new case moves to in progress.
 */
export async function recordReply(
  db: Db,
  access: UnitAccess,
  actorUserId: string | null,
  id: string,
  reply: { body: string; channel: 'email' | 'phone'; messageId?: string | null },
  now: Date = new Date(),
): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    const before = await lockCase(tx, access, id)
    if (before.status === 'closed') throw new DomainError('invalid', 'a closed case takes no reply', 'caseId')
    await addEvent(tx, access.workspaceId, id, actorUserId, 'reply', reply.body, {
      channel: reply.channel,
      messageId: reply.messageId ?? null,
    })
    await tx.query(sql`update cases set first_reply_at = coalesce(first_reply_at, ${now}), updated_at = ${now},
      status = case when status = 'new' then 'in_progress' else status end where id = ${id}::uuid`)
    return one(
      await tx.query<CaseRow>(sql`select ${caseColumns} from ${caseFrom} where k.id = ${id}::uuid`),
      'case',
    )
  })
}

/**
 * Puts the customer's answer on the case found by its reply token; a case waiting on the customer goes back
 * to in progress (its clock runs again). Undefined when no case has the token.
 */
export async function recordInbound(
  db: Db,
  replyToken: string,
  message: { from: string; subject: string; text: string; messageId?: string | null },
  now: Date = new Date(),
): Promise<{ caseId: string; workspaceId: string } | undefined> {
  return db.transaction(async (tx) => {
    const [k] = await tx.query<{ id: string; workspaceId: string; status: CaseStatus }>(sql`select id,
      workspace_id as "workspaceId", status from cases where reply_token = ${replyToken} for update`)
    if (!k) return undefined
    if (message.messageId) {
      const [seen] = await tx.query(sql`select 1 from case_events where case_id = ${k.id} and kind = 'inbound'
        and details->>'messageId' = ${message.messageId}`)
      if (seen) return { caseId: k.id, workspaceId: k.workspaceId }
    }
    await addEvent(tx, k.workspaceId, k.id, null, 'inbound', message.text, {
      from: message.from,
      subject: message.subject,
      messageId: message.messageId ?? null,
    })
    if (k.status === 'waiting_on_customer' || k.status === 'resolved') {
      const row = one(
        await tx.query<CaseRow>(sql`select ${caseColumns} from ${caseFrom} where k.id = ${k.id}`),
        'case',
      )
      await moveStatus(tx, k.workspaceId, row, 'in_progress', null, null, now)
    }
    return { caseId: k.id, workspaceId: k.workspaceId }
  })
}

/** Gives many cases one owner; each must be visible to the caller. Returns how many changed. */
export async function assignCases(
  db: Db,
  access: UnitAccess,
  actorUserId: string | null,
  ids: readonly string[],
  ownerUserId: string | null,
): Promise<number> {
  let changed = 0
  for (const id of ids) {
    const after = await changeCase(db, access, actorUserId, id, { ownerUserId })
    if (after.ownerUserId === ownerUserId) changed++
  }
  return changed
}

/** The conversation with a customer across their cases (replies and answers), oldest first. */
export async function customerConversation(db: Db, access: UnitAccess, customerId: string) {
  return db.query<CaseEvent & { caseId: string; caseNumber: number }>(sql`select e.id, e.at, e.kind, e.body,
      e.actor_user_id as "actorUserId", u.name as "actorName", e.details, k.id as "caseId", k.number as "caseNumber"
    from case_events e join cases k on k.id = e.case_id left join users u on u.id = e.actor_user_id
    where ${visibleCases(access)} and k.customer_id = ${customerId}::uuid and e.kind in ('opened', 'reply', 'inbound', 'resolved')
    order by e.at, e.id limit 500`)
}
