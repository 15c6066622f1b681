import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Db } from '../db/db.js'
import { openPgliteDb } from '../db/pglite-db.js'
import { openPostgresDb } from '../db/postgres-db.js'
import {
  createPostgresDatabase,
  migratedDataDir,
  postgresReachable,
  postgresTemplateVariable,
} from '../db/test-db.js'

// Test support only: the database that in-process CLI commands open, chosen through the same variables a
// person sets. Every command opens the configured database afresh, as `rapport` does; on PostgreSQL that is a
// pool's first connection, on a file-backed PGlite a start of the embedded engine from disk (about a second of
// CPU each), so CLI tests use PostgreSQL when the test server answers and the embedded engine otherwise.
// src/cli/backup.test.ts keeps the file-backed engine, whose data dir is what it backs up.

export interface CliTestDatabase {
  /** Which driver the commands use. */
  kind: 'postgres' | 'pglite'
  /** A connection of the test's own to the same database, to read what a command wrote; close it after use. */
  open(): Promise<Db>
  /** Removes the database and the variables that named it. */
  drop(): Promise<void>
}

/** A migrated database for the CLI commands run after this, named in DATABASE_URL or RAPPORT_DATA_DIR. */
export async function cliTestDatabase(): Promise<CliTestDatabase> {
  const template = process.env[postgresTemplateVariable]
  if (template && (await postgresReachable())) {
    const database = await createPostgresDatabase('rapport_cli_test', template)
    process.env.DATABASE_URL = database.url
    delete process.env.RAPPORT_DATA_DIR
    return {
      kind: 'postgres',
      open: async () => openPostgresDb(database.url, { max: 1 }),
      async drop() {
        if (process.env.DATABASE_URL === database.url) delete process.env.DATABASE_URL
        await database.drop()
      },
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'rapport-cli-test-'))
  const dataDir = join(dir, 'data')
  await migratedDataDir(dataDir)
  process.env.RAPPORT_DATA_DIR = dataDir
  delete process.env.DATABASE_URL
  return {
    kind: 'pglite',
    open: () => openPgliteDb({ dataDir }),
    async drop() {
      if (process.env.RAPPORT_DATA_DIR === dataDir) delete process.env.RAPPORT_DATA_DIR
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
