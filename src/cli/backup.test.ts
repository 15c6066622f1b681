import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import type { Db } from '../db/db.js'
import { openPgliteDb } from '../db/pglite-db.js'
import { sql } from '../db/sql.js'
import { migratedDataDir } from '../db/test-db.js'
import { runCli as rapport } from './test-run.js'

const dir = mkdtempSync(join(tmpdir(), 'rapport-backup-'))
const original = join(dir, 'original')
const restored = join(dir, 'restored')
const file = join(dir, 'backup.tar.gz')

/** Every table's rows, as one digest per table: two databases with the same digests hold the same data. */
async function digests(db: Db): Promise<Record<string, string>> {
  const tables = await db.query<{ name: string }>(
    sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
  )
  const out: Record<string, string> = {}
  for (const { name } of tables) {
    const [row] = await db.query<{ digest: string; n: string }>(
      sql`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest, count(*)::text as n
        from ${sql.raw(`"${name}"`)} t`,
    )
    out[name] = `${row?.n}:${row?.digest}`
  }
  return out
}

beforeAll(async () => {
  delete process.env.DATABASE_URL
  await migratedDataDir(original)
  const db = await openPgliteDb({ dataDir: original })
  const org = await createOrganization(db, 'Org')
  const ws = await createWorkspace(db, org.id, 'Shop')
  await db.query(sql`insert into customers (workspace_id, external_id, name, email)
    select ${ws.id}, 'C-' || i, 'Name ' || i, 'c' || i || '@example.com' from generate_series(1, 500) i`)
  await db.query(sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount)
    select workspace_id, id, 'O-' || external_id, '2026-01-01'::timestamptz + (random() * 300) * interval '1 day',
      'EUR', 12.3456 from customers`)
  await db.close()
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

test('a restored backup holds exactly the rows of the original, table by table', async () => {
  process.env.RAPPORT_DATA_DIR = original
  const backup = await rapport('backup', file)
  expect(backup.code).toBe(0)
  expect(backup.out).toMatch(/backed up/)

  process.env.RAPPORT_DATA_DIR = restored
  const restore = await rapport('restore', file)
  expect(restore.code).toBe(0)

  const a = await openPgliteDb({ dataDir: original })
  const b = await openPgliteDb({ dataDir: restored })
  try {
    const [before, after] = [await digests(a), await digests(b)]
    expect(Object.keys(before)).toContain('customers')
    expect(before.customers).toMatch(/^500:/)
    expect(before.orders).toMatch(/^500:/)
    expect(after).toEqual(before)
  } finally {
    await a.close()
    await b.close()
  }
})

test('restore refuses a directory in use and a file that is not a backup; PostgreSQL points to pg_dump', async () => {
  process.env.RAPPORT_DATA_DIR = original
  const busy = await rapport('restore', file)
  expect(busy.code).toBe(1)
  expect(busy.err).toMatch(/not empty/)

  const junk = join(dir, 'junk.tar.gz')
  writeFileSync(junk, 'hello')
  process.env.RAPPORT_DATA_DIR = join(dir, 'empty')
  const bad = await rapport('restore', junk)
  expect(bad.code).toBe(1)
  expect(bad.err).toMatch(/not a Rapport backup/)

  process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres'
  try {
    const pg = await rapport('backup', file)
    expect(pg.code).toBe(1)
    expect(pg.err).toMatch(/pg_dump/)
  } finally {
    delete process.env.DATABASE_URL
  }
})

test('backup and restore explain themselves', async () => {
  for (const command of ['backup', 'restore']) {
    const help = await rapport(command, '--help')
    expect(help.code).toBe(0)
    expect(help.out).toMatch(/Usage: rapport /)
  }
})
