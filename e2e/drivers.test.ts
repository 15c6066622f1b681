import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../src/db/db.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { seedDriverAnswers } from '../src/feedback/drivers/test-driver-answers.js'
import { startServer } from '../src/server/server.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'
import { setUpOwner } from './set-up-owner.js'

// The Drivers tab in a real browser, on seeded battery and NPS answers whose driver story is known.

const hasChromium = chromiumAvailable('drivers')

let db: Db | undefined
let server: { url: string; close(): Promise<void> } | undefined
let browser: Browser | undefined
let workspaceId = ''

const owner = { email: 'owner@drivers.test', password: 'correct horse battery' }

beforeAll(async () => {
  if (!hasChromium) return
  assertWebBuilt()
  db = await pgliteTestDb()
  server = await startServer({ db, port: 0, host: '127.0.0.1' })
  browser = await launchChromium()
  workspaceId = (await setUpOwner(server.url, owner)).workspaces[0]!.id
  await seedDriverAnswers(db, workspaceId)
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await db?.close()
})

test.skipIf(!hasChromium)(
  'the drivers chart shows the weights, pleasure first; per org unit the quadrant and the commitment warning show',
  async () => {
    const url = server!.url
    await withPage(
      browser!,
      'drivers',
      async (page) => {
        await page.request.post(`${url}/api/v1/auth/login`, { data: owner })
        await page.goto(`${url}/w/${workspaceId}/feedback`)
        await page.getByTestId('understanding-tab-drivers').waitFor()
        // Opened directly, the section's tabs bring their own styles: a row of tabs, the current one underlined.
        const tabStyle = await page.getByTestId('understanding-tab-drivers').evaluate((tab) => {
          const style = getComputedStyle(tab)
          return { row: getComputedStyle(tab.parentElement!).display, underline: style.borderBottomStyle }
        })
        expect(tabStyle).toEqual({ row: 'flex', underline: 'solid' })
        await page.getByTestId('drivers-chart').locator('canvas').waitFor()
        const rows = page.getByTestId('drivers-row')
        await expect(rows.count()).resolves.toBe(3)
        const table = await page.getByTestId('drivers-table').innerText()
        expect(table).toMatch(/Pleasure/)
        expect(await page.getByTestId('drivers-summary').innerText()).toMatch(/n = 81 complete cases of 90/)
        // The weights: pleasure carries most of R², clarity (unrelated by construction) almost none.
        const share = async (name: string) => {
          const cells = await rows.filter({ hasText: name }).locator('td').allInnerTexts()
          return Number(cells[2]!.replace(/[^\d.]/g, ''))
        }
        const [pleasure, clarity] = [await share('Pleasure'), await share('Clarity')]
        expect(pleasure).toBeGreaterThan(60)
        expect(clarity).toBeLessThan(10)

        // Repurchase intent is an outcome too; these customers were never asked it.
        expect(
          await page.getByTestId('drivers-outcome').locator('option[value="repurchase"]').textContent(),
        ).toBe('Repurchase intent (would buy again)')
        await page.getByTestId('drivers-outcome').selectOption('repurchase')
        await expect
          .poll(() => page.getByTestId('drivers-section').innerText())
          .toMatch(/Too few customers answered both/)
        await page.getByTestId('drivers-outcome').selectOption('nps')
        await page.getByTestId('drivers-chart').locator('canvas').waitFor()

        await page.getByTestId('drivers-group-by').selectOption('org_unit')
        await page.getByTestId('drivers-quadrant').locator('canvas').waitFor()
        const commitment = page.getByTestId('profile-commitment-org_unit')
        const notice = await commitment.getByTestId('profile-held-notice').innerText()
        expect(notice).toContain('Held without attachment: South.')
        await expect(
          commitment
            .getByTestId('profile-row')
            .filter({ hasText: 'South' })
            .getByTestId('profile-held-warning')
            .count(),
        ).resolves.toBe(1)
        await expect(
          commitment
            .getByTestId('profile-row')
            .filter({ hasText: 'North' })
            .getByTestId('profile-held-warning')
            .count(),
        ).resolves.toBe(0)
      },
      { viewport: { width: 1280, height: 900 } },
    )
  },
  120_000,
)
