import type { Db } from './db.js'
import { sql } from './sql.js'

/**
 * After a bulk write, does what autovacuum would: vacuums the table when `deleted` reaches 50 + 20 % of the rows
 * its statistics last counted, and analyzes it when the rows written (`inserted` + `deleted`) reach 50 + 10 % or it
 * has no statistics yet. PGlite runs no autovacuum, and a server may run it late or not at all: the table would
 * grow by every rewrite, and without statistics the planner takes a million fresh rows for a few dozen. Not in a
 * transaction: VACUUM cannot run in one. `table` is one of our own tables, never user input.
 * @example await tidyTable(db, 'segment_results', { inserted: 980_000, deleted: 980_000 })
 */
export async function tidyTable(
  db: Db,
  table: string,
  written: { inserted: number; deleted: number },
): Promise<'vacuumed' | 'analyzed' | 'left'> {
  const [row] = await db.query<{ rows: number }>(
    sql`select reltuples::float8 as rows from pg_class where oid = ${table}::regclass`,
  )
  const rows = Math.max(row?.rows ?? -1, 0)
  const never = (row?.rows ?? -1) < 0
  const name = sql.raw(table)
  if (written.deleted >= 50 + 0.2 * rows) {
    await db.query(sql`vacuum (analyze) ${name}`)
    return 'vacuumed'
  }
  if (!never && written.inserted + written.deleted < 50 + 0.1 * rows) return 'left'
  await db.query(sql`analyze ${name}`)
  return 'analyzed'
}
