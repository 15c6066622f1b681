import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../src/db/db.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { startServer } from '../src/http/server.js'
import { createTestSurvey } from '../src/insights/insight-fixture.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'

// The insights overview in a real browser, on answers imported through the API.

const hasChromium = chromiumAvailable('insights')

let db: Db | undefined
let server: { url: string; close(): Promise<void> } | undefined
let browser: Browser | undefined

const owner = { email: 'owner@insights.test', password: 'correct horse battery' }

beforeAll(async () => {
  if (!hasChromium) return
  assertWebBuilt()
  db = await pgliteTestDb()
  server = await startServer({ db, port: 0, host: '127.0.0.1' })
  browser = await launchChromium()
  const setup = await fetch(`${server.url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...owner,
      organizationName: 'Shop',
      workspaceName: 'Shop',
      name: 'Owner',
      demo: false,
    }),
  })
  expect(setup.status).toBe(201)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await db?.close()
})

/** A history CSV: `count` answers of one NPS score at one touchpoint and time. */
function rows(prefix: string, touchpoint: string, at: string, score: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i},C-1,${at},${touchpoint},${score}`)
}

test.skipIf(!hasChromium)(
  'the overview shows the imported NPS per kind, its interval, the trend and the touchpoints',
  async () => {
    const url = server!.url
    await withPage(
      browser!,
      'insights',
      async (page) => {
        const login = await page.request.post(`${url}/api/v1/auth/login`, { data: owner })
        const { csrfToken, workspaces } = (await login.json()) as {
          csrfToken: string
          workspaces: { id: string }[]
        }
        const workspaceId = workspaces[0]!.id
        const delivery = await createTestSurvey(db!, workspaceId, 'delivery')
        const brand = await createTestSurvey(db!, workspaceId, 'brand', 'relational')
        const importCsv = async (surveyId: string, lines: string[]) => {
          const response = await page.request.post(
            `${url}/api/v1/workspaces/${workspaceId}/ingest/responses?survey=${surveyId}`,
            {
              headers: { 'x-csrf-token': csrfToken, 'content-type': 'text/csv' },
              data: ['response_id,customer_id,answered_at,touchpoint,nps', ...lines].join('\n'),
            },
          )
          expect(response.status()).toBe(200)
        }
        // Delivery: 18 promoters, 6 passives, 6 detractors in January → NPS 40 from 30 answers.
        await importCsv(delivery.id, [
          ...rows('p', 'delivery', '2026-01-10', 10, 18),
          ...rows('n', 'delivery', '2026-01-11', 7, 6),
          ...rows('d', 'delivery', '2026-01-12', 3, 6),
          ...rows('s', 'store', '2026-02-12', 9, 2),
        ])
        await importCsv(brand.id, rows('b', 'brand', '2026-01-15', 0, 3))

        await page.goto(`${url}/w/${workspaceId}/customers`)
        await page.getByTestId('nav-insights').click()
        await page.waitForURL(/\/insights$/)
        const transactional = page.getByTestId('insight-headline-nps-transactional-value')
        await page.waitForFunction(
          () =>
            document.querySelector('[data-testid="insight-headline-nps-transactional-value"]')
              ?.textContent !== '—',
        )
        // 20 promoters and 6 detractors of 32 answers: (20 − 6)/32 = 43.75.
        expect(await transactional.textContent()).toBe('43.8')
        expect(await page.getByTestId('insight-headline-nps-relational-value').textContent()).toBe('-100.0')
        expect(await page.getByTestId('insight-headline-nps-transactional-interval').textContent()).toMatch(
          /^95 % interval \d+\.\d – \d+\.\d$/,
        )
        await page.getByTestId('insight-trend-chart').locator('canvas').waitFor()
        await page.getByTestId('insight-touchpoint-row').first().waitFor()
        const table = await page.getByTestId('insight-touchpoints').textContent()
        expect(table).toContain('delivery40.0')
        expect(table).toContain('store100.0')
        // Two answers are below the minimum n: the row is greyed, with its interval.
        expect(await page.getByTestId('insight-touchpoint-row').nth(1).getAttribute('class')).toBe('muted')
        expect(await page.getByTestId('insight-touchpoints-csv').getAttribute('href')).toContain(
          '/insights/metrics.csv?metric=nps&npsKind=transactional&by=touchpoint',
        )
      },
      { locale: 'en-US', timezoneId: 'UTC', timeout: 15_000 },
    )
  },
)
