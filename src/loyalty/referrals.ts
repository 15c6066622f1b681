import { randomInt } from 'node:crypto'
import type { Actor } from '../access/audit.js'
import { type UnitAccess, visibleCustomers } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { isUuid } from '../db/is-uuid.js'
import { sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'
import { recordAct } from './acts.js'

// Referrals: a customer brings another with their code. The referrer is recognised (a 'referral' act, and the
// points its act rule gives) only once the referred customer's first real purchase has outlived the return
// window; a referral from the referrer themselves, or beyond the referrer's limit, is refused on arrival.

export interface ReferralSettings {
  /** Days a purchase may still be returned; the reward waits this long after the first purchase. */
  returnDays: number
  /** At most this many referrals per referrer in any `limitDays`; null: no limit. */
  limit: number | null
  limitDays: number
  /** The link a code travels in, with {code} where the code goes; null: codes only. */
  link: string | null
}

export const refusalReasons = [
  'self_referral',
  'same_email',
  'same_phone',
  'same_address',
  'same_device',
  'limit_reached',
  'existing_customer',
] as const
export type RefusalReason = (typeof refusalReasons)[number]
export type ReferralStatus = 'pending' | 'rewarded' | 'refused'

export interface Referral {
  id: string
  referrerCustomerId: string
  referredCustomerId: string
  code: string
  status: ReferralStatus
  refusedBecause: RefusalReason | null
  createdAt: Date
  qualifyingOrderId: string | null
  rewardedAt: Date | null
}

const defaults: ReferralSettings = { returnDays: 30, limit: null, limitDays: 30, link: null }

export async function getReferralSettings(db: Db, workspaceId: string): Promise<ReferralSettings> {
  const [row] = await db.query<ReferralSettings>(sql`select referral_return_days as "returnDays",
    referral_limit as "limit", referral_limit_days as "limitDays", referral_link as link
    from loyalty_programs where workspace_id = ${workspaceId}`)
  return row ?? defaults
}

export async function setReferralSettings(db: Db, workspaceId: string, s: ReferralSettings): Promise<void> {
  await db.query(sql`insert into loyalty_programs (workspace_id, referral_return_days, referral_limit,
      referral_limit_days, referral_link)
    values (${workspaceId}, ${s.returnDays}, ${s.limit}, ${s.limitDays}, ${s.link})
    on conflict (workspace_id) do update set referral_return_days = excluded.referral_return_days,
      referral_limit = excluded.referral_limit, referral_limit_days = excluded.referral_limit_days,
      referral_link = excluded.referral_link, updated_at = now()`)
}

// No 0/O, 1/I/L: a code is read aloud and typed from paper.
const codeAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
const newCode = () => Array.from({ length: 8 }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join('')

/** Where a code's link points under the settings, or null. */
export function referralLink(settings: Pick<ReferralSettings, 'link'>, code: string): string | null {
  return settings.link === null ? null : settings.link.replaceAll('{code}', encodeURIComponent(code))
}

/** Remembers a device the customer used (for the self-referral guard). */
async function recordDevice(db: Db, workspaceId: string, customerId: string, fingerprint: string, now: Date) {
  await db.query(sql`insert into loyalty_devices (workspace_id, customer_id, fingerprint, seen_at)
    values (${workspaceId}, ${customerId}, ${fingerprint}, ${now}) on conflict do nothing`)
}

/**
 * The referral code of a customer the caller may see, made on first asking (the same code ever after); the
 * device the customer asked from is remembered. Undefined when there is no such customer.
 */
export async function getReferralCode(
  db: Db,
  access: UnitAccess,
  customerId: string,
  now: Date,
  deviceFingerprint?: string,
): Promise<{ customerId: string; code: string; link: string | null } | undefined> {
  if (!isUuid(customerId)) return undefined
  const [customer] = await db.query<{ id: string }>(sql`select c.id from customers c
    where c.id = ${customerId} and ${visibleCustomers(access)}`)
  if (!customer) return undefined
  if (deviceFingerprint) await recordDevice(db, access.workspaceId, customerId, deviceFingerprint, now)
  // A new code may collide with another customer's (31^8 codes): try again with another.
  for (let attempt = 0; attempt < 5; attempt++) {
    await db.query(sql`insert into loyalty_referral_codes (workspace_id, customer_id, code, created_at)
      values (${access.workspaceId}, ${customerId}, ${newCode()}, ${now}) on conflict do nothing`)
    const [row] = await db.query<{ code: string }>(sql`select code from loyalty_referral_codes
      where workspace_id = ${access.workspaceId} and customer_id = ${customerId}`)
    if (row)
      return {
        customerId,
        code: row.code,
        link: referralLink(await getReferralSettings(db, access.workspaceId), row.code),
      }
  }
  throw new Error('no free referral code after 5 attempts')
}

const referralColumns = sql`r.id, r.referrer_customer_id as "referrerCustomerId",
  r.referred_customer_id as "referredCustomerId", r.code, r.status, r.refused_because as "refusedBecause",
  r.created_at as "createdAt", r.qualifying_order_id as "qualifyingOrderId", r.rewarded_at as "rewardedAt"`

// An e-mail without case, surrounding spaces or a +tag; a phone as its digits; an address without case and
// punctuation, its runs of spaces as one. Two customers alike in any of them are one person to the guard.
const email = (c: string) => sql.raw(`regexp_replace(lower(trim(${c}.email)), '\\+[^@]*@', '@')`)
const phone = (c: string) => sql.raw(`regexp_replace(${c}.phone, '[^0-9]', '', 'g')`)
const address = (c: string) =>
  sql.raw(`trim(regexp_replace(lower(${c}.attributes->>'address'), '[^[:alnum:]]+', ' ', 'g'))`)

/**
 * Records that a customer the caller may see came with a referral code. A customer is referred once: again, the
 * referral there (created false). The fraud rules run here, and a referral they catch is kept as refused with
 * the rule's name. Undefined when there is no such customer; an unknown code is refused as not found.
 */
export async function recordReferral(
  db: Db,
  access: UnitAccess,
  input: { code: string; customerId: string; deviceFingerprint?: string },
  now: Date,
): Promise<{ referral: Referral; created: boolean } | undefined> {
  if (!isUuid(input.customerId)) return undefined
  return db.transaction(async (tx) => {
    const [referred] = await tx.query<{ id: string }>(sql`select c.id from customers c
      where c.id = ${input.customerId} and ${visibleCustomers(access)}`)
    if (!referred) return undefined
    if (input.deviceFingerprint)
      await recordDevice(tx, access.workspaceId, referred.id, input.deviceFingerprint, now)
    // The referrer's code row is the lock: two referrals at once cannot both slip under the limit.
    const [owner] = await tx.query<{ customerId: string }>(sql`select customer_id as "customerId"
      from loyalty_referral_codes where workspace_id = ${access.workspaceId} and code = ${input.code.toUpperCase()}
      for update`)
    if (!owner) throw new DomainError('not_found', 'no referral code like this in the workspace', 'code')
    const [earlier] = await tx.query<Referral>(sql`select ${referralColumns} from loyalty_referrals r
      where r.workspace_id = ${access.workspaceId} and r.referred_customer_id = ${referred.id}`)
    if (earlier) return { referral: earlier, created: false }
    const settings = await getReferralSettings(tx, access.workspaceId)
    const reason = await refusalReason(tx, access.workspaceId, owner.customerId, referred.id, settings, now)
    const [referral] = await tx.query<Referral>(sql`insert into loyalty_referrals as r (workspace_id,
        referrer_customer_id, referred_customer_id, code, status, refused_because, created_at)
      values (${access.workspaceId}, ${owner.customerId}, ${referred.id}, ${input.code.toUpperCase()},
        ${reason === null ? 'pending' : 'refused'}, ${reason}, ${now})
      returning ${referralColumns}`)
    if (!referral) throw new Error('the referral was not stored')
    return { referral, created: true }
  })
}

/** The first fraud rule a referral breaks, or null; the rules in the order they are checked. */
async function refusalReason(
  db: Db,
  workspaceId: string,
  referrerId: string,
  referredId: string,
  settings: ReferralSettings,
  now: Date,
): Promise<RefusalReason | null> {
  const [row] = await db.query<Record<RefusalReason, boolean>>(sql`
    select a.id = b.id as self_referral,
      coalesce(${email('a')} = ${email('b')}, false) as same_email,
      coalesce(length(${phone('a')}) >= 6 and ${phone('a')} = ${phone('b')}, false) as same_phone,
      coalesce(${address('a')} <> '' and ${address('a')} = ${address('b')}, false) as same_address,
      exists (select 1 from loyalty_devices da join loyalty_devices db2
          on db2.workspace_id = da.workspace_id and db2.fingerprint = da.fingerprint
        where da.workspace_id = ${workspaceId} and da.customer_id = a.id and db2.customer_id = b.id) as same_device,
      coalesce((select count(*) from loyalty_referrals r
        where r.workspace_id = ${workspaceId} and r.referrer_customer_id = a.id and r.status <> 'refused'
          and r.created_at > ${now}::timestamptz - ${settings.limitDays}::int * interval '24 hours'
        ) >= ${settings.limit}::int, false) as limit_reached,
      exists (select 1 from orders o where o.workspace_id = ${workspaceId} and o.customer_id = b.id
        and o.ordered_at < ${now} and o.amount > 0 and o.status = 'completed') as existing_customer
    from customers a, customers b
    where a.id = ${referrerId} and b.id = ${referredId}`)
  if (!row) throw new Error('the referral’s customers are gone')
  return refusalReasons.find((reason) => row[reason]) ?? null
}

/** The workspace's referrals, newest first, optionally of one status, among customers the caller may see. */
export async function listReferrals(
  db: Db,
  access: UnitAccess,
  query: { status?: ReferralStatus; limit: number; offset: number },
): Promise<Referral[]> {
  const status = query.status ? sql`and r.status = ${query.status}` : sql.empty
  return db.query<Referral>(sql`select ${referralColumns} from loyalty_referrals r
    join customers c on c.id = r.referrer_customer_id
    where r.workspace_id = ${access.workspaceId} and ${visibleCustomers(access)} ${status}
    order by r.created_at desc, r.id limit ${query.limit} offset ${query.offset}`)
}

/**
 * Rewards the pending referrals whose referred customer's first real purchase after the referral (completed, more
 * than zero, not returned or cancelled) is older than the return window at `now`: a 'referral' act for the
 * referrer (and the points its rule gives). A purchase returned within the window is no real purchase: the
 * referral waits for the next. Returns how many were rewarded; run by the scheduled job.
 */
export async function rewardReferrals(db: Db, now: Date): Promise<number> {
  const due = await db.query<{
    id: string
    workspaceId: string
    referrerId: string
    orderId: string
    orderedAt: Date
  }>(
    sql`select r.id, r.workspace_id as "workspaceId", r.referrer_customer_id as "referrerId",
      first.id as "orderId", first.ordered_at as "orderedAt"
    from loyalty_referrals r
    left join loyalty_programs p on p.workspace_id = r.workspace_id
    cross join lateral (select o.id, o.ordered_at from orders o
      where o.workspace_id = r.workspace_id and o.customer_id = r.referred_customer_id
        and o.ordered_at >= r.created_at and o.amount > 0 and o.status = 'completed'
      order by o.ordered_at, o.id limit 1) first
    where r.status = 'pending'
      and first.ordered_at <= ${now}::timestamptz - coalesce(p.referral_return_days, 30) * interval '24 hours'
    order by r.created_at limit 1000`,
  )
  const system: Actor = { userId: null, apiKeyId: null }
  for (const referral of due) {
    // The act first (idempotent by its source id), then the status: a crash between them repeats nothing.
    await recordAct(
      db,
      { workspaceId: referral.workspaceId, unitPath: null, actor: system },
      {
        customerId: referral.referrerId,
        kind: 'referral',
        sourceId: `referral:${referral.id}`,
        occurredAt: referral.orderedAt,
        note: 'a customer they referred made their first purchase and kept it',
      },
      now,
    )
    await db.query(sql`update loyalty_referrals set status = 'rewarded', rewarded_at = ${now},
      qualifying_order_id = ${referral.orderId} where id = ${referral.id} and status = 'pending'`)
  }
  return due.length
}
