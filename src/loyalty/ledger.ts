import type { Actor } from '../access/audit.js'
import { customerScope, type UnitAccess } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import { HttpError } from '../http/errors.js'

// The points ledger. Every change of a member's points runs in one transaction holding the lock on the member's
// row, so two redemptions never read the same balance; lots are only ever changed under that lock.

export type EntryKind = 'credit' | 'debit' | 'expiry' | 'reversal'

export interface Lot {
  id: string
  memberId: string
  sourceType: string
  sourceId: string
  rule: string
  points: bigint
  remaining: bigint
  expiresAt: Date | null
  createdAt: Date
}

export interface Entry {
  seq: bigint
  memberId: string
  kind: EntryKind
  points: bigint
  shortfall: bigint
  sourceType: string
  sourceId: string
  rule: string | null
  lotId: string | null
  reference: string | null
  reason: string | null
  actorUserId: string | null
  actorApiKeyId: string | null
  at: Date
}

interface Audit {
  actor: Actor
  reason?: string | null
  now: Date
}

export interface CreditInput extends Audit {
  memberId: string
  sourceType: string
  sourceId: string
  rule: string
  points: bigint
  expiresAt: Date | null | 'program'
}

export const insufficientPoints = (balance: bigint, wanted: bigint) =>
  new HttpError(
    409,
    'insufficient_points',
    `the member has ${balance} points, fewer than the ${wanted} asked`,
    {
      field: 'points',
      balance: String(balance),
    },
  )

const lotColumns = sql`id, member_id as "memberId", source_type as "sourceType", source_id as "sourceId", rule,
  points, remaining, expires_at as "expiresAt", created_at as "createdAt"`
const entryColumns = sql`seq, member_id as "memberId", kind, points, shortfall, source_type as "sourceType",
  source_id as "sourceId", rule, lot_id as "lotId", reference, reason, actor_user_id as "actorUserId",
  actor_api_key_id as "actorApiKeyId", at`

type Row<T> = { [K in keyof T]: T[K] extends bigint ? string : T[K] }

const toLot = (row: Row<Lot>): Lot => ({
  ...row,
  points: BigInt(row.points),
  remaining: BigInt(row.remaining),
})
const toEntry = (row: Row<Entry>): Entry => ({
  ...row,
  seq: BigInt(row.seq),
  points: BigInt(row.points),
  shortfall: BigInt(row.shortfall),
})

/**
 * Credits points as a lot of their own. Idempotent: the same source event, rule and member finds the lot that is
 * there (created: false) and credits nothing. expiresAt 'program' takes the program's expiry days.
 */
export async function creditPoints(db: Db, input: CreditInput): Promise<{ lot: Lot; created: boolean }> {
  const [member] = await db.query<{ workspaceId: string; customerId: string }>(
    sql`select workspace_id as "workspaceId", customer_id as "customerId" from loyalty_members
      where id = ${input.memberId}`,
  )
  const { memberId: _, ...credit } = input
  const [credited] = member
    ? await creditCustomers(db, { workspaceId: member.workspaceId, unitPath: null }, [
        { ...credit, customerId: member.customerId },
      ])
    : []
  const outcome = await credited
  if (!outcome) throw new Error(`loyalty member ${input.memberId} does not exist`)
  return outcome
}

/** The lot a credit has just made: what the statement returned (id, member, expiry), the rest as it was asked for. */
function createdLot(
  row: { id: string; found: string; expiresAt: Date | null },
  credit: Pick<CreditInput, 'sourceType' | 'sourceId' | 'rule' | 'points' | 'now'>,
): Lot {
  const { sourceType, sourceId, rule, points, now } = credit
  return {
    id: row.id,
    memberId: row.found,
    sourceType,
    sourceId,
    rule,
    points,
    remaining: points,
    expiresAt: row.expiresAt,
    createdAt: now,
  }
}

/** The lot a repeated credit found in place of its own. */
async function existingLot(
  db: Db,
  memberId: string,
  input: { sourceType: string; sourceId: string; rule: string },
): Promise<Lot> {
  const [existing] = await db.query<Row<Lot>>(sql`select ${lotColumns} from loyalty_lots l
    where (workspace_id, source_type, source_id, rule, member_id) = (
      select workspace_id, ${input.sourceType}, ${input.sourceId}, ${input.rule}, id
      from loyalty_members where id = ${memberId})`)
  if (!existing) throw new Error(`the lot of a repeated credit to member ${memberId} is gone`)
  return toLot(existing)
}

export type CustomerCredit = Omit<CreditInput, 'memberId'> & { customerId: string }

/**
 * Credits customers of one workspace whom the caller may see, each as creditPoints does its member, in one
 * statement (one round trip, one commit): what each credit costs the server and PostgreSQL is mostly the
 * statement's fixed part. The credits must differ in (customer, source, rule). Undefined for a customer who is not
 * a member or not in the caller's org unit. A failure of the statement fails them all (a batch's caller then
 * credits one by one); each credit's promise settles on its own after it (a repeated credit still looks up the
 * lot it found).
 */
export async function creditCustomers(
  db: Db,
  access: UnitAccess,
  credits: readonly CustomerCredit[],
): Promise<Promise<{ lot: Lot; created: boolean } | undefined>[]> {
  for (const credit of credits)
    if (credit.points <= 0n) throw new RangeError('a credit is a positive number of points')
  const column = <T>(of: (credit: CustomerCredit) => T) => credits.map(of)
  const rows = await db.query<{ ord: number; found: string; id: string | null; expiresAt: Date | null }>(
    sql`
    with input as (
      select * from unnest(${column((c) => c.customerId)}::uuid[], ${column((c) => c.sourceType)}::text[],
        ${column((c) => c.sourceId)}::text[], ${column((c) => c.rule)}::text[],
        ${column((c) => String(c.points))}::bigint[], ${column((c) => c.expiresAt === 'program')}::boolean[],
        ${column((c) => (c.expiresAt === 'program' ? null : (c.expiresAt?.toISOString() ?? null)))}::timestamptz[],
        ${column((c) => c.reason ?? null)}::text[], ${column((c) => c.actor.userId)}::uuid[],
        ${column((c) => c.actor.apiKeyId)}::uuid[], ${column((c) => c.now.toISOString())}::timestamptz[])
        with ordinality as i(customer_id, source_type, source_id, rule, points, program_expiry, expires_at, reason,
          actor_user_id, actor_api_key_id, now, ord)
    ), m as (
      select i.*, m.id as member_id, m.workspace_id from input i
      join loyalty_members m on m.workspace_id = ${access.workspaceId} and m.customer_id = i.customer_id
      -- The customers' rows are read only to limit a caller to their org unit (the hot path sees the workspace).
      ${customerScope(access, sql`m.customer_id`)}
    ), lot as (
      insert into loyalty_lots (workspace_id, member_id, source_type, source_id, rule, points, remaining,
        expires_at, created_at)
      -- Hours, not days: a day added to a timestamptz follows the session's daylight-saving changes.
      select workspace_id, member_id, source_type, source_id, rule, points, points,
        case when program_expiry then now + (select expiry_days from loyalty_programs p
          where p.workspace_id = m.workspace_id) * interval '24 hours' else expires_at end, now
      -- In key order: two batches that repeat each other's credits wait for each other in one order, never in a cycle.
      from m order by workspace_id, source_type, source_id, rule, member_id
      on conflict (workspace_id, source_type, source_id, rule, member_id) do nothing
      returning id, workspace_id, member_id, source_type, source_id, rule, points, expires_at, created_at
    ), entry as (
      insert into loyalty_entries (workspace_id, member_id, kind, points, source_type, source_id, rule, lot_id,
        reason, actor_user_id, actor_api_key_id, at)
      select lot.workspace_id, lot.member_id, 'credit', lot.points, lot.source_type, lot.source_id, lot.rule, lot.id,
        m.reason, m.actor_user_id, m.actor_api_key_id, lot.created_at
      from lot join m using (member_id, source_type, source_id, rule)
    )
    select m.ord::int, m.member_id as found, lot.id, lot.expires_at as "expiresAt"
    from m left join lot using (member_id, source_type, source_id, rule)`.prepared(),
  )
  const outcomes: Promise<{ lot: Lot; created: boolean } | undefined>[] = credits.map(async () => undefined)
  for (const row of rows) {
    const credit = credits[row.ord - 1]
    if (!credit) continue
    outcomes[row.ord - 1] =
      row.id === null
        ? existingLot(db, row.found, credit).then((lot) => ({ lot, created: false }))
        : Promise.resolve({
            lot: createdLot({ ...row, id: row.id }, credit),
            created: true,
          })
  }
  return outcomes
}

/** Lots that can still be spent at `now`, the soonest to expire first, lots that never expire last, then oldest. */
function spendableLots(memberId: string, now: Date, extra: Sql = sql.empty): Sql {
  return sql`select id, remaining, sum(remaining) over (
      order by expires_at nulls last, created_at, id rows unbounded preceding) as running
    from loyalty_lots
    where member_id = ${memberId} and remaining > 0 and (expires_at is null or expires_at > ${now}) ${extra}`
}

/** Takes up to `wanted` points from the lots `lots` selects (in their order) for the entry; returns what it took. */
async function consumeLots(db: Db, entrySeq: bigint, lots: Sql, wanted: bigint): Promise<bigint> {
  if (wanted <= 0n) return 0n
  const [row] = await db.query<{ taken: string | null }>(sql`
    with lots as (${lots}),
    taken as (
      select id, least(remaining, ${String(wanted)}::bigint - (running - remaining)) as take
      from lots where running - remaining < ${String(wanted)}::bigint
    ),
    updated as (
      update loyalty_lots l set remaining = l.remaining - t.take from taken t where l.id = t.id
      returning l.id, t.take
    ),
    recorded as (
      insert into loyalty_consumptions (entry_seq, lot_id, points)
      select ${String(entrySeq)}::bigint, id, take from updated
      returning points
    )
    select sum(points)::text as taken from recorded`)
  return BigInt(row?.taken ?? 0)
}

/** Locks the member's row for the rest of the transaction: the one door to changing its points. */
async function lockMember(tx: Db, memberId: string): Promise<void> {
  const rows = await tx.query(sql`select 1 from loyalty_members where id = ${memberId} for no key update`)
  if (rows.length === 0) throw new Error(`loyalty member ${memberId} does not exist`)
}

async function spendableBalance(db: Db, memberId: string, now: Date): Promise<bigint> {
  const [row] = await db.query<{ balance: string }>(sql`select coalesce(sum(remaining), 0)::text as balance
    from loyalty_lots where member_id = ${memberId} and remaining > 0
      and (expires_at is null or expires_at > ${now})`)
  return BigInt(row?.balance ?? 0)
}

/** The points a member can spend at `now`: the sum of what remains of the lots not expired. */
export async function getBalance(db: Db, memberId: string, now: Date): Promise<bigint> {
  return spendableBalance(db, memberId, now)
}

async function insertEntry(
  db: Db,
  memberId: string,
  entry: { kind: EntryKind; points: bigint; sourceType: string; sourceId: string; reference?: string | null },
  audit: Audit,
): Promise<Entry> {
  const [row] = await db.query<Row<Entry>>(sql`
    insert into loyalty_entries (workspace_id, member_id, kind, points, source_type, source_id, reference, reason,
      actor_user_id, actor_api_key_id, at)
    select workspace_id, id, ${entry.kind}, ${String(entry.points)}::bigint, ${entry.sourceType}, ${entry.sourceId},
      ${entry.reference ?? null}, ${audit.reason ?? null}, ${audit.actor.userId}, ${audit.actor.apiKeyId}, ${audit.now}
    from loyalty_members where id = ${memberId}
    returning ${entryColumns}`)
  if (!row) throw new Error(`loyalty member ${memberId} does not exist`)
  return toEntry(row)
}

async function setEntryPoints(db: Db, seq: bigint, points: bigint, shortfall: bigint): Promise<void> {
  await db.query(sql`update loyalty_entries set points = ${String(points)}::bigint,
    shortfall = ${String(shortfall)}::bigint where seq = ${String(seq)}::bigint`)
}

export interface RedeemInput extends Audit {
  memberId: string
  points: bigint
  /** What the points pay for, e.g. ('reward', 'R-12'). */
  sourceType: string
  sourceId: string
  /** The caller's id for this redemption: a retry with the same one returns the first debit. */
  reference?: string | null
}

/**
 * Spends points, the soonest-to-expire lots first, recording which lots paid. A balance too small is 409
 * insufficient_points; concurrent redemptions wait for each other on the member's row and never overdraw.
 */
export async function redeemPoints(db: Db, input: RedeemInput): Promise<{ entry: Entry; created: boolean }> {
  const redeemed = await redeemMember(db, sql`loyalty_members m where m.id = ${input.memberId}`, input)
  if (!redeemed) throw new Error(`loyalty member ${input.memberId} does not exist`)
  return redeemed
}

/**
 * redeemPoints for the member that `member` (a from-and-where clause over `loyalty_members m`) finds, in one
 * statement (one round trip, no explicit transaction). Undefined when it finds none.
 */
export async function redeemMember(
  db: Db,
  member: Sql,
  input: Omit<RedeemInput, 'memberId'>,
): Promise<{ entry: Entry; created: boolean } | undefined> {
  if (input.points <= 0n) throw new RangeError('a redemption is a positive number of points')
  const outcome = await debitIfAffordable(db, member, input)
  if (outcome.memberId === null) return undefined
  if (outcome.entry === null) {
    // A debit with this reference is there already (the unique index skipped ours): the retry gets the first one.
    const [earlier] =
      input.reference == null
        ? []
        : await db.query<Row<Entry>>(sql`select ${entryColumns} from loyalty_entries
          where member_id = ${outcome.memberId} and kind = 'debit' and reference = ${input.reference}`)
    if (earlier) return { entry: toEntry(earlier), created: false }
    throw insufficientPoints(outcome.balance, input.points)
  }
  if (outcome.taken !== input.points)
    throw new Error(`debit ${outcome.entry.seq} took ${outcome.taken} of ${input.points} points`)
  return { entry: outcome.entry, created: true }
}

/**
 * The whole debit in one statement: locks the member's row (as every change of lots other than a credit does),
 * then the spendable lots themselves. Locking a row reads its newest version, so the balance and the lots taken are
 * those after any debit that committed since the statement's snapshot; a lot credited since is not seen (the
 * balance can only be too small, never too large). Writes the entry unless its reference is taken or the balance
 * is short, then takes the points from the lots, soonest-to-expire first.
 */
async function debitIfAffordable(
  db: Db,
  member: Sql,
  input: Omit<RedeemInput, 'memberId'>,
): Promise<{ memberId: string | null; entry: Entry | null; balance: bigint; taken: bigint }> {
  const points = String(input.points)
  const now = input.now.toISOString()
  const [row] = await db.query<{
    memberId: string | null
    balance: string
    entrySeq: string | null
    taken: string | null
  }>(
    sql`
    with m as materialized (select m.id, m.workspace_id from ${member} for no key update of m),
    locked as materialized (
      select id, remaining, expires_at, created_at from loyalty_lots
      where member_id = (select id from m) and remaining > 0 and (expires_at is null or expires_at > ${now})
      order by id for update
    ), balance as (
      select coalesce(sum(remaining), 0) as points from locked
    ), entry as (
      insert into loyalty_entries (workspace_id, member_id, kind, points, source_type, source_id, reference, reason,
        actor_user_id, actor_api_key_id, at)
      select m.workspace_id, m.id, 'debit', ${points}::bigint, ${input.sourceType}, ${input.sourceId},
        ${input.reference ?? null}, ${input.reason ?? null}, ${input.actor.userId}, ${input.actor.apiKeyId}, ${now}
      from m, balance b
      where b.points >= ${points}::bigint
      on conflict (member_id, reference) where kind = 'debit' and reference is not null do nothing
      returning seq, member_id
    ), lots as (
      select id, remaining, sum(remaining) over (
        order by expires_at nulls last, created_at, id rows unbounded preceding) as running
      from locked
    ), taken as (
      select l.id, e.seq, least(l.remaining, ${points}::bigint - (l.running - l.remaining)) as take
      from lots l, entry e where l.running - l.remaining < ${points}::bigint
    ), updated as (
      update loyalty_lots l set remaining = l.remaining - t.take from taken t where l.id = t.id
      returning l.id, t.seq, t.take
    ), recorded as (
      insert into loyalty_consumptions (entry_seq, lot_id, points) select seq, id, take from updated
      returning points
    )
    select (select id from m) as "memberId", b.points::text as balance,
      (select seq::text from entry) as "entrySeq", (select sum(points)::text from recorded) as taken
    from balance b`.prepared(),
  )
  if (!row) throw new Error('the debit statement returned no row')
  const entry: Entry | null =
    row.entrySeq === null || row.memberId === null
      ? null
      : {
          seq: BigInt(row.entrySeq),
          memberId: row.memberId,
          kind: 'debit',
          points: input.points,
          shortfall: 0n,
          sourceType: input.sourceType,
          sourceId: input.sourceId,
          rule: null,
          lotId: null,
          reference: input.reference ?? null,
          reason: input.reason ?? null,
          actorUserId: input.actor.userId,
          actorApiKeyId: input.actor.apiKeyId,
          at: input.now,
        }
  return { memberId: row.memberId, entry, balance: BigInt(row.balance), taken: BigInt(row.taken ?? 0) }
}

export interface ReverseInput extends Audit {
  memberId: string
  /** The source the points were earned on, e.g. ('order', 'O-1'). */
  sourceType: string
  sourceId: string
  /** The refund's or cancellation's id: the same one again reverses nothing more. */
  reference: string
  /** Decimal strings; a cancellation refunds the whole order amount. */
  refundAmount: string
  orderAmount: string
}

/**
 * Takes back the points earned on a source in proportion to what was refunded:
 * floor(refundAmount / orderAmount × points credited on the source), never more than is left unreversed.
 * It takes what remains of the source's own lots first, then the member's other spendable points; what it cannot
 * find (already spent) is recorded as the entry's shortfall, so the balance never goes below zero.
 */
export async function reversePoints(
  db: Db,
  input: ReverseInput,
): Promise<{ entry: Entry; created: boolean }> {
  return db.transaction(async (tx) => {
    await lockMember(tx, input.memberId)
    const [earlier] = await tx.query<Row<Entry>>(sql`select ${entryColumns} from loyalty_entries
      where member_id = ${input.memberId} and kind = 'reversal' and source_type = ${input.sourceType}
        and source_id = ${input.sourceId} and reference = ${input.reference}`)
    if (earlier) return { entry: toEntry(earlier), created: false }
    const due = await pointsDueBack(tx, input)
    const entry = await insertEntry(tx, input.memberId, { ...input, kind: 'reversal', points: 0n }, input)
    const ownLots = spendableLots(
      input.memberId,
      input.now,
      sql`and source_type = ${input.sourceType} and source_id = ${input.sourceId}`,
    )
    const fromOwn = await consumeLots(tx, entry.seq, ownLots, due)
    const fromOthers = await consumeLots(
      tx,
      entry.seq,
      spendableLots(input.memberId, input.now),
      due - fromOwn,
    )
    const taken = fromOwn + fromOthers
    await setEntryPoints(tx, entry.seq, taken, due - taken)
    return { entry: { ...entry, points: taken, shortfall: due - taken }, created: true }
  })
}

/** The proportional share of the source's credited points, less what earlier reversals already claimed. */
async function pointsDueBack(db: Db, input: ReverseInput): Promise<bigint> {
  const [row] = await db.query<{ due: string }>(sql`
    with credited as (
      select coalesce(sum(points), 0) as points from loyalty_lots
      where member_id = ${input.memberId} and source_type = ${input.sourceType} and source_id = ${input.sourceId}
    ), claimed as (
      select coalesce(sum(points + shortfall), 0) as points from loyalty_entries
      where member_id = ${input.memberId} and kind = 'reversal' and source_type = ${input.sourceType}
        and source_id = ${input.sourceId}
    )
    select greatest(0, least(
      credited.points - claimed.points,
      floor(credited.points * least(${input.refundAmount}::numeric / ${input.orderAmount}::numeric, 1))
    ))::bigint::text as due
    from credited, claimed`)
  return BigInt(row?.due ?? 0)
}

/**
 * Expires what remains of lots whose time has passed at `now`, one expiry entry per lot, at most `limit` lots;
 * returns how many it expired. Run by the scheduled job until it returns fewer than the limit.
 */
export async function expireLots(db: Db, now: Date, limit = 500): Promise<number> {
  const due = await db.query<{ id: string; memberId: string }>(sql`select id, member_id as "memberId"
    from loyalty_lots where remaining > 0 and expires_at <= ${now} order by expires_at limit ${limit}`)
  for (const lot of due) await expireLot(db, lot.id, lot.memberId, now)
  return due.length
}

async function expireLot(db: Db, lotId: string, memberId: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await lockMember(tx, memberId)
    const [lot] = await tx.query<Row<Lot>>(sql`select ${lotColumns} from loyalty_lots
      where id = ${lotId} and remaining > 0 and expires_at <= ${now}`)
    if (!lot) return
    const audit = { actor: { userId: null, apiKeyId: null }, reason: 'points expired', now }
    const entry = await insertEntry(
      tx,
      memberId,
      { kind: 'expiry', points: BigInt(lot.remaining), sourceType: 'lot', sourceId: lot.id },
      audit,
    )
    await consumeLots(
      tx,
      entry.seq,
      sql`select id, remaining, remaining as running from loyalty_lots
      where id = ${lotId}`,
      BigInt(lot.remaining),
    )
  })
}

/** The columns a member's ledger sorts by on the server. */
export const entrySorts = ['at', 'kind', 'points'] as const
export type EntrySort = (typeof entrySorts)[number]

const entrySortColumns: Record<EntrySort, Sql> = {
  at: sql`at`,
  kind: sql`kind`,
  // As the ledger shows them: a credit adds, every other kind takes away.
  points: sql`(case when kind = 'credit' then points else -points end)`,
}

export interface EntryPage {
  limit: number
  /** The seq of the last entry of the previous page: this page starts after it, in the page's order. */
  before?: bigint | null | undefined
  /** Newest first when absent; ties go by seq in the same direction. */
  sort?: EntrySort | undefined
  dir?: 'asc' | 'desc' | undefined
}

/** Entries after the cursor's entry: (key, seq) beyond the cursor's own (key, seq), so a page never skips a tie. */
function afterCursor(memberId: string, page: EntryPage): Sql {
  if (page.before == null) return sql.empty
  const before = sql`${String(page.before)}::bigint`
  if (!page.sort) return sql`and seq < ${before}`
  const key = entrySortColumns[page.sort]
  return sql`and (${key}, seq) ${page.dir === 'desc' ? sql`<` : sql`>`}
    (select ${key}, seq from loyalty_entries where member_id = ${memberId} and seq = ${before})`
}

/** A member's ledger entries, newest first unless sorted, `limit` at a time after the entry `before` (a seq). */
export async function listEntries(db: Db, memberId: string, page: EntryPage): Promise<Entry[]> {
  const key = page.sort ? entrySortColumns[page.sort] : sql`seq`
  const dir = page.sort && page.dir !== 'desc' ? sql`asc` : sql`desc`
  const rows = await db.query<Row<Entry>>(sql`select ${entryColumns} from loyalty_entries
    where member_id = ${memberId} ${afterCursor(memberId, page)}
    order by ${key} ${dir}, seq ${dir} limit ${page.limit}`)
  return rows.map(toEntry)
}

/** A member's lots, soonest to expire first. */
export async function listLots(db: Db, memberId: string): Promise<Lot[]> {
  const rows = await db.query<Row<Lot>>(sql`select ${lotColumns} from loyalty_lots
    where member_id = ${memberId} order by expires_at nulls last, created_at, id`)
  return rows.map(toLot)
}

/** Expires every lot due at `now`, a batch at a time; returns how many. */
export async function expireAllDueLots(db: Db, now: Date): Promise<number> {
  let total = 0
  for (;;) {
    const expired = await expireLots(db, now)
    total += expired
    if (expired < 500) return total
  }
}
