import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../src/db/db.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { loadDemo } from '../src/demo/load-demo.js'
import { insertSteadyShop, steadyStart } from '../src/forecasts/test-steady-shop.js'
import { startServer } from '../src/server/server.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'
import { setUpOwner } from './set-up-owner.js'

// The forecasts page in a real browser, on the seeded demo shop after a fit.

const hasChromium = chromiumAvailable('forecasts')

let db: Db | undefined
let server: { url: string; close(): Promise<void> } | undefined
let browser: Browser | undefined

beforeAll(async () => {
  if (!hasChromium) return
  assertWebBuilt()
  db = await pgliteTestDb()
  server = await startServer({ db, port: 0, host: '127.0.0.1' })
  browser = await launchChromium()
  await setUpOwner(server.url, { ...owner, organizationName: 'Demo', workspaceName: 'Demo shop' })
})

const owner = { email: 'owner@demo.test', password: 'correct horse battery' }

/** Logs the page's context in as the owner. */
async function logIn(page: Page): Promise<{ csrfToken: string; workspaces: { id: string }[] }> {
  const login = await page.request.post(`${server!.url}/api/v1/auth/login`, { data: owner })
  expect(login.status()).toBe(200)
  return (await login.json()) as { csrfToken: string; workspaces: { id: string }[] }
}

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await db?.close()
})

test.skipIf(!hasChromium)(
  'after a fit on demo data: explanation, parameters, charts, revenue at risk, customer panel',
  async () => {
    const url = server!.url
    await withPage(
      browser!,
      'forecasts',
      async (page) => {
        const { csrfToken, workspaces } = await logIn(page)
        const workspaceId = workspaces[0]!.id
        // The forecasts read orders only: the demo's surveys, cases, events and loyalty program are left out.
        await loadDemo(db!, workspaceId, { customers: 400, seed: 5, parts: [] })
        const fit = await page.request.post(`${url}/api/v1/workspaces/${workspaceId}/forecasts/fit`, {
          headers: { 'x-csrf-token': csrfToken },
          data: {},
        })
        expect(fit.status()).toBe(201)
        expect(((await fit.json()) as { status: string }).status).toBe('fitted')

        await page.goto(`${url}/w/${workspaceId}/customers`)
        await page.getByTestId('nav-forecasts').click()
        await page.waitForURL(/\/forecasts$/)
        await page.getByTestId('forecast-explanation').waitFor()
        expect(await page.getByTestId('forecast-explanation').textContent()).toMatch(
          /fits these \d+ customers best/,
        )
        expect(await page.getByTestId('forecast-bgnbd').textContent()).toMatch(/r \d/)
        expect(await page.getByTestId('forecast-pareto').textContent()).toMatch(/β \d/)
        // ECharts draws on a canvas inside each chart.
        await page.getByTestId('forecast-tracking-chart').locator('canvas').waitFor()
        await page.getByTestId('forecast-frequency-chart').locator('canvas').waitFor()
        await page.getByTestId('at-risk-row').first().waitFor()
        expect(await page.getByTestId('at-risk-range').textContent()).toMatch(/^1–\d+ of \d+/)
        expect(await page.getByTestId('at-risk-csv').getAttribute('href')).toContain('/forecasts/at-risk.csv')
        // Sorting on the server by P(alive), lowest first on the second click, goes back to the first page.
        await page.getByTestId('at-risk-next').click()
        await expect.poll(() => page.getByTestId('at-risk-range').textContent()).toMatch(/^26–/)
        await page.locator('[data-sort-column="p_alive"]').click()
        await page.locator('[data-sort-column="p_alive"]').click()
        await expect.poll(() => page.getByTestId('at-risk-range').textContent()).toMatch(/^1–/)
        expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('P(alive)')
        const pAlive = async () =>
          (await page.getByTestId('at-risk-row').locator('td:nth-child(4)').allTextContents()).map((v) =>
            Number.parseInt(v, 10),
          )
        await expect
          .poll(async () => {
            const values = await pAlive()
            return values.length > 1 && values.every((v, i) => i === 0 || values[i - 1]! <= v)
          })
          .toBe(true)
        expect(await page.getByTestId('at-risk-csv').getAttribute('href')).toContain('sort=p_alive&dir=asc')

        // Fitting again from the page updates the date line.
        await page.getByTestId('forecast-fit').click()
        await page.waitForFunction(
          () => !document.querySelector('[data-testid="forecast-fit"]')?.hasAttribute('disabled'),
        )
        await page.getByTestId('forecast-explanation').waitFor()

        await page.getByTestId('at-risk-row').first().locator('a').click()
        await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/)
        await page.getByTestId('customer-forecast-p-alive').waitFor()
        expect(await page.getByTestId('customer-forecast-p-alive').textContent()).toMatch(/^\d+%$/)
        expect(await page.getByTestId('customer-forecast').textContent()).toContain(
          'Expected purchases, next 90 days',
        )
      },
      { locale: 'en-US', timezoneId: 'UTC', timeout: 15_000 },
    )
  },
)

test.skipIf(!hasChromium)(
  'a young shop where Pareto/NBD cannot be fitted: the page says so and shows why',
  async () => {
    const url = server!.url
    await withPage(
      browser!,
      'forecasts',
      async (page) => {
        const { csrfToken } = await logIn(page)
        const headers = { 'x-csrf-token': csrfToken }
        const created = await page.request.post(`${url}/api/v1/workspaces`, {
          headers,
          data: { name: 'Young shop' },
        })
        const workspaceId = ((await created.json()) as { id: string }).id
        await insertSteadyShop(db!, workspaceId, steadyStart + 638)
        const fit = await page.request.post(`${url}/api/v1/workspaces/${workspaceId}/forecasts/fit`, {
          headers,
          data: {},
        })
        expect(((await fit.json()) as { status: string }).status).toBe('fitted')

        await page.goto(`${url}/w/${workspaceId}/forecasts`)
        await page.getByTestId('forecast-explanation').waitFor()
        expect(await page.getByTestId('forecast-explanation').textContent()).toMatch(
          /BG\/NBD is the only model that could be fitted to these [\d,]+ customers/,
        )
        expect(await page.getByTestId('forecast-bgnbd').textContent()).toMatch(/^BG\/NBD \(chosen\)r \d/)
        expect(await page.getByTestId('forecast-pareto').textContent()).toBe('Pareto/NBDnot fitted—')
        expect(await page.getByTestId('forecast-parameters').textContent()).toContain(
          'not needed: every transaction is worth €10.00',
        )
        expect(await page.getByTestId('forecast-explanation').textContent()).toContain(
          'A transaction is worth €10.00 on average.',
        )
        expect(await page.getByTestId('forecast-warnings').textContent()).toMatch(
          /the Pareto\/NBD model cannot be fitted: .*the predictions use BG\/NBD alone/,
        )
      },
      { locale: 'en-US', timezoneId: 'UTC', timeout: 15_000 },
    )
  },
)
