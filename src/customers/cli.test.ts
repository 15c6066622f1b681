import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import { runCli as rapport } from '../cli/test-run.js'
import { openPgliteDb } from '../db/pglite-db.js'
import { pgliteSnapshot } from '../db/test-db.js'

// The command as a person runs it, on a file-backed embedded database.
const dir = mkdtempSync(join(tmpdir(), 'rapport-cli-'))
const dataDir = join(dir, 'data')

beforeAll(async () => {
  process.env.RAPPORT_DATA_DIR = dataDir
  delete process.env.DATABASE_URL
  const db = await openPgliteDb({ dataDir, loadDataDir: await pgliteSnapshot() })
  const org = await createOrganization(db, 'Org')
  await createWorkspace(db, org.id, 'Shop')
  await db.close()
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

test('a file with 3 bad rows out of 1,000 imports 997 and names the 3 lines; importing it again changes nothing', async () => {
  const bad = new Map([
    [101, 'C-101,O-101,2024-02-30,10.00,EUR'],
    [502, 'C-502,O-502,2024-05-01,ten,EUR'],
    [900, ',O-900,2024-06-01,5.00,EUR'],
  ])
  const lines = ['customer_id,order_id,ordered_at,amount,currency']
  for (let i = 1; i <= 1000; i++)
    lines.push(
      bad.get(i) ?? `C-${i % 97},O-${i},2024-01-${String((i % 28) + 1).padStart(2, '0')},${i}.50,EUR`,
    )
  const file = join(dir, 'orders.csv')
  writeFileSync(file, `${lines.join('\n')}\n`)

  const first = await rapport('import', 'orders', file)
  expect(first.code).toBe(0)
  expect(first.out).toContain('rows read 1000, imported 997, updated 0, unchanged 0, skipped 3')
  // Line numbers count the header as line 1.
  expect(first.out).toMatch(/line 102: ordered_at/)
  expect(first.out).toMatch(/line 503: amount/)
  expect(first.out).toMatch(/line 901: customer_id/)

  const again = await rapport('import', 'orders', file)
  expect(again.out).toContain('rows read 1000, imported 0, updated 0, unchanged 997, skipped 3')

  const summary = await rapport('analyze', 'summary', '--json')
  expect(JSON.parse(summary.out)).toMatchObject({ orders: 997, customers: 97 })
})

test('an unreadable file fails with one clear line and exit code 1, bad usage with 2', async () => {
  const missing = await rapport('import', 'customers', join(dir, 'nope.csv'))
  expect(missing.code).toBe(1)
  expect(missing.err).toMatch(/nope\.csv/)
  expect(missing.err).not.toMatch(/\n\s+at /)

  const kind = await rapport('import', 'things', join(dir, 'nope.csv'))
  expect(kind.code).toBe(1)
  expect(kind.err).toMatch(/unknown kind 'things'/)

  const usage = await rapport('import')
  expect(usage.code).toBe(2)
  const unknown = await rapport('frobnicate')
  expect(unknown.code).toBe(2)
  const help = await rapport('import', '--help')
  expect(help.code).toBe(0)
  expect(help.out).toMatch(/--columns/)
})
