import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { loadConfig } from '../src/config.js'
import type { Db } from '../src/db/db.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { createWorker } from '../src/jobs/worker.js'
import { startServer } from '../src/server/server.js'
import { surveySegments } from '../src/server/survey-segments.js'
import { surveyDeliveryWork } from '../src/surveys/delivery-work.js'
import { startTestSmtp, type TestSmtp } from '../src/surveys/email/test-smtp.js'
import { scanEvents } from '../src/surveys/programs/scan-events.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'

// The distribution dashboard in a real browser: create an e-mail program, change the fatigue rules, see
// the program's funnel with the reason a customer was not invited, and that reason on the customer page.

const hasChromium = chromiumAvailable('distribution')

let db: Db | undefined
let smtp: TestSmtp | undefined
let server: { url: string; close(): Promise<void> } | undefined
let browser: Browser | undefined

beforeAll(async () => {
  if (!hasChromium) return
  assertWebBuilt()
  db = await pgliteTestDb()
  smtp = await startTestSmtp()
  // The test drives the worker itself (no 60-second wait for the trigger scan's safety lag).
  server = await startServer({ db, port: 0, host: '127.0.0.1', jobs: false })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await smtp?.close()
  await db?.close()
})

test.skipIf(!hasChromium)(
  'a program is created, its funnel shows who was invited and why others were not',
  async () => {
    const url = server!.url
    await withPage(
      browser!,
      'distribution',
      async (page) => {
        const setup = await page.request.post(`${url}/api/v1/setup`, {
          data: {
            organizationName: 'Acme',
            workspaceName: 'Shop',
            name: 'Owner',
            email: 'o@acme.test',
            password: 'correct horse battery',
            demo: false,
          },
        })
        const { workspaces, csrfToken } = (await setup.json()) as {
          workspaces: { id: string }[]
          csrfToken: string
        }
        const ws = workspaces[0]!.id
        const post = async (path: string, data: unknown) => {
          const response = await page.request.post(`${url}/api/v1/workspaces/${ws}${path}`, {
            headers: { 'x-csrf-token': csrfToken },
            data,
          })
          expect(response.status(), await response.text()).toBeLessThan(300)
          return response.json()
        }
        // No quiet hours: with the default 21:00–08:00 UTC a run at night would hold the e-mail until morning.
        const settings = await page.request.put(`${url}/api/v1/workspaces/${ws}/survey-delivery/settings`, {
          headers: { 'x-csrf-token': csrfToken },
          data: { quarantineDays: 30, maxPer90Days: 3, quietStart: 0, quietEnd: 0, timezone: 'UTC' },
        })
        expect(settings.status(), await settings.text()).toBe(200)
        const survey = (await post('/surveys', { template: 'ces' })) as { id: string }
        await page.request.put(`${url}/api/v1/workspaces/${ws}/surveys/${survey.id}`, {
          headers: { 'x-csrf-token': csrfToken },
          data: { status: 'active' },
        })
        await post('/ingest/customers', {
          records: [
            {
              customer_id: 'C-1',
              name: 'Olena',
              email: 'olena@example.com',
              language: 'uk',
              email_opt_in: true,
            },
            { customer_id: 'C-2', name: 'Jan', language: 'pl' },
          ],
        })

        await page.goto(`${url}/w/${ws}/surveys/distribution`)
        await page.getByTestId('settings-quarantineDays').fill('14')
        await page.getByTestId('settings-save').click()
        await expect
          .poll(
            async () =>
              (
                await page.request
                  .get(`${url}/api/v1/workspaces/${ws}/survey-delivery/settings`)
                  .then((r) => r.json())
              ).quarantineDays,
          )
          .toBe(14)

        await page.getByTestId('program-new').click()
        await page.getByTestId('program-name').fill('CES after support')
        await page.getByTestId('program-trigger').fill('ticket_closed')
        // Every score is at least 0: the bound is stored and lets everyone in.
        await page.getByTestId('program-engagement-min').fill('0')
        await page.getByTestId('program-save').click()
        await page.getByTestId('program-title').waitFor()
        expect(await page.getByTestId('program-title').textContent()).toBe('CES after support')
        const programs = (await page.request
          .get(`${url}/api/v1/workspaces/${ws}/survey-programs`)
          .then((r) => r.json())) as { items: { name: string; audience: { engagement?: object } }[] }
        expect(programs.items.find((p) => p.name === 'CES after support')?.audience.engagement).toEqual({
          min: 0,
        })
        const programUrl = page.url()

        await scanEvents(db!, 0)
        await post('/ingest/events', {
          records: ['C-1', 'C-2'].map((id) => ({
            customer_id: id,
            type: 'ticket_closed',
            occurred_at: new Date().toISOString(),
          })),
        })
        await scanEvents(db!, 0)
        const config = loadConfig({ SMTP_URL: smtp!.url })
        const work = surveyDeliveryWork({ config, baseUrl: url, segments: surveySegments })
        const worker = createWorker({ db: db!, handlers: work.handlers })
        await worker.tick()
        await smtp!.waitFor(1)

        await page.goto(programUrl)
        const funnel = page.getByTestId('funnel-table')
        await funnel.waitFor()
        expect((await funnel.locator('tr').allTextContents()).slice(0, 2)).toEqual(['Eligible2', 'Invited1'])
        expect(await page.getByTestId('suppressed-table').textContent()).toBe('No channel1')
        await page.locator('[data-testid="program-funnel"] canvas').waitFor()

        // In Ukrainian, on Jan's customer page: the invitation that was not sent, and why.
        await page.getByTestId('language-switcher').selectOption('uk')
        await page.getByTestId('program-title').waitFor()
        const customers = (await page.request
          .get(`${url}/api/v1/workspaces/${ws}/customers?q=Jan`)
          .then((r) => r.json())) as {
          items: { id: string }[]
        }
        await page.goto(`${url}/w/${ws}/customers/${customers.items[0]!.id}`)
        await page.getByTestId('suppressed-reason').waitFor()
        expect(await page.getByTestId('suppressed-reason').textContent()).toBe('Немає каналу')
      },
      { locale: 'en-US', timezoneId: 'UTC' },
    )
  },
)
