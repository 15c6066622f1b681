import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { createOrganization, createWorkspace } from '../../access/workspaces.js'
import { type CliTestDatabase, cliTestDatabase } from '../../cli/test-database.js'
import { runCli as rapport } from '../../cli/test-run.js'
import { mtcars, mtcarsColumns } from './test-mtcars.js'
import { seedRepurchaseAnswers } from './test-repurchase-answers.js'

// `analyze drivers` loads only its own analysis: the forecasts and segments commands must not be imported.
vi.mock('../../forecasts/cli.js', () => {
  throw new Error('analyze drivers loaded the forecasts')
})
vi.mock('../../segments/cli.js', () => {
  throw new Error('analyze drivers loaded the segments')
})

const dir = mkdtempSync(join(tmpdir(), 'rapport-drivers-cli-'))
const file = join(dir, 'mtcars.csv')
writeFileSync(file, `${mtcarsColumns.join(',')}\n${mtcars.map((r) => r.join(',')).join('\n')}\n`)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('JSON has one row per driver with the published relative weights, r2 and n', async () => {
  const run = await rapport(
    'analyze',
    'drivers',
    '--file',
    file,
    '--outcome',
    'mpg',
    '--drivers',
    'cyl,disp,hp,gear',
    '--format',
    'json',
    '--resamples',
    '200',
  )
  expect(run.code).toBe(0)
  const result = JSON.parse(run.out)
  expect(result.n).toBe(32)
  // Published: rwa package vignette (see key-drivers.test.ts), raw weights of cyl, disp, hp, gear.
  expect(result.drivers.map((d: { weight: number }) => Number(d.weight.toFixed(7)))).toEqual([
    0.2284797, 0.2221469, 0.2321744, 0.0963886,
  ])
  expect(result.r2).toBeCloseTo(0.2284797 + 0.2221469 + 0.2321744 + 0.0963886, 6)
  for (const d of result.drivers) {
    expect(Object.keys(d)).toEqual(
      expect.arrayContaining(['driver', 'weight', 'share', 'shapley', 'beta', 'ci_low', 'ci_high']),
    )
    expect(d.ci_low).toBeLessThan(d.weight)
  }
})

test('CSV has the documented header and the same intervals under the same seed', async () => {
  const args = [
    'analyze',
    'drivers',
    '--file',
    file,
    '--outcome',
    'mpg',
    '--drivers',
    'wt,hp',
    '--resamples',
    '100',
    '--seed',
    '9',
  ]
  const first = await rapport(...args)
  const second = await rapport(...args)
  expect(first.code).toBe(0)
  const lines = first.out.trim().split('\n')
  expect(lines[0]).toBe('driver,weight,share,shapley,beta,ci_low,ci_high')
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['wt', 'hp'])
  expect(second.out).toBe(first.out)
})

test('semicolons, decimal commas and blank cells: only complete cases count', async () => {
  const semi = join(dir, 'semi.csv')
  const body = mtcars.map((r, i) =>
    [r[0], i < 5 ? '' : r[4], r[3]].map((v) => String(v).replace('.', ',')).join(';'),
  )
  writeFileSync(semi, `mpg;wt;hp\n${body.join('\n')}\n`)
  const run = await rapport(
    'analyze',
    'drivers',
    '--file',
    semi,
    '--outcome',
    'mpg',
    '--drivers',
    'wt,hp',
    '--format',
    'json',
    '--resamples',
    '0',
  )
  expect(run.code).toBe(0)
  expect(JSON.parse(run.out).n).toBe(27)
})

test('a missing column fails with exit code 1 and names it; a bad format is a usage error', async () => {
  const missing = await rapport(
    'analyze',
    'drivers',
    '--file',
    file,
    '--outcome',
    'mpg',
    '--drivers',
    'wt,speed',
  )
  expect(missing.code).toBe(1)
  expect(missing.err).toContain("no column 'speed'")
  const format = await rapport(
    'analyze',
    'drivers',
    '--file',
    file,
    '--outcome',
    'mpg',
    '--drivers',
    'wt',
    '--format',
    'xml',
  )
  expect(format.code).toBe(2)
  const twice = await rapport('analyze', 'drivers', '--file', file, '--outcome', 'mpg', '--drivers', 'wt,mpg')
  expect(twice.code).toBe(2)
})

test('too few complete cases fail and say how many there were', async () => {
  const few = join(dir, 'few.csv')
  writeFileSync(
    few,
    `mpg,wt\n${mtcars
      .slice(0, 4)
      .map((r) => `${r[0]},${r[4]}`)
      .join('\n')}\n`,
  )
  const run = await rapport('analyze', 'drivers', '--file', few, '--outcome', 'mpg', '--drivers', 'wt')
  expect(run.code).toBe(1)
  expect(run.err).toContain('4 complete cases of 4 rows')
})

test('--help describes the columns', async () => {
  const help = await rapport('analyze', 'drivers', '--help')
  expect(help.code).toBe(0)
  expect(help.out).toContain('driver,weight,share,shapley,beta,ci_low,ci_high')
})

describe('rapport drivers, on a workspace', () => {
  let database: CliTestDatabase
  beforeAll(async () => {
    database = await cliTestDatabase()
    const db = await database.open()
    const org = await createOrganization(db, 'Org')
    await seedRepurchaseAnswers(db, (await createWorkspace(db, org.id, 'Shop')).id)
    await db.close()
  })
  afterAll(async () => {
    await database?.drop()
  })

  test('--outcome repurchase explains the intent to buy again: the hand-worked r² of 0.81', async () => {
    const run = await rapport('drivers', '--battery', 'forces', '--outcome', 'repurchase', '--format', 'json')
    expect(run.code).toBe(0)
    const result = JSON.parse(run.out)
    expect([result.outcome, result.n, result.drivers[0].driver]).toEqual(['repurchase', 10, 'pleasure'])
    expect(result.r2).toBeCloseTo(0.81, 12)
    const bad = await rapport('drivers', '--outcome', 'loyalty')
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('--outcome')])
  })
})
