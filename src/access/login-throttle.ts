import type { Db } from '../db/db.js'
import { countHits, forgetHits, type RateLimitRule, rateLimited, refundHits } from '../http/rate-limit.js'

const MINUTE = 60
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

// Attempts are counted before the password is checked, so that a burst of parallel guesses is counted too.
// Each longer window allows fewer attempts per minute than the one before: the lock-out grows from the rest of
// a quarter hour to the rest of the hour and then of the day.
const accountRules: RateLimitRule[] = [
  { bucket: 'login.account.15m', limit: 5, windowSeconds: 15 * MINUTE },
  { bucket: 'login.account.1h', limit: 10, windowSeconds: HOUR },
  { bucket: 'login.account.1d', limit: 20, windowSeconds: DAY },
]
// One address may try many accounts (an office behind one router), but not as many as a list of stolen ones.
const addressRules: RateLimitRule[] = [
  { bucket: 'login.address.15m', limit: 50, windowSeconds: 15 * MINUTE },
  { bucket: 'login.address.1d', limit: 300, windowSeconds: DAY },
]

export interface LoginAttempt {
  email: string
  address: string
}

/**
 * Counts a login attempt against its account and its address; a 429 with Retry-After once either is spent,
 * whatever the password (so a right one is refused too while locked out, and unknown e-mails lock the same way).
 */
export async function countLoginAttempt(db: Db, attempt: LoginAttempt, now: Date): Promise<void> {
  const verdict = await countHits(db, hits(attempt), now)
  if (!verdict.allowed)
    throw rateLimited(
      `too many login attempts; try again in ${describeWait(verdict.retryAfterSeconds)}`,
      verdict.retryAfterSeconds,
    )
}

/** After a right password: the account's failures are forgotten, and the address gets its attempt back. */
export async function forgetLoginFailures(db: Db, attempt: LoginAttempt, now: Date): Promise<void> {
  await forgetHits(db, accountRules, accountKey(attempt.email))
  await refundHits(
    db,
    addressRules.map((rule) => ({ rule, key: attempt.address })),
    now,
  )
}

function hits(attempt: LoginAttempt) {
  return [
    ...accountRules.map((rule) => ({ rule, key: accountKey(attempt.email) })),
    ...addressRules.map((rule) => ({ rule, key: attempt.address })),
  ]
}

const accountKey = (email: string) => email.trim().toLowerCase()

function describeWait(seconds: number): string {
  if (seconds < 2 * MINUTE) return `${seconds} seconds`
  if (seconds < 2 * HOUR) return `${Math.ceil(seconds / MINUTE)} minutes`
  return `${Math.ceil(seconds / HOUR)} hours`
}
