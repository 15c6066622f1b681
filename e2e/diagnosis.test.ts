import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../src/db/db.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { seedHandMadeCustomers } from '../src/feedback/diagnosis/test-diagnosis.js'
import { startServer } from '../src/server/server.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'
import { setUpOwner } from './set-up-owner.js'

// The loyalty diagnosis in a real browser, on the hand-made customers of test-diagnosis.ts (their quadrants
// worked out by hand): the matrix's counts and revenue, a cell clicked through to its customers, a customer's
// diagnosis on their page, and a threshold changed in the page's settings moving a customer between cells.

const hasChromium = chromiumAvailable('diagnosis')

let db: Db | undefined
let server: { url: string; close(): Promise<void> } | undefined
let browser: Browser | undefined
let workspaceId = ''
const owner = { email: 'owner@diagnosis.test', password: 'correct horse battery', name: 'Olena Owner' }

beforeAll(async () => {
  if (!hasChromium) return
  assertWebBuilt()
  db = await pgliteTestDb()
  server = await startServer({ db, port: 0, host: '127.0.0.1', jobs: false })
  browser = await launchChromium()
  workspaceId = (await setUpOwner(server.url, owner)).workspaces[0]!.id
  await seedHandMadeCustomers(db, workspaceId)
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await db?.close()
})

test.skipIf(!hasChromium)(
  'the matrix shows counts and revenue per quadrant; a cell lists its customers; a customer page shows the diagnosis',
  async () => {
    const url = server!.url
    await withPage(
      browser!,
      'diagnosis',
      async (page) => {
        await page.request.post(`${url}/api/v1/auth/login`, { data: owner })
        await page.goto(`${url}/w/${workspaceId}/feedback/diagnosis`)
        await page.getByTestId('diagnosis-matrix').waitFor()
        expect(await page.getByTestId('understanding-tab-diagnosis').getAttribute('class')).toContain(
          'active',
        )
        // By hand: true loyalty A 500 + F 250 + K 100; unknown H 900 + I + L.
        const trueCell = page.getByTestId('diagnosis-cell-true_loyalty')
        expect(await trueCell.textContent()).toContain('True loyalty')
        expect(await trueCell.textContent()).toContain('850.00')
        expect(await trueCell.locator('.count').textContent()).toBe('3')
        expect(await page.getByTestId('diagnosis-cell-unknown').locator('.count').textContent()).toBe('3')
        expect(
          await page.getByTestId('diagnosis-cell-spurious_loyalty').locator('.count').textContent(),
        ).toBe('2')

        await page.getByTestId('diagnosis-cell-spurious_loyalty').click()
        await page.waitForURL(/\/feedback\/diagnosis\?quadrant=spurious_loyalty$/)
        await expect
          .poll(() => page.getByTestId('diagnosis-customers-title').textContent())
          .toBe('Customers: Spurious loyalty')
        await expect.poll(() => page.getByTestId('diagnosis-customer-row').count()).toBe(2)
        const rows = await page.getByTestId('diagnosis-customers-table').textContent()
        expect(rows).toContain('Boris Spurious')
        expect(rows).toContain('NPS 8 · medium, counted as low')

        await page.getByRole('link', { name: 'B', exact: true }).click()
        await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/)
        await page.getByTestId('customer-diagnosis-quadrant').waitFor()
        expect(await page.getByTestId('customer-diagnosis-quadrant').textContent()).toBe('Spurious loyalty')
        expect(await page.getByTestId('customer-diagnosis-attitude').textContent()).toBe('NPS 2 · low')
        expect(await page.getByTestId('customer-diagnosis-patronage').textContent()).toContain(
          'high · R 4 F 4',
        )

        // Medium counted as high: Ewa (a frequent passive) moves from spurious to true loyalty.
        await page.getByTestId('customer-diagnosis-quadrant').click()
        await page.getByTestId('diagnosis-setting-mediumAttitude').selectOption('high')
        await page.getByTestId('diagnosis-settings-save').click()
        await expect.poll(() => trueCell.locator('.count').textContent()).toBe('4')
        expect(
          await page.getByTestId('diagnosis-cell-spurious_loyalty').locator('.count').textContent(),
        ).toBe('1')
      },
      { locale: 'en-US', timezoneId: 'UTC', timeout: 15_000 },
    )
  },
)
