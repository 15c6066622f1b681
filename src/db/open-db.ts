import { mkdirSync } from 'node:fs'
import type { Config } from '../config.js'
import type { Db } from './db.js'
import { openPgliteDb } from './pglite-db.js'
import { openPostgresDb } from './postgres-db.js'

/** The configured database: PostgreSQL when DATABASE_URL is set, otherwise embedded PGlite. */
export async function openDb(config: Pick<Config, 'DATABASE_URL' | 'dataDir'>): Promise<Db> {
  if (config.DATABASE_URL) return openPostgresDb(config.DATABASE_URL)
  mkdirSync(config.dataDir, { recursive: true })
  return openPgliteDb({ dataDir: config.dataDir })
}
