import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, expect, test } from 'vitest'
import { initialDataDirFile, openPgliteDataDir } from './initial-data-dir.js'
import { loadMigrations } from './migrate.js'
import { sql } from './sql.js'
import { pgliteSnapshot } from './test-db.js'

const dir = mkdtempSync(join(tmpdir(), 'rapport-initial-data-dir-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('the initial data dir is looked for beside the module, where the build writes it', () => {
  expect(initialDataDirFile).toMatch(/[/\\]db[/\\]initial-data-dir\.tar\.gz$/)
})

test('a new data dir starts migrated from the initial data dir, and an existing one is opened as it is', async () => {
  // Gzipped, as the build writes it (the run's migrated dump is a plain tar).
  const initial = join(dir, 'initial.tar.gz')
  writeFileSync(initial, gzipSync(new Uint8Array(await (await pgliteSnapshot()).arrayBuffer())))
  const dataDir = join(dir, 'data')
  const db = await openPgliteDataDir(dataDir, initial)
  const [row] = await db.query<{ n: number }>(sql`select count(*)::int as n from schema_migrations`)
  expect(row?.n).toBe(loadMigrations().length)
  await db.query(sql`insert into organizations (name) values ('Kept')`)
  await db.close()

  const again = await openPgliteDataDir(dataDir, initial)
  const names = await again.query<{ name: string }>(sql`select name from organizations`)
  await again.close()
  expect(names.map((n) => n.name)).toEqual(['Kept'])
})
