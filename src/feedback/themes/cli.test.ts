import { afterAll, beforeAll, expect, test } from 'vitest'
import { type CliTestDatabase, cliTestDatabase } from '../../cli/test-database.js'
import { runCli as rapport } from '../../cli/test-run.js'
import { workspaceWithComments } from './test-themes-fixture.js'

// `rapport themes …` as a person runs it, on hand-made comments (two about delivery in Ukrainian, one on price).
let database: CliTestDatabase

beforeAll(async () => {
  database = await cliTestDatabase()
  const db = await database.open()
  await workspaceWithComments(db, [
    ['uk', 2, 'Доставка запізнилася на тиждень.'],
    ['uk', 3, "Кур'єр не подзвонив, доставка знову пізно."],
    ['en', 5, 'Prices went up again, too expensive.'],
  ])
  await db.close()
})

afterAll(async () => {
  await database.drop()
})

test('compute, list in Ukrainian, rename and show a theme with its Ukrainian comments', async () => {
  const computed = await rapport('themes', 'compute')
  expect(computed.code).toBe(0)
  expect(computed.out).toMatch(/^3 comments, 2 themes/m)
  const list = await rapport('themes', 'list', '--language', 'uk')
  expect(list.out).toMatch(/^delivery\tдоставка[^\t]*\t2\t/m)
  expect((await rapport('themes', 'rename', 'delivery', 'Доставка')).code).toBe(0)
  const show = await rapport('themes', 'show', 'delivery', '--language', 'uk')
  expect(show.out).toContain('Доставка запізнилася на тиждень.')
  expect(show.out).toContain('2 of 2 comments')
  expect((await rapport('themes', 'list')).out).toMatch(/^delivery\tДоставка\t2\t/m)
})

test('an unknown theme or language fails with one clear line', async () => {
  const unknown = await rapport('themes', 'pin', 'weather')
  expect(unknown.code).toBe(1)
  expect(unknown.err).toContain("no theme 'weather'")
  const bad = await rapport('themes', 'list', '--language', 'de')
  expect(bad.code).toBe(2)
  expect(bad.err).toContain('--language')
})
