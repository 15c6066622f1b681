import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { migrate } from './db/migrate.js'
import { dropTemplateDatabases, pgliteParsers, wrapPglite } from './db/pglite-db.js'
import { openPostgresDb } from './db/postgres-db.js'
import {
  adminQuery,
  pgliteDumpVariable,
  postgresTemplateVariable,
  postgresUrl,
  postgresUrlReachable,
} from './db/test-db.js'

// Vitest's globalSetup: what every test file would otherwise build for itself is built once per run. The test
// workers inherit the variables below and start from what they name (see db/test-db.ts).

/** Migrates once: a PGlite dump and a PostgreSQL template database. */
export default async function setup(): Promise<() => Promise<void>> {
  const runId = `${process.pid}_${randomBytes(4).toString('hex')}`
  const dir = mkdtempSync(join(tmpdir(), 'rapport-test-run-'))
  const [dump, template] = await Promise.all([writePgliteDump(dir), createPostgresTemplate(runId)])
  process.env[pgliteDumpVariable] = dump
  if (template) process.env[postgresTemplateVariable] = template
  return async () => {
    rmSync(dir, { recursive: true, force: true })
    if (template) await adminQuery(`drop database if exists ${template} with (force)`)
  }
}

async function writePgliteDump(dir: string): Promise<string> {
  const pglite = await PGlite.create({ parsers: pgliteParsers })
  await migrate(wrapPglite(pglite))
  await dropTemplateDatabases(pglite)
  const blob = await pglite.dumpDataDir('none')
  await pglite.close()
  const file = join(dir, 'migrated-pglite.tar')
  writeFileSync(file, new Uint8Array(await blob.arrayBuffer()))
  return file
}

/**
 * A migrated database that each PostgreSQL test database is copied from. The pool is closed before any
 * copy: PostgreSQL refuses `create database … template` while the template has a connection.
 * Unreachable PostgreSQL is left to the tests, which skip (or fail under CI) with a notice.
 */
async function createPostgresTemplate(runId: string): Promise<string | undefined> {
  if (!(await postgresUrlReachable())) return undefined
  const template = `rapport_template_${runId}`
  await adminQuery(`create database ${template}`)
  const db = openPostgresDb(postgresUrl(template), { max: 1 })
  try {
    await migrate(db)
  } finally {
    await db.close()
  }
  return template
}
