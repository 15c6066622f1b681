import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type CliTestDatabase, cliTestDatabase } from '../cli/test-database.js'
import { runCli as rapport } from '../cli/test-run.js'
import { createTestSurvey, insightWorkspace } from './insight-fixture.js'

// `rapport import responses` as a person runs it.
const dir = mkdtempSync(join(tmpdir(), 'rapport-insights-cli-'))
let database: CliTestDatabase
let surveyId: string

beforeAll(async () => {
  database = await cliTestDatabase()
  const db = await database.open()
  const { workspaceId } = await insightWorkspace(db)
  surveyId = (await createTestSurvey(db, workspaceId, 'delivery')).id
  await db.close()
})

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await database.drop()
})

test('a gzipped history imports its good rows, names the bad line, and a second run changes nothing', async () => {
  const file = join(dir, 'history.csv.gz')
  const csv = [
    'response_id\temail\tanswered_at\tnps',
    'a\tx@y.z\t2025-11-01\t10',
    'b\tx@y.z\t2025-11-02\t12',
    'c\tx@y.z\t2025-11-03\t3',
  ]
  writeFileSync(file, gzipSync(`${csv.join('\n')}\n`))
  const first = await rapport('import', 'responses', file, '--survey', surveyId)
  expect(first.code).toBe(0)
  expect(first.out).toContain('rows read 3, imported 2, unchanged 0, skipped 1')
  expect(first.out).toMatch(/line 3: nps: must be between 0 and 10/)
  const again = await rapport('import', 'responses', file, '--survey', surveyId)
  expect(again.out).toContain('rows read 3, imported 0, unchanged 2, skipped 1')
})

test('without --survey, or with an unknown one, the command fails with one clear line', async () => {
  const file = join(dir, 'x.csv')
  writeFileSync(file, 'response_id,email,answered_at,nps\n')
  const missing = await rapport('import', 'responses', file)
  expect(missing.code).toBe(1)
  expect(missing.err).toContain('--survey')
  const unknown = await rapport('import', 'responses', file, '--survey', 'nosuchslug')
  expect(unknown.code).toBe(1)
  expect(unknown.err).toContain('no survey "nosuchslug"')
})

test('insights rebuild recomputes the rollup: the two scale answers imported above; --help says what it does', async () => {
  const rebuilt = await rapport('insights', 'rebuild')
  expect(rebuilt.code).toBe(0)
  // a (10) and c (3) were imported; b (12) was refused.
  expect(rebuilt.out).toBe('insight rollup of Shop rebuilt: 2 scale answers\n')
  const help = await rapport('insights', 'rebuild', '--help')
  expect(help.code).toBe(0)
  expect(help.out).toContain('recompute the workspace’s metric rollup')
  const unknown = await rapport('insights', 'rebuild', '--workspace', 'Nowhere')
  expect(unknown.code).toBe(1)
})
