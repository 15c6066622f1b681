import type { Actor } from '../access/audit.js'
import { systemActor } from '../access/audit.js'
import { type UnitAccess, visibleCustomers } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { isUuid } from '../db/is-uuid.js'
import { sql } from '../db/sql.js'
import { type Act, type ActKind, recordAct } from './acts.js'
import { actBody } from './schemas.js'

// Where acts come from besides a person recording one: a batch (API or CSV), the events the shop sends (by the
// workspace's event rules), the customers' purchase rhythm (habit streaks, from the segments' stored habit
// measures) and the anniversary of their first purchase.

type Access = UnitAccess & { actor: Actor }

export type BatchOutcome =
  | { index: number; status: 'created' | 'existing'; act: Act }
  | { index: number; status: 'invalid'; field: string; message: string }

/**
 * Records a batch of acts, each on its own: a bad item is reported with its field and the others are stored.
 * An item's customerId is Rapport's id or the shop's own (external) id.
 */
export async function recordActBatch(
  db: Db,
  access: Access,
  items: unknown[],
  now: Date,
): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = []
  for (const [index, item] of items.entries()) {
    const parsed = actBody.safeParse(item)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      outcomes.push({
        index,
        status: 'invalid',
        field: issue?.path.join('.') || 'item',
        message: issue?.message ?? 'invalid',
      })
      continue
    }
    const customerId = await resolveCustomer(db, access, parsed.data.customerId)
    const recorded =
      customerId &&
      (await recordAct(
        db,
        access,
        { ...parsed.data, customerId, occurredAt: new Date(parsed.data.occurredAt) },
        now,
      ))
    if (!recorded) {
      outcomes.push({ index, status: 'invalid', field: 'customerId', message: 'no such customer' })
      continue
    }
    outcomes.push({ index, status: recorded.created ? 'created' : 'existing', act: recorded.act })
  }
  return outcomes
}

async function resolveCustomer(db: Db, access: Access, wanted: string): Promise<string | undefined> {
  const byId = isUuid(wanted) ? sql`c.id = ${wanted}` : sql`false`
  const [row] = await db.query<{ id: string }>(sql`select c.id from customers c
    where (${byId} or (c.workspace_id = ${access.workspaceId} and c.external_id = ${wanted}))
      and ${visibleCustomers(access)} limit 1`)
  return row?.id
}

export interface EventRule {
  eventType: string
  actKind: ActKind
}

export async function getEventRules(db: Db, workspaceId: string): Promise<EventRule[]> {
  return db.query<EventRule>(sql`select event_type as "eventType", act_kind as "actKind"
    from loyalty_event_rules where workspace_id = ${workspaceId} order by event_type`)
}

export async function setEventRules(db: Db, workspaceId: string, rules: EventRule[]): Promise<void> {
  await db.query(sql`delete from loyalty_event_rules where workspace_id = ${workspaceId}`)
  for (const rule of rules)
    await db.query(sql`insert into loyalty_event_rules (workspace_id, event_type, act_kind)
      values (${workspaceId}, ${rule.eventType}, ${rule.actKind})`)
}

/** A candidate act found by a set-based query, recorded one by one so that its rule's points are credited. */
interface Candidate {
  workspaceId: string
  customerId: string
  kind: ActKind
  sourceId: string
  occurredAt: Date
  note: string
}

async function recordCandidates(db: Db, candidates: Candidate[], now: Date): Promise<number> {
  let created = 0
  for (const c of candidates) {
    const recorded = await recordAct(
      db,
      { workspaceId: c.workspaceId, unitPath: null, actor: systemActor },
      c,
      now,
    )
    if (recorded?.created) created++
  }
  return created
}

/** Acts for the events the workspaces' event rules name, not recorded yet (source id `event:<id>`). */
export async function actsFromEvents(db: Db, now: Date, limit = 1000): Promise<number> {
  const candidates = await db.query<Candidate>(sql`
    select e.workspace_id as "workspaceId", e.customer_id as "customerId", r.act_kind as kind,
      'event:' || e.id as "sourceId", e.occurred_at as "occurredAt", 'from the event ' || e.type as note
    from loyalty_event_rules r
    join events e on e.workspace_id = r.workspace_id and e.type = r.event_type
    where e.occurred_at <= ${now} and not exists (select 1 from loyalty_acts a
      where a.workspace_id = e.workspace_id and a.kind = r.act_kind and a.source_id = 'event:' || e.id)
    order by e.occurred_at limit ${limit}`)
  return recordCandidates(db, candidates, now)
}

/** Purchases on rhythm worth a thank-you: at 3, 5, 10, 20, 50 and 100 of them. */
export const habitMilestones = [3, 5, 10, 20, 50, 100] as const

/**
 * Habit-streak acts from the segments' current habit measures: a customer who buys on a steady rhythm
 * (interval_cv at most 0.5), whose habit is not broken, is recognised at each milestone of purchases once.
 */
export async function habitStreakActs(db: Db, now: Date): Promise<number> {
  const milestones = sql.raw(`array[${habitMilestones.join(',')}]`)
  const candidates = await db.query<Candidate>(sql`
    with habits as (
      select r.workspace_id, r.customer_id, r.frequency, r.last_purchase,
        (select max(m) from unnest(${milestones}) m where m <= r.frequency) as milestone
      from segment_results r
      join segment_generations g on g.workspace_id = r.workspace_id and g.generation = r.generation
      where r.median_interval_days is not null and r.interval_cv <= 0.5 and not r.habit_broken
    )
    select h.workspace_id as "workspaceId", h.customer_id as "customerId", 'habit_streak' as kind,
      'habit_streak:' || h.customer_id || ':' || h.milestone as "sourceId",
      least(h.last_purchase::timestamptz, ${now}::timestamptz) as "occurredAt",
      h.milestone || ' purchases on their rhythm' as note
    from habits h
    where h.milestone is not null and not exists (select 1 from loyalty_acts a
      where a.workspace_id = h.workspace_id and a.kind = 'habit_streak'
        and a.source_id = 'habit_streak:' || h.customer_id || ':' || h.milestone)
    limit 5000`)
  return recordCandidates(db, candidates, now)
}

/**
 * Anniversary acts: a customer whose first purchase was whole years ago at `now`, and who bought in the year
 * before that anniversary, is recognised for it once (source id `anniversary:<customer>:<years>`).
 */
export async function anniversaryActs(db: Db, now: Date): Promise<number> {
  const candidates = await db.query<Candidate>(sql`
    with firsts as (
      select workspace_id, customer_id, min(ordered_at) as first, max(ordered_at) as last
      from orders where amount > 0 and status = 'completed' and ordered_at <= ${now}
      group by workspace_id, customer_id
    ), years as (
      select f.*, extract(year from age(${now}::timestamptz, f.first))::int as years from firsts f
    ), due as (
      select y.*, y.first + y.years * interval '1 year' as anniversary from years y where y.years >= 1
    )
    select d.workspace_id as "workspaceId", d.customer_id as "customerId", 'anniversary' as kind,
      'anniversary:' || d.customer_id || ':' || d.years as "sourceId", d.anniversary as "occurredAt",
      d.years || ' years since the first purchase' as note
    from due d
    where d.last > d.anniversary - interval '1 year' and not exists (select 1 from loyalty_acts a
      where a.workspace_id = d.workspace_id and a.kind = 'anniversary'
        and a.source_id = 'anniversary:' || d.customer_id || ':' || d.years)
    limit 5000`)
  return recordCandidates(db, candidates, now)
}
