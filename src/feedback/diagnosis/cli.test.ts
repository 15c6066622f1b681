import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../../access/workspaces.js'
import { type CliTestDatabase, cliTestDatabase } from '../../cli/test-database.js'
import { runCli as rapport } from '../../cli/test-run.js'
import { seedHandMadeCustomers } from './test-diagnosis.js'

// `rapport diagnosis …` as a person runs it, on the hand-made customers (their quadrants worked out by hand in
// test-diagnosis.ts).
const dir = mkdtempSync(join(tmpdir(), 'rapport-diagnosis-cli-'))
let database: CliTestDatabase

beforeAll(async () => {
  database = await cliTestDatabase()
  const db = await database.open()
  const org = await createOrganization(db, 'Org')
  await seedHandMadeCustomers(db, (await createWorkspace(db, org.id, 'Shop')).id)
  await db.close()
})

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await database.drop()
})

test('counts per quadrant, as a table, as CSV, and for one org unit', async () => {
  const table = await rapport('diagnosis', 'counts')
  expect(table.code).toBe(0)
  expect(table.out).toContain('RFM as of 2026-06-30')
  expect(table.out).toMatch(/true_loyalty\s+3\s+850\n/)
  expect(table.out).toMatch(/unknown\s+3\s+900\n/)
  const csv = await rapport('diagnosis', 'counts', '--format', 'csv', '--org-unit', 'dx-north')
  expect(csv.out).toBe(
    'quadrant,customers,revenue\ntrue_loyalty,2,750\nlatent_loyalty,1,20\nspurious_loyalty,2,500\nno_loyalty,3,160\nunknown,2,900\n',
  )
})

test('the customers of a quadrant as CSV, to a file, largest revenue first', async () => {
  const file = join(dir, 'spurious.csv')
  const run = await rapport('diagnosis', 'customers', '--quadrant', 'spurious_loyalty', '--output', file)
  expect(run.code).toBe(0)
  expect(readFileSync(file, 'utf8')).toBe(
    'customer_id,name,email,quadrant,attitude,attitude_source,attitude_band,nps,commitment_mean,patronage,r,f,monetary\n' +
      'B,Boris Spurious,b@example.com,spurious_loyalty,low,nps,low,2,,high,4,4,300\n' +
      'E,Ewa Passive,e@example.com,spurious_loyalty,low,nps,medium,8,,high,3,4,200\n',
  )
})

test('a wrong quadrant or unit is one clear line; --help explains the command', async () => {
  const wrong = await rapport('diagnosis', 'customers', '--quadrant', 'loyal')
  expect([wrong.code, wrong.err]).toEqual([2, expect.stringContaining('--quadrant must be one of')])
  const unit = await rapport('diagnosis', 'counts', '--org-unit', 'nowhere')
  expect([unit.code, unit.err]).toEqual([1, expect.stringContaining("no org unit with code 'nowhere'")])
  const help = await rapport('diagnosis', '--help')
  expect([help.code, help.out]).toEqual([0, expect.stringContaining('Dick & Basu')])
})
