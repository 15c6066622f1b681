import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import { runCli as rapport } from '../cli/test-run.js'
import { migrate } from '../db/migrate.js'
import { openPgliteDb } from '../db/pglite-db.js'
import { sql } from '../db/sql.js'

// The command as a person runs it, on a file-backed embedded database.
const dir = mkdtempSync(join(tmpdir(), 'rapport-loyalty-cli-'))
const dataDir = join(dir, 'data')

beforeAll(async () => {
  process.env.RAPPORT_DATA_DIR = dataDir
  delete process.env.DATABASE_URL
  const db = await openPgliteDb({ dataDir })
  await migrate(db)
  const org = await createOrganization(db, 'Org')
  const ws = await createWorkspace(db, org.id, 'Shop')
  await db.query(
    sql`insert into customers (workspace_id, external_id) values (${ws.id}, 'C-1'), (${ws.id}, 'C-2')`,
  )
  await db.close()
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

test('credit, a repeated credit, redeem and balance from the terminal', async () => {
  const credited = await rapport(
    'loyalty',
    'credit',
    'C-1',
    '120',
    '--source',
    'order:O-1',
    '--rule',
    'purchase',
  )
  expect(credited).toMatchObject({ code: 0 })
  expect(credited.out).toContain('credited 120 points to C-1')
  const again = await rapport(
    'loyalty',
    'credit',
    'C-1',
    '120',
    '--source',
    'order:O-1',
    '--rule',
    'purchase',
  )
  expect(again.out).toContain('nothing added')
  const redeemed = await rapport('loyalty', 'redeem', 'C-1', '50', '--for', 'reward-coffee')
  expect(redeemed.out).toContain('redeemed 50 points for reward-coffee; 70 points left')
  expect((await rapport('loyalty', 'balance', 'C-1')).out).toContain('C-1: 70 points, tier none')
})

test('too few points, bad points and a customer not enrolled fail with one line', async () => {
  const short = await rapport('loyalty', 'redeem', 'C-1', '71', '--for', 'reward-bag')
  expect(short.code).toBe(1)
  expect(short.err).toContain('70 points, fewer than the 71 asked')
  const bad = await rapport('loyalty', 'credit', 'C-1', '1.5', '--source', 'order:O-2')
  expect(bad.code).toBe(2)
  expect(bad.err).toContain("points: '1.5'")
  const stranger = await rapport('loyalty', 'balance', 'C-2')
  expect(stranger.code).toBe(1)
  expect(stranger.err).toContain('not enrolled')
})

test('--help lists the commands', async () => {
  const help = await rapport('loyalty', '--help')
  expect(help.out).toMatch(/balance[\s\S]*credit[\s\S]*redeem/)
})
