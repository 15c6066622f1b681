import { afterAll, beforeAll, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import { type CliTestDatabase, cliTestDatabase } from '../cli/test-database.js'
import { runCli as rapport } from '../cli/test-run.js'
import { sql } from '../db/sql.js'
import { createSurvey } from './surveys.js'
import { npsDefinition } from './test-survey.js'

// `rapport surveys list|archive|restore` as a person runs them.
let database: CliTestDatabase
let surveyId = ''

beforeAll(async () => {
  database = await cliTestDatabase()
  const db = await database.open()
  const org = await createOrganization(db, 'Org')
  const ws = await createWorkspace(db, org.id, 'Shop')
  const survey = await createSurvey(db, ws.id, {
    name: 'After delivery',
    touchpoint: 'delivery',
    npsKind: 'transactional',
    definition: npsDefinition,
    status: 'active',
  })
  surveyId = survey.id
  await createSurvey(db, ws.id, {
    name: 'Checkout',
    touchpoint: 'checkout',
    npsKind: 'transactional',
    definition: npsDefinition,
  })
  await db.close()
})

afterAll(async () => {
  await database.drop()
})

test('archive takes a survey out of the list into the archived one, restore brings it back active, both audited', async () => {
  expect((await rapport('surveys', 'list')).out).toContain('2 surveys')
  const archived = await rapport('surveys', 'archive', 'After delivery')
  expect(archived.code).toBe(0)
  expect(archived.out).toContain('archived After delivery (active)')
  const list = await rapport('surveys', 'list')
  expect(list.out).not.toContain('After delivery')
  expect(list.out).toContain('1 survey\n')
  const shelf = await rapport('surveys', 'list', '--archived')
  expect(shelf.out).toContain(`${surveyId}\tactive\t0/0\tAfter delivery`)
  const restored = await rapport('surveys', 'restore', surveyId)
  expect(restored.out).toContain('restored After delivery (active)')
  expect((await rapport('surveys', 'list')).out).toContain('After delivery')
  const db = await database.open()
  const audit = await db.query<{ action: string; details: { via: string } }>(
    sql`select action, details from audit_log where entity_id = ${surveyId} order by at`,
  )
  await db.close()
  expect(audit).toEqual([
    { action: 'survey.archive', details: { via: 'cli' } },
    { action: 'survey.restore', details: { via: 'cli' } },
  ])
})

test('an unknown survey, restoring one not archived, and the help', async () => {
  const missing = await rapport('surveys', 'archive', 'Nope')
  expect(missing.code).toBe(1)
  expect(missing.err).toContain("no survey 'Nope'")
  const notArchived = await rapport('surveys', 'restore', 'Checkout')
  expect(notArchived.code).toBe(1)
  expect(notArchived.err).toContain("'Checkout' is not archived")
  expect((await rapport('surveys', '--help')).out).toMatch(/archive[\s\S]*restore/)
})
