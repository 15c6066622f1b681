import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

const scryptAsync = promisify(scrypt) as (
  pw: string,
  salt: Buffer,
  len: number,
  opts: object,
) => Promise<Buffer>

/** The scrypt work factors of new hashes; a stored hash carries its own, so any cost verifies. */
export const passwordCost = { N: 16384, r: 8, p: 1 } as const
let cost: { N: number; r: number; p: number } = passwordCost
const KEY_LENGTH = 32

/**
 * Test support only (src/test-setup.ts): new hashes at another scrypt N. A hash at the full cost takes about
 * 36 ms of CPU, and the tests set up and log in hundreds of users; the tests that time a login use the full cost.
 */
export function setPasswordCostForTests(N: number): void {
  cost = { ...passwordCost, N }
}

/** Hashes a password with scrypt; the result carries its own parameters and salt. */
export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = cost
  const salt = randomBytes(16)
  const hash = await scryptAsync(password, salt, KEY_LENGTH, { N, r, p })
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, rr, pp, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(rr),
    p: Number(pp),
  })
  return timingSafeEqual(actual, expected)
}

/** One hash per cost (only tests change the cost). */
const dummyHashes = new Map<number, Promise<string>>()

/**
 * Checks a password against a user's stored hash, or, when there is no such user, against a hash of the same cost:
 * an unknown e-mail takes as long to refuse as a wrong password, and so tells nothing.
 */
export async function verifyPasswordOfUser(password: string, stored: string | undefined): Promise<boolean> {
  if (stored !== undefined) return verifyPassword(password, stored)
  let dummy = dummyHashes.get(cost.N)
  if (!dummy) {
    dummy = hashPassword(randomBytes(16).toString('base64'))
    dummyHashes.set(cost.N, dummy)
  }
  await verifyPassword(password, await dummy)
  return false
}
