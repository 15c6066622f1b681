import type { Db } from '../src/db/db.js'
import { sql } from '../src/db/sql.js'

/**
 * A PostgreSQL run starts from a checkpoint, so that runs compare: one that happens to cross a checkpoint (here
 * every gigabyte of WAL, every two or three import runs) also writes a full image of each page it touches after
 * it, some 10-20 % slower.
 */
export async function checkpoint(db: Db): Promise<void> {
  if (db.kind !== 'postgres') return
  try {
    await db.query(sql`checkpoint`)
  } catch {
    // Not allowed for this role: the run starts wherever the server is.
  }
}
