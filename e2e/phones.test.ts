import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../src/db/db.js'
import { sql } from '../src/db/sql.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { loadDemo } from '../src/demo/load-demo.js'
import { startServer } from '../src/server/server.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'
import { phoneArtifacts as artifacts, fitsThePhone, phone, seriousViolations } from './phone-checks.js'
import { setUpOwner } from './set-up-owner.js'

// Every dashboard page and the public survey page on a 390×844 phone, on the demo shop: nothing wider than the
// screen (screenshots kept in test-artifacts/phones/), and axe-core finds no serious or critical violation.

const hasChromium = chromiumAvailable('phones')
let db: Db | undefined
let server: { url: string; close(): Promise<void> } | undefined
let browser: Browser | undefined
let workspaceId = ''
const owner = { email: 'owner@phone.test', password: 'correct horse battery' }

beforeAll(async () => {
  if (!hasChromium) return
  assertWebBuilt()
  assertWebBuilt('survey.html')
  mkdirSync(artifacts, { recursive: true })
  db = await pgliteTestDb()
  server = await startServer({ db, port: 0, host: '127.0.0.1', jobs: false })
  browser = await launchChromium()
  await setUpOwner(server.url, { ...owner, organizationName: 'Demo', workspaceName: 'Demo shop' })
  const [ws] = await db.query<{ id: string }>(sql`select id from workspaces`)
  workspaceId = ws!.id
  await loadDemo(db, workspaceId, { customers: 300, seed: 5 })
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await db?.close()
})

async function logIn(page: Page): Promise<void> {
  const login = await page.request.post(`${server!.url}/api/v1/auth/login`, { data: owner })
  expect(login.status()).toBe(200)
}

/**
 * Counts the page's requests in flight; settled() resolves once none has been for `quietMs`. Playwright's
 * networkidle waits for 500 ms without a request: 21 pages × half a second of nothing done.
 */
function trackRequests(page: Page, quietMs = 150): { settled(): Promise<void> } {
  let inFlight = 0
  let changed = Date.now()
  const done = () => {
    inFlight--
    changed = Date.now()
  }
  page.on('request', () => {
    inFlight++
    changed = Date.now()
  })
  page.on('requestfinished', done)
  page.on('requestfailed', done)
  return {
    async settled() {
      while (inFlight > 0 || Date.now() - changed < quietMs) await new Promise((r) => setTimeout(r, 25))
      // And what the last answer rendered is painted.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
    },
  }
}

test.skipIf(!hasChromium)(
  'every dashboard page fits a 390 px phone; the main ones have no serious axe violation',
  async () => {
    const url = server!.url
    const [customer] = await db!.query<{ id: string }>(
      sql`select id from customers where workspace_id = ${workspaceId} order by external_id limit 1`,
    )
    const [survey] = await db!.query<{ id: string }>(
      sql`select id from surveys where workspace_id = ${workspaceId} and template = 'transactional_nps'`,
    )
    const [member] = await db!.query<{ customerId: string }>(
      sql`select customer_id as "customerId" from loyalty_members where workspace_id = ${workspaceId} limit 1`,
    )
    const [journey] = await db!.query<{ id: string }>(
      sql`select id from journeys where workspace_id = ${workspaceId} order by created_at limit 1`,
    )
    const journeyId = journey!.id
    const pages: [string, string, boolean][] = [
      ['customers', 'customers', true],
      ['customer', `customers/${customer!.id}`, true],
      ['segments', 'segments', true],
      ['segment-customers', 'segments/customers', false],
      ['forecasts', 'forecasts', false],
      ['surveys', 'surveys', true],
      ['responses', 'surveys/responses', true],
      ['distribution', 'surveys/distribution', false],
      ['builder', `surveys/${survey!.id}`, true],
      ['insights', 'insights', true],
      ['drivers', 'feedback', true],
      ['diagnosis', 'feedback/diagnosis', true],
      ['themes', 'feedback/themes?theme=delivery', true],
      ['journeys', 'journeys', true],
      ['journey-map', `journeys/${journeyId}`, true],
      ['journey-paths', `journeys/${journeyId}/paths`, true],
      ['journey-editor', `journeys/${journeyId}/edit`, true],
      ['cases', 'cases', false],
      ['changes', 'cases/changes', true],
      ['outreach', 'cases/outreach', true],
      ['webhooks', 'cases/webhooks', true],
      ['loyalty', 'loyalty', true],
      ['loyalty-members', 'loyalty/members', true],
      ['loyalty-ledger', `loyalty/members/${member!.customerId}`, true],
      ['loyalty-thanks', 'loyalty/thanks', true],
      ['loyalty-settings', 'loyalty/settings', true],
      ['settings', 'settings', false],
      ['settings-audit', 'settings/audit', true],
    ]
    await withPage(
      browser!,
      'phones',
      async (page) => {
        await logIn(page)
        const requests = trackRequests(page)
        const violations: string[] = []
        for (const [name, path, checkAxe] of pages) {
          await page.goto(`${url}/w/${workspaceId}/${path}`)
          await page.getByTestId('dashboard').waitFor()
          await requests.settled()
          await fitsThePhone(page, name)
          if (checkAxe) violations.push(...(await seriousViolations(page)).map((v) => `${name} ${v}`))
        }
        // The navigation is a drawer: closed, it covers nothing; opened, it lists the sections.
        await page.goto(`${url}/w/${workspaceId}/customers`)
        await expect(page.getByTestId('nav-segments').isVisible()).resolves.toBe(false)
        await page.getByTestId('nav-toggle').click()
        await page.getByTestId('nav-segments').click()
        await page.waitForURL(/\/segments$/)
        await page.getByTestId('nav-segments').waitFor({ state: 'hidden' })
        expect(violations).toEqual([])
      },
      { ...phone, timeout: 20_000 },
    )
  },
  300_000,
)

test.skipIf(!hasChromium)(
  'the public survey page fits a phone in page and conversation mode, with no serious axe violation',
  async () => {
    const [survey] = await db!.query<{ slug: string }>(
      sql`select slug from surveys where workspace_id = ${workspaceId} and template = 'transactional_nps'`,
    )
    const violations: string[] = []
    for (const [name, query] of [
      ['survey-page', ''],
      ['survey-page-uk', '?lang=uk'],
      ['survey-conversation', '?mode=conversation'],
      ['survey-scored', '?score=3'],
    ] as const) {
      await withPage(
        browser!,
        name,
        async (page) => {
          await page.goto(`${server!.url}/s/${survey!.slug}${query}`)
          await page.locator('[role="radiogroup"], textarea').first().waitFor()
          await fitsThePhone(page, name)
          // The 0–10 scale sits on one row: every button at the same height.
          const tops = await page.$$eval(
            '[role="radiogroup"] button, [role="radiogroup"] [role="radio"]',
            (els) => els.map((e) => Math.round(e.getBoundingClientRect().top)),
          )
          if (tops.length === 11) expect(new Set(tops).size, `${name}: the NPS scale wraps`).toBe(1)
          violations.push(...(await seriousViolations(page)).map((v) => `${name} ${v}`))
        },
        phone,
      )
    }
    expect(violations).toEqual([])
  },
  120_000,
)
