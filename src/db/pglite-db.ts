import { PGlite } from '@electric-sql/pglite'
import { copyTarget } from './copy.js'
import { cursorBatches } from './cursor-batches.js'
import type { Db } from './db.js'
import type { Sql } from './sql.js'

const INT8 = 20

/** Keeps int8 an exact string, as the pg driver does. */
export const pgliteParsers = { [INT8]: (value: string) => value }

/** Embedded PostgreSQL (WASM), file-backed in dataDir, or in memory when dataDir is undefined. */
export async function openPgliteDb(options: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<Db> {
  const pg = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    parsers: pgliteParsers,
  })
  return wrapPglite(pg)
}

/**
 * Drops template0 and template1, which nothing embedded copies: a dump of the data dir then loads 25 MB
 * instead of 40, and a start from it takes a third less time.
 */
export async function dropTemplateDatabases(pg: Pick<PGlite, 'exec'>): Promise<void> {
  await pg.exec(`update pg_database set datistemplate = false where datname in ('template0', 'template1')`)
  // One statement each: DROP DATABASE refuses to run in the transaction a script of several runs in.
  for (const statement of ['drop database template0', 'drop database template1', 'checkpoint'])
    await pg.exec(statement)
}

/** The Db interface over an open PGlite instance. */
export function wrapPglite(pg: PGlite): Db {
  return wrap(pg, async () => pg.close())
}

type Queryable = Pick<PGlite, 'query' | 'exec'>

function wrap(pg: Queryable & Partial<Pick<PGlite, 'transaction'>>, close: () => Promise<void>): Db {
  const db: Db = {
    kind: 'pglite',
    async query<T>(query: Sql) {
      const { text, values } = query.textAndValues
      const result = await pg.query<T>(text, values)
      return result.rows
    },
    async exec(script: string) {
      await pg.exec(script)
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      if (!pg.transaction) return fn(db)
      return pg.transaction((tx) => fn(wrap(tx, close)))
    },
    async copyFrom(table, columns, text) {
      // PGlite reads COPY … FROM '/dev/blob' from the blob given with the query.
      // (Our bytes never live in a SharedArrayBuffer, which is all the cast rules out.)
      const blob = new Blob([text as string | Uint8Array<ArrayBuffer>])
      await pg.query(`copy ${copyTarget(table, columns)} from '/dev/blob'`, [], { blob })
    },
    batches: (query, size) =>
      cursorBatches(async (text, values) => (await pg.query(text, values)).rows, query, size, true),
    close,
  }
  return db
}
