import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { hashSecret } from './tokens.js'

/** Ends every session of a user but the one with this cookie token; the number ended. */
export async function endOtherSessions(db: Db, userId: string, keepToken: string | null): Promise<number> {
  const rows = await db.query(sql`delete from sessions
    where user_id = ${userId} and token_hash is distinct from ${keepToken === null ? null : hashSecret(keepToken)}
    returning 1`)
  return rows.length
}

/** Ends every session of a user; the number ended. */
export function endAllSessions(db: Db, userId: string): Promise<number> {
  return endOtherSessions(db, userId, null)
}
