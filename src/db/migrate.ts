import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Db } from './db.js'
import { sql } from './sql.js'

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations')

export interface Migration {
  version: number
  name: string
  text: string
}

/** The numbered SQL files in db/migrations, in order. */
export function loadMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d+_.+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.split('_')[0]),
      name: file.replace(/\.sql$/, ''),
      text: readFileSync(join(dir, file), 'utf8'),
    }))
}

/** Applies the migrations not yet applied, each in its own transaction; returns their names. */
export async function migrate(db: Db, migrations = loadMigrations()): Promise<string[]> {
  await db.query(sql`create table if not exists schema_migrations (
    version integer primary key, name text not null, applied_at timestamptz not null default now())`)
  const applied: string[] = []
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      // Two servers starting at once on one PostgreSQL: the lock makes the second wait, then skip.
      if (tx.kind === 'postgres') await tx.query(sql`select pg_advisory_xact_lock(4400)`)
      const rows = await tx.query(sql`select 1 from schema_migrations where version = ${migration.version}`)
      if (rows.length > 0) return false
      await tx.exec(migration.text)
      await tx.query(
        sql`insert into schema_migrations (version, name) values (${migration.version}, ${migration.name})`,
      )
      return true
    })
    if (done) applied.push(migration.name)
  }
  return applied
}
