import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../src/db/db.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { addCommentSurvey } from '../src/feedback/themes/test-themes-fixture.js'
import { startServer } from '../src/server/server.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'
import { setUpOwner } from './set-up-owner.js'

// The comment themes page in a real browser, in Ukrainian: a theme recomputed from the comments, opened with
// its Ukrainian verbatims, renamed, and the name kept.

const hasChromium = chromiumAvailable('themes')

let db: Db | undefined
let server: { url: string; close(): Promise<void> } | undefined
let browser: Browser | undefined

const owner = { email: 'owner@themes.test', password: 'correct horse battery' }

// Three Ukrainian delivery complaints, one Ukrainian praise of the staff, two English comments.
const comments = [
  ['uk', 2, 'Доставка запізнилася на тиждень, ніхто не попередив.'],
  ['uk', 3, "Кур'єр не подзвонив, посилку залишили під дверима."],
  ['uk', 4, 'Доставка знову дуже повільна.'],
  ['uk', 10, 'Привітний персонал, завжди допоможуть.'],
  ['en', 3, 'The delivery was late again.'],
  ['en', 9, 'Great coffee, fair prices.'],
] as const

beforeAll(async () => {
  if (!hasChromium) return
  assertWebBuilt()
  db = await pgliteTestDb()
  server = await startServer({ db, port: 0, host: '127.0.0.1' })
  browser = await launchChromium()
  const me = await setUpOwner(server.url, owner)
  await addCommentSurvey(db, me.workspaces[0]!.id, comments)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await db?.close()
})

test.skipIf(!hasChromium)(
  'a theme with its verbatims in Ukrainian, recomputed, renamed and kept',
  async () => {
    const url = server!.url
    await withPage(
      browser!,
      'themes',
      async (page) => {
        const login = await page.request.post(`${url}/api/v1/auth/login`, { data: owner })
        const { workspaces } = (await login.json()) as { workspaces: { id: string }[] }
        const workspaceId = workspaces[0]!.id
        await page.goto(`${url}/w/${workspaceId}/feedback/themes`)
        await page.getByTestId('language-switcher').selectOption('uk')
        await page.getByTestId('understanding-tab-themes').waitFor()
        expect(await page.getByTestId('understanding-tab-themes').textContent()).toBe('Теми коментарів')
        // Nothing computed yet: the page says so; the button runs the recomputation as a job with progress.
        await page.getByTestId('themes-empty').waitFor()
        await page.getByTestId('themes-recompute').click()
        await page.getByTestId('themes-row').first().waitFor({ timeout: 30_000 })
        // Only the Ukrainian comments: delivery holds three of them, named by its Ukrainian phrases.
        await page.getByTestId('themes-language').selectOption('uk')
        const delivery = page.locator('[data-testid="themes-row"][data-theme="delivery"]')
        await page.waitForFunction(
          () =>
            document.querySelector('[data-theme="delivery"] td:nth-child(2)')?.textContent?.trim() === '3',
        )
        expect(await delivery.getByTestId('themes-open').textContent()).toMatch(/доставка/)
        await delivery.getByTestId('themes-open').click()
        await page.getByTestId('theme-verbatim').first().waitFor()
        const verbatims = await page.getByTestId('theme-verbatim').allTextContents()
        expect(verbatims).toHaveLength(3)
        expect(await page.getByTestId('theme-verbatims-range').textContent()).toBe('1–3 з 3 коментарів')
        expect(verbatims.join('\n')).toContain('Доставка запізнилася на тиждень, ніхто не попередив.')
        expect(verbatims.join('\n')).toContain('негативна')
        expect(verbatims.join('\n')).not.toContain('The delivery was late again.')
        // The analyst's name replaces the phrases, and stays after another recomputation.
        await page.getByTestId('theme-rename').fill('Доставка і кур’єри')
        await page.getByTestId('theme-rename-save').click()
        await page.waitForFunction(
          () =>
            document.querySelector('[data-testid="theme-detail-name"]')?.textContent === 'Доставка і кур’єри',
        )
        await page.getByTestId('themes-recompute').click()
        await page.waitForFunction(() =>
          /Теми пораховано/.test(document.querySelector('[data-testid="themes-run"]')?.textContent ?? ''),
        )
        expect(await delivery.getByTestId('themes-open').textContent()).toBe('Доставка і кур’єри')
        expect(await page.getByTestId('themes-csv').getAttribute('href')).toContain('/themes.csv?language=uk')
      },
      { viewport: { width: 375, height: 800 } },
    )
  },
  120_000,
)
