import { randomBytes } from 'node:crypto'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import type { Db } from './db.js'
import { migrate } from './migrate.js'
import { openPgliteDb, pgliteParsers, wrapPglite } from './pglite-db.js'
import { openPostgresDb } from './postgres-db.js'
import { sql } from './sql.js'

// Test support only: each test file gets its own migrated database, on either driver.

const adminUrl = process.env.RAPPORT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

let snapshot: Promise<Blob> | undefined

/** A fresh, migrated in-memory PGlite, loaded from a snapshot taken once per test worker. */
export async function pgliteTestDb(): Promise<Db> {
  snapshot ??= (async () => {
    const pglite = await PGlite.create({ parsers: pgliteParsers })
    await migrate(wrapPglite(pglite))
    const blob = await pglite.dumpDataDir('none')
    await pglite.close()
    return blob
  })()
  return openPgliteDb({ loadDataDir: await snapshot })
}

let reachable: Promise<boolean> | undefined

/** Whether the test PostgreSQL server answers; CI insists that it does. */
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 })
    try {
      await client.connect()
      await client.end()
      return true
    } catch {
      if (process.env.CI) throw new Error(`CI needs PostgreSQL at ${adminUrl}`)
      console.warn(`PostgreSQL not reachable at ${adminUrl}: PostgreSQL tests are skipped`)
      return false
    }
  })()
  return reachable
}

/** A throw-away, empty PostgreSQL database: its URL, and drop() to remove it (with any open connections). */
export async function createPostgresDatabase(
  prefix = 'rapport_test',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: adminUrl })
      await dropper.connect()
      await dropper.query(`drop database if exists ${name} with (force)`)
      await dropper.end()
    },
  }
}

/** A throw-away, migrated PostgreSQL database; dropped again by close(). */
export async function postgresTestDb(): Promise<Db> {
  const database = await createPostgresDatabase()
  const db = openPostgresDb(database.url, { max: 4 })
  await migrate(db)
  return {
    ...db,
    async close() {
      await db.close()
      await database.drop()
    },
  }
}

export const testDrivers = [
  { name: 'pglite', open: pgliteTestDb, available: async () => true },
  { name: 'postgres', open: postgresTestDb, available: postgresReachable },
] as const

/**
 * A second server's view of a test database: its own pool on PostgreSQL; on PGlite, which has one connection, the
 * same database (its close() leaves it open).
 */
export async function secondPool(db: Db): Promise<Db> {
  if (db.kind === 'pglite') return { ...db, close: async () => {} }
  const [row] = await db.query<{ name: string }>(sql`select current_database() as name`)
  const url = new URL(adminUrl)
  url.pathname = `/${row!.name}`
  return openPostgresDb(url.toString(), { max: 4 })
}
