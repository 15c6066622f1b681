import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import type { Db } from './db.js'
import { migrate } from './migrate.js'
import { pgliteParsers, wrapPglite } from './pglite-db.js'
import { pooledPgliteDb } from './pglite-test-pool.js'
import { openPostgresDb } from './postgres-db.js'
import { sql } from './sql.js'

// Test support only: each test file gets its own migrated database, on either driver. Under vitest the
// migrations ran once, in src/test-global-setup.ts; elsewhere (the benchmarks) they run here, once per process.

const adminUrl = process.env.RAPPORT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** Names the file holding a migrated PGlite data dir dump (set by the global setup). */
export const pgliteDumpVariable = 'RAPPORT_TEST_PGLITE_DUMP'
/** Names the migrated PostgreSQL database each test database is copied from (set by the global setup). */
export const postgresTemplateVariable = 'RAPPORT_TEST_PG_TEMPLATE'

let snapshot: Promise<Blob> | undefined

/** A migrated in-memory PGlite of the test's own, started from a dump of a migrated data dir or reused. */
export function pgliteTestDb(): Promise<Db> {
  return pooledPgliteDb(pgliteSnapshot)
}

/** A migrated PGlite data dir dump, to give `loadDataDir`; read once per test file. */
export function pgliteSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const dump = process.env[pgliteDumpVariable]
    if (dump) return new Blob([readFileSync(dump)])
    const pglite = await PGlite.create({ parsers: pgliteParsers })
    await migrate(wrapPglite(pglite))
    const blob = await pglite.dumpDataDir('none')
    await pglite.close()
    return blob
  })()
  return snapshot
}

/**
 * Fills dataDir with a migrated file-backed PGlite, from the dump: a server or command started on it migrates
 * nothing. The dump is the data dir as a tar, unpacked here as PGlite's loadDataDir would before its start;
 * starting the engine for that only (and closing it) took 1.5-2.5 s.
 */
export async function migratedDataDir(dataDir: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true })
  const tar = new Uint8Array(await (await pgliteSnapshot()).arrayBuffer())
  // Its member names start with a slash, which tar strips (and says so on stderr, kept for an error).
  execFileSync('tar', ['--extract', '--directory', dataDir], { input: tar, stdio: 'pipe' })
}

let reachable: Promise<boolean> | undefined

/** Whether the test PostgreSQL server answers; CI insists that it does. */
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    if (await postgresUrlReachable()) return true
    if (process.env.CI) throw new Error(`CI needs PostgreSQL at ${adminUrl}`)
    console.warn(`PostgreSQL not reachable at ${adminUrl}: PostgreSQL tests are skipped`)
    return false
  })()
  return reachable
}

/** Whether a connection to the test server's admin database succeeds within 2 seconds. */
export async function postgresUrlReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.end()
    return true
  } catch {
    return false
  }
}

/** The test server's URL for the named database. */
export function postgresUrl(database: string): string {
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  return url.toString()
}

/** Runs one statement on the test server's admin database, on a connection of its own. */
export async function adminQuery(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(statement)
  } finally {
    await admin.end()
  }
}

/** A throw-away, migrated PostgreSQL database; dropped again by close(). */
export async function postgresTestDb(): Promise<Db> {
  const template = process.env[postgresTemplateVariable]
  const database = await createPostgresDatabase('rapport_test', template)
  const db = openPostgresDb(database.url, { max: 4 })
  if (!template) await migrate(db)
  return {
    ...db,
    async close() {
      await db.close()
      await database.drop()
    },
  }
}

/**
 * A throw-away PostgreSQL database, empty or copied from a template: its URL, and drop() to remove it (with any
 * open connections).
 */
export async function createPostgresDatabase(
  prefix = 'rapport_test',
  template?: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`
  if (template) await createDatabaseFrom(name, template)
  else await adminQuery(`create database ${name}`)
  return {
    url: postgresUrl(name),
    drop: () => adminQuery(`drop database if exists ${name} with (force)`),
  }
}

const templateInUse = '55006'

/**
 * Copies the template. PostgreSQL refuses while another session is connected to the template (it waits
 * 5 seconds for one to leave first); none should be, so a refusal is retried a few times, then reported.
 */
async function createDatabaseFrom(name: string, template: string, attempts = 3): Promise<void> {
  try {
    await adminQuery(`create database ${name} template ${template}`)
  } catch (error) {
    if (attempts <= 1 || !(error instanceof pg.DatabaseError) || error.code !== templateInUse) throw error
    await createDatabaseFrom(name, template, attempts - 1)
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
  return openPostgresDb(postgresUrl(row?.name ?? ''), { max: 4 })
}
