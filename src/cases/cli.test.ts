import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import { type CliTestDatabase, cliTestDatabase } from '../cli/test-database.js'
import { runCli as rapport } from '../cli/test-run.js'
import { changeCase, openCase } from './cases.js'

// The commands as a person runs them.
const dir = mkdtempSync(join(tmpdir(), 'rapport-cases-cli-'))
let database: CliTestDatabase

beforeAll(async () => {
  database = await cliTestDatabase()
  const db = await database.open()
  const org = await createOrganization(db, 'Org')
  const ws = await createWorkspace(db, org.id, 'Shop')
  await openCase(db, ws.id, {
    source: 'manual',
    customerId: null,
    subject: 'Parcel lost',
    priority: 'urgent',
  })
  const done = await openCase(db, ws.id, {
    source: 'manual',
    customerId: null,
    subject: 'Rude courier',
    priority: 'low',
  })
  await changeCase(db, { workspaceId: ws.id, unitPath: null }, null, done!.id, {
    status: 'resolved',
    resolutionSummary: 'Apologised; the courier firm was told.',
  })
  await db.close()
})

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await database.drop()
})

test('list shows the open cases by default and the resolved ones when asked; show prints the history', async () => {
  const open = await rapport('cases', 'list')
  expect(open.code).toBe(0)
  expect(open.out).toContain('#1\tnew\turgent')
  expect(open.out).not.toContain('Rude courier')
  expect(open.out).toContain('1 of 1 cases')
  const resolved = await rapport('cases', 'list', '--status', 'resolved')
  expect(resolved.out).toContain('Rude courier')
  const shown = await rapport('cases', 'show', '#2')
  expect(shown.code).toBe(0)
  expect(shown.out).toContain('resolution: Apologised; the courier firm was told.')
  expect(shown.out).toMatch(/opened[\s\S]*resolved: Apologised/)
})

test('a bad status and an unknown case fail with one line', async () => {
  const bad = await rapport('cases', 'list', '--status', 'open')
  expect(bad.code).toBe(2)
  expect(bad.err).toContain("--status: 'open' is not a case status")
  const missing = await rapport('cases', 'show', '99')
  expect(missing.code).toBe(1)
  expect(missing.err).toContain('no case #99')
  expect((await rapport('cases', '--help')).out).toContain('list')
})
