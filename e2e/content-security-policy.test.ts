import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../src/db/db.js'
import { sql } from '../src/db/sql.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { startServer } from '../src/server/server.js'
import { createSurvey } from '../src/surveys/surveys.js'
import { npsDefinition } from '../src/surveys/test-survey.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'

// The Content-Security-Policy the server sends is one the real pages pass: the dashboard with its ECharts
// charts and the builder's preview frame, and the public survey page saving answers. Any violation, in any
// frame, fails the test.

const hasChromium = chromiumAvailable('content security policy')

let db: Db | undefined
let server: { url: string; close(): Promise<void> } | undefined
let browser: Browser | undefined

beforeAll(async () => {
  if (!hasChromium) return
  assertWebBuilt()
  assertWebBuilt('survey.html')
  db = await pgliteTestDb()
  server = await startServer({ db, port: 0, host: '127.0.0.1', jobs: false })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await db?.close()
})

/** Every CSP violation the page (or a frame in it) reports, and every console error that names the policy. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = []
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`),
    )
  })
  page.on('console', (message) => {
    if (message.type() === 'error' && /CSP violation|Content Security Policy/i.test(message.text()))
      violations.push(message.text())
  })
  return violations
}

async function post(page: Page, path: string, data: unknown, csrfToken?: string) {
  const response = await page.request.post(`${server!.url}${path}`, {
    headers: csrfToken ? { 'x-csrf-token': csrfToken } : {},
    data,
  })
  expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300)
  return response.json()
}

test.skipIf(!hasChromium)(
  'the dashboard, its charts and its survey preview raise no CSP violation',
  async () => {
    await withPage(
      browser!,
      'csp-dashboard',
      async (page) => {
        const violations = await watchViolations(page)
        const url = server!.url
        const { workspaces, csrfToken } = await post(page, '/api/v1/setup', {
          organizationName: 'CSP',
          workspaceName: 'CSP shop',
          name: 'Petra',
          email: 'petra@example.com',
          password: 'correct horse battery',
          demo: false,
        })
        const ws = workspaces[0].id as string
        const orders = [
          ['a', '2024-01-05', '10'],
          ['a', '2024-02-05', '10'],
          ['b', '2024-01-10', '20'],
          ['c', '2024-02-01', '100'],
        ].map(([customer_id, day, amount], i) => ({
          customer_id,
          order_id: `o${i}`,
          ordered_at: `${day}T10:00:00Z`,
          amount,
        }))
        await post(page, `/api/v1/workspaces/${ws}/ingest/orders`, { records: orders }, csrfToken)

        await page.goto(`${url}/w/${ws}/segments`)
        await page.getByTestId('segments-recompute').click()
        const heatMap = page.getByTestId('rf-heatmap')
        await heatMap.locator('canvas').first().waitFor()
        await heatMap.hover() // the tooltip is styled from script

        const survey = await post(page, `/api/v1/workspaces/${ws}/surveys`, { template: 'csat' }, csrfToken)
        await page.goto(`${url}/w/${ws}/surveys/${survey.id}`)
        const preview = page.frameLocator('[data-testid="builder-preview"]')
        await preview.locator('[data-testid^="question-"]').first().waitFor()
        expect(violations).toEqual([])
      },
      { locale: 'en-US', timeout: 20_000 },
    )
  },
)

test.skipIf(!hasChromium)(
  'the public survey page renders and saves answers with no CSP violation',
  async () => {
    const [ws] = await db!.query<{ id: string }>(sql`select id from workspaces limit 1`)
    const survey = await createSurvey(db!, ws!.id, {
      name: 'CSP survey',
      touchpoint: 'support',
      npsKind: 'transactional',
      definition: npsDefinition,
      status: 'active',
    })
    for (const mode of ['page', 'conversation']) {
      await withPage(
        browser!,
        `csp-survey-${mode}`,
        async (page) => {
          const violations = await watchViolations(page)
          await page.goto(`${server!.url}/s/${survey.slug}?mode=${mode}`)
          const saved = page.waitForResponse(
            (r) => r.url().endsWith('/responses') && r.request().method() === 'POST',
          )
          await page.getByTestId('score-nps-3').click()
          expect((await saved).status()).toBe(200)
          expect(violations).toEqual([])
        },
        { locale: 'en-US' },
      )
    }
  },
)
