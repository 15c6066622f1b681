import { randomBytes } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { migrate } from './migrate.js'
import { pgliteParsers, wrapPglite } from './pglite-db.js'
import { openPostgresDb } from './postgres-db.js'
import {
  adminQuery,
  pgliteDumpVariable,
  postgresTemplateVariable,
  postgresUrl,
  postgresUrlReachable,
} from './test-db.js'

// Vitest's globalSetup: the migrations run once per test run, not once per test file. The test workers
// inherit the two variables below and start each database from what they name (see test-db.ts).

/** Migrates once: a PGlite data dir dump in a temp file, and a template database on PostgreSQL. */
export default async function setup(): Promise<() => Promise<void>> {
  const runId = `${process.pid}_${randomBytes(4).toString('hex')}`
  const [dump, template] = await Promise.all([writePgliteDump(runId), createPostgresTemplate(runId)])
  process.env[pgliteDumpVariable] = dump
  if (template) process.env[postgresTemplateVariable] = template
  return async () => {
    rmSync(dump, { force: true })
    if (template) await adminQuery(`drop database if exists ${template} with (force)`)
  }
}

async function writePgliteDump(runId: string): Promise<string> {
  const pglite = await PGlite.create({ parsers: pgliteParsers })
  await migrate(wrapPglite(pglite))
  const blob = await pglite.dumpDataDir('none')
  await pglite.close()
  const file = join(tmpdir(), `rapport-test-pglite-${runId}.tar`)
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
