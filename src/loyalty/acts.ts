import type { Actor } from '../access/audit.js'
import { type UnitAccess, visibleCustomers } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { isUuid } from '../db/is-uuid.js'
import { type Sql, sql } from '../db/sql.js'
import { orderBy } from '../http/order-by.js'
import { creditCustomers } from './ledger.js'
import { queueThankEmail } from './thank-email.js'

// Acts of loyalty: a referral, a review, help given to another customer. They are recognised with a thank-you
// first; they earn points only where the workspace's rule for the kind says so.

export const actKinds = [
  'referral',
  'review',
  'recommendation',
  'community_help',
  'feedback',
  'anniversary',
  'habit_streak',
] as const
export type ActKind = (typeof actKinds)[number]

export interface Act {
  id: string
  customerId: string
  /** The customer's name, or their external id when they have none (for the thank-you queue). */
  customerName: string
  kind: ActKind
  sourceId: string
  occurredAt: Date
  note: string | null
  recordedAt: Date
  thankedAt: Date | null
  thankedBy: string | null
  thankMessage: string | null
  thankEmailStatus: string | null
  /** Points the act earned under the rule for its kind (0 when none). */
  points: bigint
}

// The points an act earned: its lot's, 0 when its kind earns none.
const actPoints = sql`coalesce((select l.points from loyalty_lots l where l.workspace_id = a.workspace_id
  and l.source_type = 'act' and l.source_id = a.id::text), 0)`
const actColumns = sql`a.id, a.customer_id as "customerId",
  (select coalesce(n.name, n.external_id) from customers n where n.id = a.customer_id) as "customerName", a.kind, a.source_id as "sourceId",
  a.occurred_at as "occurredAt", a.note, a.recorded_at as "recordedAt", a.thanked_at as "thankedAt",
  a.thanked_by as "thankedBy", a.thank_message as "thankMessage", a.thank_email_status as "thankEmailStatus",
  ${actPoints}::text as points`

type ActRow = Omit<Act, 'points'> & { points: string }
const toAct = (row: ActRow): Act => ({ ...row, points: BigInt(row.points) })

/** Points per kind of act; kinds not listed earn none. */
export async function setActRules(db: Db, workspaceId: string, rules: Partial<Record<ActKind, bigint>>) {
  await db.transaction(async (tx) => {
    await tx.query(sql`delete from loyalty_act_rules where workspace_id = ${workspaceId}`)
    for (const [kind, points] of Object.entries(rules))
      await tx.query(sql`insert into loyalty_act_rules (workspace_id, kind, points)
        values (${workspaceId}, ${kind}, ${String(points)}::bigint)`)
  })
}

export async function getActRules(db: Db, workspaceId: string): Promise<Partial<Record<ActKind, bigint>>> {
  const rows = await db.query<{ kind: ActKind; points: string }>(
    sql`select kind, points::text from loyalty_act_rules where workspace_id = ${workspaceId} order by kind`,
  )
  return Object.fromEntries(rows.map((r) => [r.kind, BigInt(r.points)]))
}

export interface ActInput {
  customerId: string
  kind: ActKind
  sourceId: string
  occurredAt: Date
  note?: string | null
}

/**
 * Records an act of a customer the caller may see (again: the act there, created false), and credits the points
 * its kind's rule gives when the customer is a member; undefined when there is no such customer.
 */
export async function recordAct(
  db: Db,
  access: UnitAccess & { actor: Actor },
  input: ActInput,
  now: Date,
): Promise<{ act: Act; created: boolean } | undefined> {
  if (!isUuid(input.customerId)) return undefined
  return db.transaction(async (tx) => {
    const [inserted] = await tx.query<{ id: string }>(sql`
      insert into loyalty_acts as a (workspace_id, customer_id, kind, source_id, occurred_at, note,
        recorded_by_user_id, recorded_by_api_key_id, recorded_at)
      select c.workspace_id, c.id, ${input.kind}, ${input.sourceId}, ${input.occurredAt}, ${input.note ?? null},
        ${access.actor.userId}, ${access.actor.apiKeyId}, ${now}
      from customers c where c.id = ${input.customerId} and ${visibleCustomers(access)}
      on conflict (workspace_id, kind, source_id) do nothing
      returning id`)
    if (inserted) await creditAct(tx, access, inserted.id, input, now)
    const [row] = await tx.query<ActRow>(sql`select ${actColumns} from loyalty_acts a
      join customers c on c.id = a.customer_id
      where a.workspace_id = ${access.workspaceId} and a.kind = ${input.kind} and a.source_id = ${input.sourceId}
        and ${visibleCustomers(access)}`)
    return row && { act: toAct(row), created: inserted !== undefined }
  })
}

async function creditAct(
  tx: Db,
  access: UnitAccess & { actor: Actor },
  actId: string,
  input: ActInput,
  now: Date,
) {
  const [rule] = await tx.query<{ points: string }>(sql`select points::text from loyalty_act_rules
    where workspace_id = ${access.workspaceId} and kind = ${input.kind} and points > 0`)
  if (!rule) return
  // A customer who is not a member earns thanks only: no credit comes back for them.
  const [credited] = await creditCustomers(tx, { workspaceId: access.workspaceId, unitPath: null }, [
    {
      customerId: input.customerId,
      sourceType: 'act',
      sourceId: actId,
      rule: `act:${input.kind}`,
      points: BigInt(rule.points),
      expiresAt: 'program',
      reason: `thanks for the ${input.kind.replace('_', ' ')}`,
      actor: access.actor,
      now,
    },
  ])
  await credited
}

/** The columns the thank-you queue sorts by on the server. */
export const waitingSorts = ['customer', 'kind', 'occurred', 'points'] as const
export type WaitingSort = (typeof waitingSorts)[number]

const waitingSortColumns: Record<WaitingSort, Sql> = {
  customer: sql`coalesce(c.name, c.external_id)`,
  kind: sql`a.kind`,
  occurred: sql`a.occurred_at`,
  points: actPoints,
}

/** Acts not thanked yet, oldest first unless sorted (ties by act id in the same direction): the thank-you queue
 * (of one customer, when given). */
export async function listActsWaiting(
  db: Db,
  access: UnitAccess,
  page: {
    limit: number
    offset: number
    customerId?: string | undefined
    sort?: WaitingSort | undefined
    dir?: 'asc' | 'desc' | undefined
  },
) {
  if (page.customerId !== undefined && !isUuid(page.customerId)) return []
  const customer = page.customerId === undefined ? sql`true` : sql`a.customer_id = ${page.customerId}`
  const rows = await db.query<ActRow>(sql`select ${actColumns} from loyalty_acts a
    join customers c on c.id = a.customer_id
    where a.workspace_id = ${access.workspaceId} and a.thanked_at is null and ${visibleCustomers(access)}
      and ${customer}
    order by ${orderBy(waitingSortColumns, { sort: page.sort ?? 'occurred', dir: page.dir }, [sql`a.id`])}
    limit ${page.limit} offset ${page.offset}`)
  return rows.map(toAct)
}

/** Marks an act thanked, by whom and with what words; undefined when the caller cannot see it. */
export async function thankAct(
  db: Db,
  access: UnitAccess,
  actId: string,
  thanks: { from: string; message: string; email?: boolean },
  now: Date,
): Promise<Act | undefined> {
  if (!isUuid(actId)) return undefined
  const [updated] = await db.query<{ id: string }>(sql`update loyalty_acts a set thanked_at = ${now},
      thanked_by = ${thanks.from}, thank_message = ${thanks.message}
    from customers c where c.id = a.customer_id and a.id = ${actId} and a.workspace_id = ${access.workspaceId}
      and ${visibleCustomers(access)}
    returning a.id`)
  if (!updated) return undefined
  if (thanks.email) await queueThankEmail(db, access.workspaceId, actId)
  const [row] = await db.query<ActRow>(sql`select ${actColumns} from loyalty_acts a where a.id = ${actId}`)
  return row && toAct(row)
}

export interface NeverThanked {
  customerId: string
  externalId: string
  name: string | null
  monetary: string
  frequency: number
  /** Acts of theirs waiting for a thank-you. */
  actsWaiting: number
}

/**
 * The valuable customers (class A of the segments' revenue ranking) who have never been thanked for anything,
 * most valuable first.
 */
export async function listValuableNeverThanked(
  db: Db,
  access: UnitAccess,
  page: { limit: number; offset: number },
): Promise<NeverThanked[]> {
  return db.query<NeverThanked>(sql`
    select c.id as "customerId", c.external_id as "externalId", c.name, s.monetary::text as monetary, s.frequency,
      (select count(*)::int from loyalty_acts a where a.workspace_id = c.workspace_id and a.customer_id = c.id
        and a.thanked_at is null) as "actsWaiting"
    from segment_results s
    join segment_generations g on g.workspace_id = s.workspace_id and g.generation = s.generation
    join customers c on c.id = s.customer_id
    where s.workspace_id = ${access.workspaceId} and s.abc = 'A' and c.erased_at is null and ${visibleCustomers(access)}
      and not exists (select 1 from loyalty_acts a where a.workspace_id = c.workspace_id and a.customer_id = c.id
        and a.thanked_at is not null)
    order by s.monetary desc, c.id limit ${page.limit} offset ${page.offset}`)
}
