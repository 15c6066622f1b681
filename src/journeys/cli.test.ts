import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type CliTestDatabase, cliTestDatabase } from '../cli/test-database.js'
import { runCli as rapport } from '../cli/test-run.js'
import { addCustomers, addEvents, journeyWorkspace, makeJourney, touchpointOf } from './journey-fixture.js'

// The commands as a person runs them; the figures are hand-worked from the two orders written below.
const dir = mkdtempSync(join(tmpdir(), 'rapport-journeys-cli-'))
let database: CliTestDatabase
let journeyId = ''

beforeAll(async () => {
  database = await cliTestDatabase()
  const db = await database.open()
  const { workspaceId: ws } = await journeyWorkspace(db)
  const journey = await makeJourney(db, ws, {
    name: 'Shop',
    description: null,
    stages: [
      { name: 'Buy', touchpoints: [touchpointOf('checkout', ['order_placed'], { intendedEmotion: 1 })] },
      {
        name: 'Delivery',
        touchpoints: [
          touchpointOf('delivery', ['order_delivered'], {
            intendedEmotion: 2,
            promises: [
              {
                name: 'Next day',
                startEvent: 'order_placed',
                endEvent: 'order_delivered',
                limitMinutes: 1440,
                businessHours: null,
              },
            ],
          }),
        ],
      },
    ],
  })
  journeyId = journey.id
  const c = await addCustomers(db, ws, ['a', 'b'])
  // a: delivered in 2 h (kept); b: in 3 days (broken).
  await addEvents(db, ws, [
    [c.a ?? '', 'order_placed', '2026-03-01T10:00:00Z'],
    [c.a ?? '', 'order_delivered', '2026-03-01T12:00:00Z'],
    [c.b ?? '', 'order_placed', '2026-03-01T10:00:00Z'],
    [c.b ?? '', 'order_delivered', '2026-03-04T10:00:00Z'],
  ])
  await db.close()
})

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await database.drop()
})

test('list and show: the map stage by stage with volumes and promises kept', async () => {
  const listed = await rapport('journeys', 'list')
  expect(listed.code).toBe(0)
  expect(listed.out).toContain(`${journeyId}\tShop\t2 stages\t2 touchpoints`)
  const shown = await rapport('journeys', 'show', journeyId)
  expect(shown.code).toBe(0)
  expect(shown.out).toContain('checkout (checkout)\tvolume 2')
  expect(shown.out).toContain('promise Next day: kept 1, broken 1, pending 0 — 50.0% kept')
})

test('export as Mermaid, import it back, and export the same text again', async () => {
  const exported = await rapport('journeys', 'export', journeyId, '--format', 'mermaid')
  expect(exported.out).toBe(
    'journey\n  title Shop\n  section Buy\n    checkout: 4\n  section Delivery\n    delivery: 5\n',
  )
  const file = join(dir, 'shop.mmd')
  writeFileSync(file, exported.out)
  const imported = await rapport('journeys', 'import', file)
  expect(imported.code).toBe(0)
  const id = /imported journey ([0-9a-f-]{36})/.exec(imported.out)?.[1] ?? ''
  expect((await rapport('journeys', 'export', id, '--format', 'mermaid')).out).toBe(exported.out)
  const json = await rapport('journeys', 'export', journeyId)
  expect(JSON.parse(json.out)).toMatchObject({
    name: 'Shop',
    stages: [{ name: 'Buy' }, { name: 'Delivery' }],
  })
})

test('bad input fails with one line; --help names the commands', async () => {
  expect((await rapport('journeys', 'show', 'x')).err).toContain("'x' is not a journey id")
  const missing = await rapport('journeys', 'show', '00000000-0000-0000-0000-000000000000')
  expect([missing.code, missing.err.includes('no journey')]).toEqual([1, true])
  const bad = join(dir, 'bad.mmd')
  writeFileSync(bad, 'journey\nsection A\n  Task: 7\n')
  const refused = await rapport('journeys', 'import', bad)
  expect([refused.code, refused.err.includes('line 3')]).toEqual([1, true])
  const help = await rapport('journeys', '--help')
  for (const command of ['list', 'show', 'export', 'import']) expect(help.out).toContain(command)
  expect((await rapport('journeys', 'import', '--help')).out).toContain('--format')
})
