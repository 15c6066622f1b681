import type { Db } from '../db/db.js'
import { migrate } from '../db/migrate.js'
import { openDb } from '../db/open-db.js'
import { sql } from '../db/sql.js'

/** A failure the CLI reports as one line and exit code 1 (no stack trace). */
export class CliError extends Error {}

/** Bad arguments: reported like CliError, with exit code 2. */
export class UsageError extends CliError {}

/** Opens the configured database, migrated, for one command; closes it afterwards. */
export async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  // The config's schema loads zod: a command that reads a file alone does without.
  const db = await openDb((await import('../config.js')).loadConfig())
  try {
    await migrate(db)
    return await fn(db)
  } finally {
    await db.close()
  }
}

/** The workspace a command acts on: by id or name, or the only one there is. */
export async function resolveWorkspace(
  db: Db,
  wanted: string | undefined,
): Promise<{ id: string; name: string }> {
  const all = await db.query<{ id: string; name: string }>(
    sql`select id::text, name from workspaces order by created_at`,
  )
  if (all.length === 0) {
    throw new CliError(
      'there is no workspace yet: finish setup at http://localhost:4400 or run `rapport demo`',
    )
  }
  if (!wanted) {
    const [only, ...others] = all
    if (only !== undefined && others.length === 0) return only
    throw new CliError(
      `several workspaces exist; choose one with --workspace (${all.map((w) => w.name).join(', ')})`,
    )
  }
  const found = all.find((w) => w.id === wanted || w.name.toLowerCase() === wanted.toLowerCase())
  if (!found) throw new CliError(`no workspace '${wanted}' (there are: ${all.map((w) => w.name).join(', ')})`)
  return found
}
