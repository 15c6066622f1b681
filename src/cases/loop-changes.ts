import { type UnitAccess, visibleCustomers } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'
import { earlierMessages, type LoopMail, textToHtml } from './loop-messages.js'

// "You said, we did": a change recorded once, told to the customers who raised it with a low score at its
// touchpoint or in a comment on its theme, and then their next scores set against those of the customers
// who raised it and were not told (deselected, or refused by consent or fatigue).

export type ChangeMetric = 'nps' | 'csat' | 'ces'

/** A low score, as the case rules and the pain points count it: a detractor, CSAT ≤ 2, CES ≤ 3. */
export const lowScoreAtMost: Record<ChangeMetric, number> = { nps: 6, csat: 2, ces: 3 }

/** Below this many next scores in either group the difference is not shown: "not enough data". */
export const MIN_GROUP_N = 5

export interface ChangeInput {
  title: string
  /** Language (two letters) → message, or '*' → the one message for every language. */
  texts: Record<string, string>
  touchpoint: string | null
  themeWords: string[] | null
  metric: ChangeMetric
  /** Low scores answered from this moment on count as having raised it. */
  raisedSince: Date
}

export interface GroupScores {
  /** Customers in the group, and those of them who answered again after the message. */
  customers: number
  n: number
  /** Their mean low score that raised it, and their mean next score (null when n = 0). */
  meanBefore: number | null
  meanNext: number | null
}

export interface Comparison {
  told: GroupScores
  notTold: GroupScores
  /** told.meanNext − notTold.meanNext with a 95 % interval (normal approximation); null: not enough data. */
  difference: { value: number; low: number; high: number } | null
  enoughData: boolean
}

export interface ChangeSummary {
  id: string
  title: string
  texts: Record<string, string>
  touchpoint: string | null
  themeWords: string[] | null
  metric: ChangeMetric
  raisedSince: Date
  createdAt: Date
  notifiedAt: Date | null
  createdByName: string | null
  counts: Record<'selected' | 'deselected' | 'sent' | 'suppressed' | 'failed', number>
  comparison: Comparison
}

export interface ChangeCustomer {
  customerId: string
  externalId: string
  name: string | null
  raisedScore: number
  raisedAt: Date
  status: 'selected' | 'deselected' | 'sent' | 'suppressed' | 'failed'
  reason: string | null
  sentAt: Date | null
  nextScore: number | null
}

function escapeRegex(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The questions of a type in the workspace's survey versions (survey, version, question id). */
function questionsOfType(workspaceId: string, type: string): Sql {
  return sql`select v.survey_id, v.version, q->>'id' as qid
    from survey_versions v
    cross join lateral jsonb_array_elements(v.definition->'pages') page
    cross join lateral jsonb_array_elements(page->'questions') q
    where v.workspace_id = ${workspaceId} and q->>'type' = ${type}`
}

/** A response's comments hold one of the theme's words (whole words, any case). */
function commentOnTheme(workspaceId: string, words: string[]): Sql {
  const pattern = `\\m(${words.map((w) => escapeRegex(w.toLocaleLowerCase())).join('|')})\\M`
  return sql`exists (select 1 from (${questionsOfType(workspaceId, 'text')}) tq
    where tq.survey_id = r.survey_id and tq.version = r.survey_version
      and jsonb_typeof(r.answers->tq.qid) = 'string' and lower(r.answers->>tq.qid) ~ ${pattern})`
}

/**
 * Records a change and, selected by default, each customer (in the caller's units) whose newest low score since
 * raisedSince was at its touchpoint or came with a comment on its theme.
 */
export async function recordChange(
  db: Db,
  access: UnitAccess,
  actorUserId: string | null,
  input: ChangeInput,
): Promise<string> {
  const ws = access.workspaceId
  return db.transaction(async (tx) => {
    const [change] = await tx.query<{ id: string }>(sql`insert into loop_changes
        (workspace_id, title, texts, touchpoint, theme_words, metric, raised_since, created_by)
      values (${ws}, ${input.title}, ${JSON.stringify(input.texts)}::jsonb, ${input.touchpoint},
        ${input.themeWords}, ${input.metric}, ${input.raisedSince}, ${actorUserId})
      returning id`)
    const raised = input.touchpoint !== null ? sql`r.touchpoint = ${input.touchpoint}` : sql`true`
    const theme = input.themeWords ? commentOnTheme(ws, input.themeWords) : sql`true`
    await tx.query(sql`insert into loop_change_customers
        (change_id, workspace_id, customer_id, response_id, raised_score, raised_at)
      select distinct on (r.customer_id) ${change!.id}::uuid, ${ws}::uuid, r.customer_id, r.id,
        (r.answers->>qs.qid)::numeric, r.completed_at
      from responses r
      join (${questionsOfType(ws, input.metric)}) qs on qs.survey_id = r.survey_id and qs.version = r.survey_version
      join customers c on c.id = r.customer_id
      where r.workspace_id = ${ws} and r.completed_at >= ${input.raisedSince} and ${visibleCustomers(access)}
        and c.erased_at is null and jsonb_typeof(r.answers->qs.qid) = 'number'
        and (r.answers->>qs.qid)::numeric <= ${lowScoreAtMost[input.metric]} and ${raised} and ${theme}
      order by r.customer_id, r.completed_at desc, r.id`)
    return change!.id
  })
}

/** The first score of the change's metric a customer gave after being told, or after the change was told to
 * the others (at the change's touchpoint, if it has one). */
function nextScoreOf(workspaceId: string): Sql {
  return sql`(select (nr.answers->>nq.qid)::numeric
      from responses nr
      join (select v.survey_id, v.version, q->>'id' as qid, q->>'type' as qtype
        from survey_versions v
        cross join lateral jsonb_array_elements(v.definition->'pages') page
        cross join lateral jsonb_array_elements(page->'questions') q
        where v.workspace_id = ${workspaceId}) nq
        on nq.survey_id = nr.survey_id and nq.version = nr.survey_version and nq.qtype = ch.metric
      where nr.workspace_id = ${workspaceId} and nr.customer_id = lc.customer_id
        and nr.completed_at > coalesce(lc.sent_at, ch.notified_at)
        and (ch.touchpoint is null or nr.touchpoint = ch.touchpoint)
        and jsonb_typeof(nr.answers->nq.qid) = 'number'
      order by nr.completed_at, nr.id limit 1)`
}

function groupScores(row: GroupRow | undefined): GroupScores {
  return {
    customers: row?.customers ?? 0,
    n: row?.n ?? 0,
    meanBefore: row?.meanBefore ?? null,
    meanNext: row?.meanNext ?? null,
  }
}

interface GroupRow {
  told: boolean
  customers: number
  n: number
  meanBefore: number | null
  meanNext: number | null
  variance: number | null
}

/**
 * The told and the not told, each with its mean next score; their difference with a 95 % interval once both
 * have at least MIN_GROUP_N next scores.
 */
export function compareGroups(told: GroupRow | undefined, notTold: GroupRow | undefined): Comparison {
  const a = groupScores(told)
  const b = groupScores(notTold)
  const enoughData = a.n >= MIN_GROUP_N && b.n >= MIN_GROUP_N
  if (!enoughData || a.meanNext === null || b.meanNext === null)
    return { told: a, notTold: b, difference: null, enoughData: false }
  const value = a.meanNext - b.meanNext
  // Welch's standard error: the groups need not share a variance.
  const se = Math.sqrt((told?.variance ?? 0) / a.n + (notTold?.variance ?? 0) / b.n)
  return {
    told: a,
    notTold: b,
    difference: { value, low: value - 1.96 * se, high: value + 1.96 * se },
    enoughData,
  }
}

async function compare(db: Db, access: UnitAccess, changeId: string): Promise<Comparison> {
  const rows = await db.query<GroupRow>(sql`
    select x.told, count(*)::int as customers, count(x.next)::int as n,
      avg(x.before) filter (where x.next is not null)::float8 as "meanBefore",
      avg(x.next)::float8 as "meanNext", var_samp(x.next)::float8 as variance
    from (select lc.status = 'sent' as told, lc.raised_score as before, ${nextScoreOf(access.workspaceId)} as next
      from loop_change_customers lc
      join loop_changes ch on ch.id = lc.change_id
      join customers c on c.id = lc.customer_id
      where lc.change_id = ${changeId} and ch.notified_at is not null and ${visibleCustomers(access)}) x
    group by x.told`)
  return compareGroups(
    rows.find((r) => r.told),
    rows.find((r) => !r.told),
  )
}

const emptyCounts = { selected: 0, deselected: 0, sent: 0, suppressed: 0, failed: 0 }

/** The log of changes, newest first, each with its customers by status and its told/not-told comparison. */
export async function listChanges(
  db: Db,
  access: UnitAccess,
  page: { limit: number; offset: number },
): Promise<{ items: ChangeSummary[]; total: number }> {
  const [count] = await db.query<{ n: number }>(
    sql`select count(*)::int as n from loop_changes where workspace_id = ${access.workspaceId}`,
  )
  return { items: await summaries(db, access, sql`true`, page), total: count?.n ?? 0 }
}

async function summaries(
  db: Db,
  access: UnitAccess,
  which: Sql,
  page: { limit: number; offset: number },
): Promise<ChangeSummary[]> {
  const rows = await db.query<Omit<ChangeSummary, 'counts' | 'comparison'>>(sql`
    select ch.id, ch.title, ch.texts, ch.touchpoint, ch.theme_words as "themeWords", ch.metric,
      ch.raised_since as "raisedSince", ch.created_at as "createdAt", ch.notified_at as "notifiedAt",
      u.name as "createdByName"
    from loop_changes ch left join users u on u.id = ch.created_by
    where ch.workspace_id = ${access.workspaceId} and ${which}
    order by ch.created_at desc, ch.id limit ${page.limit} offset ${page.offset}`)
  const items: ChangeSummary[] = []
  for (const row of rows) {
    const counts = await db.query<{ status: keyof typeof emptyCounts; n: number }>(sql`
      select lc.status, count(*)::int as n from loop_change_customers lc join customers c on c.id = lc.customer_id
      where lc.change_id = ${row.id} and ${visibleCustomers(access)} group by lc.status`)
    items.push({
      ...row,
      raisedSince: new Date(row.raisedSince),
      createdAt: new Date(row.createdAt),
      notifiedAt: row.notifiedAt ? new Date(row.notifiedAt) : null,
      counts: { ...emptyCounts, ...Object.fromEntries(counts.map((c) => [c.status, c.n])) },
      comparison: await compare(db, access, row.id),
    })
  }
  return items
}

/** One change with its customers (in the caller's units), lowest score first. */
export async function getChange(
  db: Db,
  access: UnitAccess,
  changeId: string,
): Promise<(ChangeSummary & { customers: ChangeCustomer[] }) | undefined> {
  const [summary] = await summaries(db, access, sql`ch.id = ${changeId}`, { limit: 1, offset: 0 })
  if (!summary) return undefined
  const customers = await db.query<ChangeCustomer>(sql`
    select lc.customer_id as "customerId", c.external_id as "externalId", c.name,
      lc.raised_score::float8 as "raisedScore", lc.raised_at as "raisedAt", lc.status, lc.reason,
      lc.sent_at as "sentAt", case when ch.notified_at is null then null
        else ${nextScoreOf(access.workspaceId)}::float8 end as "nextScore"
    from loop_change_customers lc
    join loop_changes ch on ch.id = lc.change_id
    join customers c on c.id = lc.customer_id
    where lc.change_id = ${changeId} and ${visibleCustomers(access)}
    order by lc.raised_score, lc.raised_at desc, c.external_id`)
  return {
    ...summary,
    customers: customers.map((c) => ({
      ...c,
      raisedAt: new Date(c.raisedAt),
      sentAt: c.sentAt ? new Date(c.sentAt) : null,
    })),
  }
}

/** Selects or deselects customers of a change that has not been sent to them; returns how many changed. */
export async function selectChangeCustomers(
  db: Db,
  access: UnitAccess,
  changeId: string,
  customerIds: string[],
  selected: boolean,
): Promise<number> {
  await requireChange(db, access, changeId)
  const rows = await db.query(sql`update loop_change_customers lc
    set status = ${selected ? 'selected' : 'deselected'}
    from customers c
    where lc.change_id = ${changeId} and c.id = lc.customer_id and ${visibleCustomers(access)}
      and lc.customer_id in (select unnest(${customerIds}::uuid[]))
      and lc.status in ('selected', 'deselected') and lc.status <> ${selected ? 'selected' : 'deselected'}
    returning lc.customer_id`)
  return rows.length
}

async function requireChange(db: Db, access: UnitAccess, changeId: string) {
  const [change] = await db.query<{ title: string; texts: Record<string, string> }>(sql`
    select title, texts from loop_changes where workspace_id = ${access.workspaceId} and id = ${changeId}`)
  if (!change) throw new DomainError('not_found', 'change not found', 'changeId')
  return change
}

/** The message in the customer's language, else the one for every language, else English, else any. */
export function changeText(texts: Record<string, string>, language: string | null): string {
  const lang = language?.toLowerCase().slice(0, 2) ?? ''
  return texts[lang] ?? texts['*'] ?? texts.en ?? Object.values(texts)[0] ?? ''
}

/**
 * Tells each selected customer (and retries those that failed) by e-mail, each through the consent and fatigue
 * rules; the first sending marks the change notified. Returns how many were sent, suppressed and failed.
 */
export async function notifyChange(
  db: Db,
  access: UnitAccess,
  changeId: string,
  mail: LoopMail,
  now = new Date(),
): Promise<{ sent: number; suppressed: number; failed: number }> {
  const change = await requireChange(db, access, changeId)
  await db.query(sql`update loop_changes set notified_at = coalesce(notified_at, ${now})
    where id = ${changeId}`)
  const due = await db.query<{ customerId: string }>(sql`select lc.customer_id as "customerId"
    from loop_change_customers lc join customers c on c.id = lc.customer_id
    where lc.change_id = ${changeId} and lc.status in ('selected', 'failed') and ${visibleCustomers(access)}
    order by c.external_id`)
  const result = { sent: 0, suppressed: 0, failed: 0 }
  for (const { customerId } of due) {
    const earlier = await earlierMessages(db, access.workspaceId, customerId, now)
    const permit = await mail.permit(db, access.workspaceId, customerId, earlier, now)
    const mark = (status: string, reason: string | null, messageId: string | null) =>
      db.query(sql`update loop_change_customers set status = ${status}, reason = ${reason},
          sent_at = ${status === 'sent' ? now : null}, message_id = ${messageId}
        where change_id = ${changeId} and customer_id = ${customerId}`)
    if (!permit.allowed) {
      await mark('suppressed', permit.reason, null)
      result.suppressed++
      continue
    }
    const text = changeText(change.texts, permit.language)
    try {
      const messageId = await mail.send({
        to: permit.email,
        subject: change.title,
        text: `${text}\n`,
        html: textToHtml(text),
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
