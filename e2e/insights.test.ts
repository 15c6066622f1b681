import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../src/db/db.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { createTestSurvey } from '../src/insights/insight-fixture.js'
import { startServer } from '../src/server/server.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'
import { setUpOwner } from './set-up-owner.js'

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
  await setUpOwner(server.url, owner)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await db?.close()
})

/** Waits until the element shows a number: the lazily loaded page first shows '—', then the value. */
async function valueShown(page: Page, testId: string): Promise<void> {
  await page.waitForFunction(
    (id) => /\d/.test(document.querySelector(`[data-testid="${id}"]`)?.textContent ?? ''),
    testId,
  )
}

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
        // The answers are of January and February 2026: the window is set to hold them.
        await page.goto(`${url}/w/${workspaceId}/insights?from=2026-01-01&to=2026-03-31`)
        const transactional = page.getByTestId('insight-headline-nps-transactional-value')
        await valueShown(page, 'insight-headline-nps-transactional-value')
        await valueShown(page, 'insight-headline-nps-relational-value')
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
          '/insights/metrics.csv?metric=nps&npsKind=transactional&by=touchpoint&from=2026-01-01&to=2026-03-31',
        )
        // Pain points, with their formula and CSV; delivery: 6 detractors of 30 answers.
        await page.getByTestId('insight-pain-point-row').first().waitFor()
        expect(await page.getByTestId('insight-pain-formula').textContent()).toContain(
          'negative share × answers',
        )
        const pain = await page.getByTestId('insight-pain-point-row').first().locator('td').allTextContents()
        expect(pain.slice(0, 1).concat(pain.slice(3, 4))).toEqual(['delivery', '30'])
        expect(await page.getByTestId('insight-pain-points-csv').getAttribute('href')).toContain(
          '/insights/pain-points.csv?from=2026-01-01&to=2026-03-31',
        )
        expect(await page.getByTestId('insight-silent-csv').getAttribute('href')).toContain(
          '/insights/silent-customers.csv?from=2026-01-01&to=2026-03-31',
        )
        expect(await page.getByTestId('insight-headline-csat-csv').getAttribute('href')).toContain(
          '/insights/metrics.csv?metric=csat&compare=previous&from=2026-01-01&to=2026-03-31',
        )
        // The group comparison reads the same engine: no customer is in a segment, one group of 32.
        await page.getByTestId('insight-compare').locator('tbody tr').first().waitFor()
        // Each group's value leads to the responses behind it; the comparison also reads CSAT (none here).
        expect(await page.getByTestId('insight-compare-responses').first().getAttribute('href')).toContain(
          '/surveys/responses?from=2026-01-01T00%3A00%3A00.000Z&to=2026-04-01T00%3A00%3A00.000Z',
        )
        await page.getByTestId('insight-compare-metric').selectOption('csat')
        await page.waitForFunction(() =>
          document.querySelector('[data-testid="insight-compare"] thead')?.textContent?.includes('CSAT'),
        )
        expect(await page.getByTestId('insight-compare-csv').getAttribute('href')).toContain('metric=csat')
        // Reach: the share of buyers heard from, and its CSV.
        await page.getByTestId('insight-reach-heard').waitFor()
        expect(await page.getByTestId('insight-reach-csv').getAttribute('href')).toContain(
          '/insights/reach.csv?from=2026-01-01&to=2026-03-31',
        )
        expect(
          await page.getByTestId('insight-headline-nps-transactional-responses').getAttribute('href'),
        ).toContain('/surveys/responses?from=2026-01-01T00%3A00%3A00.000Z&to=2026-04-01T00%3A00%3A00.000Z')
        // Click-through: the volume leads to the 30 delivery responses of the window.
        await page.getByTestId('insight-pain-point-volume').first().click()
        // The window goes as the instants its local days start and end (UTC here), as the list filters started_at.
        await page.waitForURL(
          /\/surveys\/responses\?touchpoint=delivery&from=2026-01-01T00%3A00%3A00\.000Z&to=2026-04-01T00%3A00%3A00\.000Z$/,
        )
        await page.getByTestId('filter-touchpoint').waitFor()
        await page.waitForFunction(
          () => document.querySelector('[data-testid="responses-total"]')?.textContent === '30',
        )
      },
      { locale: 'en-US', timezoneId: 'UTC', timeout: 15_000 },
    )
  },
)

test.skipIf(!hasChromium)(
  'a store manager limited to one org unit sees only their unit’s numbers',
  async () => {
    const url = server!.url
    const manager = { email: 'manager@insights.test', password: 'manager password 1' }
    let workspaceId = ''
    await withPage(browser!, 'insights-owner-setup', async (page) => {
      const login = await page.request.post(`${url}/api/v1/auth/login`, { data: owner })
      const { csrfToken } = (await login.json()) as { csrfToken: string }
      const headers = { 'x-csrf-token': csrfToken }
      const created = await page.request.post(`${url}/api/v1/workspaces`, {
        headers,
        data: { name: 'Stores' },
      })
      workspaceId = ((await created.json()) as { id: string }).id
      const api = `${url}/api/v1/workspaces/${workspaceId}`
      const kyiv = await page.request.post(`${api}/org-units`, {
        headers,
        data: { code: 'kyiv', name: 'Kyiv' },
      })
      await page.request.post(`${api}/org-units`, { headers, data: { code: 'lviv', name: 'Lviv' } })
      await page.request.post(`${api}/ingest/customers`, {
        headers,
        data: {
          records: [
            { customer_id: 'k', org_unit: 'kyiv' },
            { customer_id: 'l', org_unit: 'lviv' },
          ],
        },
      })
      const survey = await createTestSurvey(db!, workspaceId, 'checkout')
      const lines = ['response_id,customer_id,answered_at,nps']
      for (let i = 0; i < 4; i++) lines.push(`k${i},k,2026-05-0${i + 1},10`)
      for (let i = 0; i < 6; i++) lines.push(`l${i},l,2026-05-0${i + 1},0`)
      const imported = await page.request.post(`${api}/ingest/responses?survey=${survey.id}`, {
        headers: { ...headers, 'content-type': 'text/csv' },
        data: lines.join('\n'),
      })
      expect(imported.status()).toBe(200)
      const member = await page.request.post(`${api}/members`, {
        headers,
        data: {
          ...manager,
          name: 'Store manager',
          role: 'viewer',
          orgUnitId: ((await kyiv.json()) as { id: string }).id,
        },
      })
      expect(member.status()).toBe(201)
    })
    await withPage(
      browser!,
      'insights-manager',
      async (page) => {
        const login = await page.request.post(`${url}/api/v1/auth/login`, { data: manager })
        expect(login.status()).toBe(200)
        await page.goto(`${url}/w/${workspaceId}/insights?from=2026-05-01&to=2026-05-31`)
        await page.getByTestId('insight-touchpoint-row').first().waitFor()
        await valueShown(page, 'insight-headline-nps-transactional-value')
        // Kyiv's four promoters only; Lviv's six detractors are not the manager's to see.
        expect(await page.getByTestId('insight-headline-nps-transactional-value').textContent()).toBe('100.0')
        // Touchpoint, NPS, interval, answers, promoters, detractors.
        const cells = await page.getByTestId('insight-touchpoint-row').locator('td').allTextContents()
        expect(cells).toEqual(['checkout', '100.0', '100.0 – 100.0', '4', '4', '0'])
        // The touchpoint view: every metric per touchpoint, Kyiv's answers only.
        await page.getByTestId('insight-touchpoint-view-link').click()
        await page.waitForURL(/\/insights\/touchpoints\?from=2026-05-01&to=2026-05-31$/)
        await page.getByTestId('insight-touchpoint-view-row').first().waitFor()
        const rows = await page.getByTestId('insight-touchpoint-view-row').allTextContents()
        expect(rows).toHaveLength(1)
        expect(rows[0]).toMatch(/^checkout100\.0100\.0 – 100\.04 answers/)
        expect(await page.getByTestId('insight-touchpoint-view-csv').getAttribute('href')).toContain(
          '/insights/touchpoints.csv?from=2026-05-01&to=2026-05-31',
        )
      },
      { locale: 'en-US', timezoneId: 'UTC', timeout: 15_000 },
    )
  },
)
