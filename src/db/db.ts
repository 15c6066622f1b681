import type { Sql } from './sql.js'

export type DbKind = 'pglite' | 'postgres'

/**
 * The one database interface every capability uses. Rows come back with the same JS types
 * from both drivers: numeric and int8 as strings (exact), int4 as number, timestamptz as Date,
 * json/jsonb parsed.
 */
export interface Db {
  readonly kind: DbKind
  query<T = Record<string, unknown>>(query: Sql): Promise<T[]>
  /** Runs a parameterless script of several statements (migrations). */
  exec(script: string): Promise<void>
  /** Runs fn in a transaction; it is rolled back if fn throws. Nested calls reuse the outer one. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>
  /**
   * Bulk-loads rows given in COPY text format (see `copyText`) into table's columns; the fastest way in.
   * Inside a transaction it is part of it, so a temporary staging table is visible to the next statements.
   * The text may come as UTF-8 bytes.
   */
  copyFrom(table: string, columns: readonly string[], text: string | Uint8Array): Promise<void>
  /**
   * Runs query once and yields its rows in batches of at most `size`, in the query's order: for exports of any
   * length, where paging by offset would run and sort the whole query again for every page.
   */
  batches<T = Record<string, unknown>>(query: Sql, size: number): AsyncGenerator<T[]>
  /**
   * A connection of its own, outside any pool and transaction, for work split over several connections at once
   * (PostgreSQL only; PGlite has one connection). Its close() ends it.
   */
  connect?(): Promise<Db>
  close(): Promise<void>
}

/** The single row of a result that always has one (an aggregate, an insert … returning); throws naming `what` if not. */
export function one<T>(rows: readonly T[], what: string): T {
  const [row] = rows
  if (row === undefined) throw new Error(`${what}: expected one row, got none`)
  return row
}

export async function queryOne<T>(db: Db, query: Sql): Promise<T | undefined> {
  const rows = await db.query<T>(query)
  return rows[0]
}
