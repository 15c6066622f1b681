import type { Config } from '../config.js'
import type { Db } from './db.js'

/** The configured database: PostgreSQL when DATABASE_URL is set, otherwise embedded PGlite. */
export async function openDb(config: Pick<Config, 'DATABASE_URL' | 'dataDir'>): Promise<Db> {
  // Only the driver in use is loaded: each takes about a tenth of a second to load.
  if (config.DATABASE_URL) {
    const { openPostgresDb } = await import('./postgres-db.js')
    return openPostgresDb(config.DATABASE_URL)
  }
  const { openPgliteDataDir } = await import('./initial-data-dir.js')
  return openPgliteDataDir(config.dataDir)
}
