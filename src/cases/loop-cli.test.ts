import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type CliTestDatabase, cliTestDatabase } from '../cli/test-database.js'
import { runCli as rapport } from '../cli/test-run.js'
import { loadConfig } from '../config.js'
import { sql } from '../db/sql.js'
import { loopMailFor } from '../server/loop-wiring.js'
import { startTestSmtp } from '../surveys/email/test-smtp.js'
import { notifyChange, recordChange } from './loop-changes.js'
import { createCampaign } from './outreach.js'
import { caseWorkspace, npsSurvey } from './test-cases.js'

// The commands as a person runs them.
const dir = mkdtempSync(join(tmpdir(), 'rapport-changes-cli-'))
let database: CliTestDatabase
let changeId = ''

beforeAll(async () => {
  database = await cliTestDatabase()
  const db = await database.open()
  const w = await caseWorkspace(db)
  const survey = await npsSurvey(db, w.workspaceId, 'delivery')
  const told = await w.customer('c-1', null, 'c1@shop.test')
  const held = await w.customer('c-2', null, 'c2@shop.test')
  await db.query(sql`update customers set email_opt_in = case when id = ${told} then true end`)
  await survey.answer(told, { nps: 2 }, new Date('2026-02-01T10:00:00Z'))
  await survey.answer(held, { nps: 4 }, new Date('2026-02-01T10:00:00Z'))
  changeId = await recordChange(db, { workspaceId: w.workspaceId, unitPath: null }, null, {
    title: 'Faster delivery',
    texts: { '*': 'Delivery is faster now.' },
    touchpoint: 'delivery',
    themeWords: null,
    metric: 'nps',
    raisedSince: new Date('2026-01-01T00:00:00Z'),
  })
  const smtp = await startTestSmtp()
  const mail = loopMailFor(loadConfig({ SMTP_URL: smtp.url }))
  await notifyChange(
    db,
    { workspaceId: w.workspaceId, unitPath: null },
    changeId,
    mail,
    new Date('2026-03-01'),
  )
  await survey.answer(told, { nps: 9 }, new Date('2026-03-10T10:00:00Z'))
  await createCampaign(
    db,
    { workspaceId: w.workspaceId, unitPath: null },
    null,
    { name: 'Win back', list: 'at_risk', subject: 'Hello', template: 'Hi {{name}}', outcomeDays: 14 },
    [told, held],
  )
  await smtp.close()
  await db.close()
})

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await database.drop()
})

test('list shows each change with its sends and an honest comparison; show lists the customers', async () => {
  const listed = await rapport('changes', 'list')
  expect(listed.code).toBe(0)
  expect(listed.out).toContain('Faster delivery\tsent 1, held back 1, deselected 0')
  expect(listed.out).toContain('told 9.00 (n=1), not told - (n=0): not enough data')
  const shown = await rapport('changes', 'show', changeId)
  expect(shown.code).toBe(0)
  expect(shown.out).toContain('c-1\tCustomer c-1\t2\tsent\t\t9')
  expect(shown.out).toContain('c-2\tCustomer c-2\t4\tsuppressed\tno_consent\t-')
})

test('a bad id, an unknown change and a bad limit fail with one line; --help names the commands', async () => {
  expect((await rapport('changes', 'show', 'x')).err).toContain("'x' is not a change id")
  const missing = await rapport('changes', 'show', '00000000-0000-0000-0000-000000000000')
  expect(missing.code).toBe(1)
  expect(missing.err).toContain('no change')
  expect((await rapport('changes', 'list', '--limit', '0')).code).toBe(2)
  const help = await rapport('changes', '--help')
  expect(help.out).toContain('list')
  expect(help.out).toContain('show')
})

test('outreach list shows each campaign with its sends and outcomes', async () => {
  const listed = await rapport('outreach', 'list')
  expect(listed.code).toBe(0)
  expect(listed.out).toContain(
    'Win back\tat_risk\tsent 0 of 2, held back 0\treplied 0, bought again 0, answered 0 (14 days)',
  )
  expect((await rapport('outreach', 'list', '--help')).out).toContain('outcomes')
})
