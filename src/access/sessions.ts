import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { hashSecret, newSecret } from './tokens.js'

export const SESSION_COOKIE = 'rapport_session'
export const SESSION_DAYS = 30

export interface Session {
  userId: string
  csrfToken: string
}

/** Starts a session; the returned token goes into the cookie and is stored only hashed. */
export async function createSession(db: Db, userId: string): Promise<{ token: string; csrfToken: string }> {
  const token = newSecret()
  const csrfToken = newSecret(24)
  await db.query(sql`insert into sessions (token_hash, user_id, csrf_token, expires_at)
    values (${hashSecret(token)}, ${userId}, ${csrfToken}, now() + make_interval(days => ${SESSION_DAYS}))`)
  return { token, csrfToken }
}

/** The live session for a cookie token, or undefined. */
export async function resolveSession(db: Db, token: string): Promise<Session | undefined> {
  const [row] =
    await db.query<Session>(sql`select user_id as "userId", csrf_token as "csrfToken" from sessions
    where token_hash = ${hashSecret(token)} and expires_at > now()`)
  return row
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.query(sql`delete from sessions where token_hash = ${hashSecret(token)}`)
}
