import { createHash } from 'node:crypto'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { HttpError } from './errors.js'

/** At most `limit` hits per key in each fixed window of `windowSeconds` (aligned to the Unix epoch). */
export interface RateLimitRule {
  /** What is counted, e.g. 'login.account.15m'; one rule, one bucket, and one hit per bucket and key in a call. */
  bucket: string
  limit: number
  windowSeconds: number
}

export interface RateLimitHit {
  rule: RateLimitRule
  /** Whom it is counted for (an address, an e-mail); stored only as its SHA-256. */
  key: string
}

export interface RateLimitVerdict {
  allowed: boolean
  /** Seconds until the last of the exceeded windows ends (0 when allowed). */
  retryAfterSeconds: number
}

/**
 * Counts the hits in their current windows, in one statement on the shared table, so that every server process on
 * the database sees the same counts; the verdict is refused when any hit's count passes its rule's limit.
 */
export async function countHits(db: Db, hits: readonly RateLimitHit[], now: Date): Promise<RateLimitVerdict> {
  const counted = hits.filter((hit) => hit.rule.limit > 0)
  if (counted.length === 0) return { allowed: true, retryAfterSeconds: 0 }
  const windows = counted.map((hit) => ({ ...hit, ...windowAt(hit.rule, now), key: hashKey(hit.key) }))
  const rows = sql.join(
    windows.map((w) => sql`(${w.rule.bucket}, ${w.key}, ${w.start}, ${w.end}, 1)`),
    ', ',
  )
  // The count stops short of int4's end: a flood goes on being refused instead of failing.
  const returned = await db.query<{ bucket: string; key: string; count: number }>(
    sql`insert into rate_limits (bucket, key, window_start, window_end, count) values ${rows}
    on conflict (bucket, key, window_start) do update set count = least(rate_limits.count, 2147483646) + 1
    returning bucket, key, count`,
  )
  const countOf = new Map(returned.map((row) => [`${row.bucket} ${row.key}`, row.count]))
  const exceeded = windows.filter((w) => (countOf.get(`${w.rule.bucket} ${w.key}`) ?? 0) > w.rule.limit)
  if (exceeded.length === 0) return { allowed: true, retryAfterSeconds: 0 }
  const lastEnd = Math.max(...exceeded.map((w) => w.end.getTime()))
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((lastEnd - now.getTime()) / 1000)) }
}

/** Takes back one hit from the current windows (a request that turned out to be harmless). */
export async function refundHits(db: Db, hits: readonly RateLimitHit[], now: Date): Promise<void> {
  if (hits.length === 0) return
  const windows = sql.join(
    hits.map(
      (hit) => sql`(${hit.rule.bucket}, ${hashKey(hit.key)}, ${windowAt(hit.rule, now).start}::timestamptz)`,
    ),
    ', ',
  )
  await db.query(sql`update rate_limits set count = count - 1
    where (bucket, key, window_start) in (values ${windows}) and count > 0`)
}

/** Forgets every window of these rules for a key (a success that proves the earlier failures honest). */
export async function forgetHits(db: Db, rules: readonly RateLimitRule[], key: string): Promise<void> {
  const buckets = rules.map((rule) => rule.bucket)
  await db.query(
    sql`delete from rate_limits where key = ${hashKey(key)} and bucket = any(${buckets}::text[])`,
  )
}

/** Counts one hit and throws a 429 with Retry-After when it is one too many. */
export async function enforceRateLimit(db: Db, hit: RateLimitHit, now: Date, message: string): Promise<void> {
  const verdict = await countHits(db, [hit], now)
  if (!verdict.allowed) throw rateLimited(message, verdict.retryAfterSeconds)
}

/** A 429 in the error shape, with Retry-After in seconds (also in details, for clients that can't see headers). */
export function rateLimited(message: string, retryAfterSeconds: number): HttpError {
  return new HttpError(
    429,
    'rate_limited',
    message,
    { retryAfterSeconds },
    {
      'retry-after': String(retryAfterSeconds),
    },
  )
}

function windowAt(rule: RateLimitRule, now: Date): { start: Date; end: Date } {
  const length = rule.windowSeconds * 1000
  const start = Math.floor(now.getTime() / length) * length
  return { start: new Date(start), end: new Date(start + length) }
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url')
}
