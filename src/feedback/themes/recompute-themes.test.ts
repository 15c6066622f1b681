import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../../db/db.js'
import { testDrivers } from '../../db/test-db.js'
import { recomputeThemes } from './recompute-themes.js'
import { workspaceWithComments } from './test-themes-fixture.js'
import { negativeThemesByTouchpoint, saveThemeEdit, themeVerbatims } from './theme-queries.js'
import { getThemeTable, themeKeysOf } from './theme-table.js'

// Hand-made comments: [language, NPS, text]. Their themes, counted by hand from the words:
// delivery 5 (4 uk, 1 en; detractors 4, promoters 1), price 3 (detractors 2, promoters 1), staff 2 (promoters 2).
const comments: (readonly [string, number, string])[] = [
  ['uk', 2, 'Доставка запізнилася на тиждень, посилка прийшла пом’ята.'],
  ['uk', 3, 'Кур’єр не подзвонив, доставка знову пізно.'],
  ['uk', 4, 'Доставка дуже повільна і дорога.'],
  ['uk', 9, 'Швидка доставка, дякую!'],
  ['en', 1, 'The delivery was late and the courier was rude.'],
  ['en', 5, 'Prices went up again, too expensive.'],
  ['en', 10, 'Friendly staff, always helpful.'],
  ['en', 9, 'The staff remembered my order, lovely.'],
  ['pl', 10, 'Uczciwe ceny, polecam.'],
  ['en', 8, 'Nothing to add.'],
]

describe.each(testDrivers)('comment themes stored on $name', (driver) => {
  let db: Db
  let workspaceId: string
  const access = () => ({ workspaceId, unitPath: null })

  beforeAll(async () => {
    if (!(await driver.available())) return
    db = await driver.open()
    ;({ workspaceId } = await workspaceWithComments(db, comments))
  })
  afterAll(async () => {
    await db?.close()
  })

  test('a recomputation reads every comment and counts each theme, its sentiment and its detractors', async (ctx) => {
    if (!db) ctx.skip()
    const result = await recomputeThemes(db, workspaceId)
    expect(result.comments).toBe(comments.length)
    const table = await getThemeTable(db, access(), {})
    expect(table.totals).toEqual({ comments: 10, detractors: 5, promoters: 4, themed: 9 })
    const byKey = new Map(table.themes.map((th) => [th.key, th]))
    expect(byKey.get('delivery')?.comments).toBe(5)
    expect(byKey.get('delivery')?.separation.detractors).toBe(4)
    expect(byKey.get('delivery')?.separation.promoters).toBe(1)
    expect(byKey.get('price')?.comments).toBe(3)
    expect(byKey.get('staff')?.comments).toBe(2)
    expect(byKey.get('staff')?.positive).toBe(2)
    // Delivery separates detractors (4 of 5) from promoters (1 of 5): positive log odds; staff the other way.
    expect(byKey.get('delivery')!.separation.logOdds).toBeGreaterThan(0)
    expect(byKey.get('staff')!.separation.logOdds).toBeLessThan(0)
  })

  test('a theme lists its verbatims, filtered to Ukrainian, named in Ukrainian', async (ctx) => {
    if (!db) ctx.skip()
    const uk = await getThemeTable(db, access(), { language: 'uk' })
    const delivery = uk.themes.find((th) => th.key === 'delivery')!
    expect(delivery.comments).toBe(4)
    expect(delivery.name).toMatch(/доставк/)
    const page = await themeVerbatims(
      db,
      access(),
      ['delivery'],
      { language: 'uk' },
      { limit: 10, offset: 0 },
    )
    expect(page.total).toBe(4)
    expect(page.items.map((v) => v.text)).toContain('Швидка доставка, дякую!')
    expect(page.items.every((v) => v.language === 'uk')).toBe(true)
  })

  test("the analyst's rename, pin and merge survive a recomputation", async (ctx) => {
    if (!db) ctx.skip()
    await saveThemeEdit(db, workspaceId, 'delivery', { name: 'Доставка і кур’єри', pinned: true }, null)
    await saveThemeEdit(db, workspaceId, 'price', { mergedInto: 'staff' }, null)
    await recomputeThemes(db, workspaceId)
    const table = await getThemeTable(db, access(), {})
    expect(table.themes[0]?.key).toBe('delivery')
    expect(table.themes[0]?.name).toBe('Доставка і кур’єри')
    expect(table.themes[0]?.pinned).toBe(true)
    expect(table.themes.find((th) => th.key === 'price')).toBeUndefined()
    const staff = table.themes.find((th) => th.key === 'staff')!
    // 2 staff + 3 price comments, none holding both.
    expect(staff.comments).toBe(5)
    expect(staff.merged).toEqual(['price'])
    expect(await themeKeysOf(db, workspaceId, 'staff')).toEqual(['staff', 'price'])
    await saveThemeEdit(db, workspaceId, 'price', { mergedInto: null }, null)
    const after = await getThemeTable(db, access(), {})
    expect(after.themes.find((th) => th.key === 'price')?.comments).toBe(3)
  })

  test('the themes of negative comments per touchpoint, for pain points', async (ctx) => {
    if (!db) ctx.skip()
    const rows = await negativeThemesByTouchpoint(
      db,
      access(),
      { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') },
      new Map(),
      2,
    )
    // Detractor or negative comments: the four delivery complaints come first.
    expect(rows[0]).toEqual({ touchpoint: 'delivery', theme: 'delivery', comments: 4 })
    expect(rows).toHaveLength(2)
  })
})
