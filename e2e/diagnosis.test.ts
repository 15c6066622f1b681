import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../src/db/db.js'
import { sql } from '../src/db/sql.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { seedHandMadeCustomers } from '../src/feedback/diagnosis/test-diagnosis.js'
import { startServer } from '../src/server/server.js'
import { commitmentTemplate, sixForcesTemplate } from '../src/surveys/templates/battery-templates.js'
import { templateSurvey } from '../src/surveys/test-survey.js'
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
  const { ids } = await seedHandMadeCustomers(db, workspaceId)
  await seedBorisProfiles(db, workspaceId, ids.B!)
}, 120_000)

// Boris (spurious loyalty by his NPS) also answered the two batteries: held by lack of choice, not attachment.
// His NPS still makes his attitude, so the matrix's hand-worked counts do not move.
async function seedBorisProfiles(db: Db, workspace: string, customerId: string) {
  for (const template of [commitmentTemplate, sixForcesTemplate]) {
    const survey = await templateSurvey(db, workspace, template, `${template.key} (profiles)`)
    const answers =
      template === commitmentTemplate
        ? {
            commitment: {
              affective_1: 2,
              affective_2: 2,
              affective_3: 3,
              economic_1: 5,
              forced_1: 6,
              forced_2: 6,
            },
          }
        : { forces: { pleasure_1: 2, clarity_1: 5, clarity_2: 6, fairness_1: 3 } }
    await db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, customer_id,
        language, channel, touchpoint, nps_kind, answers, completed_at)
      values (${workspace}, ${survey.id}, 1, ${`profile-${template.key}`}, ${customerId}, 'en', 'link',
        ${survey.touchpoint}, ${survey.npsKind}, ${JSON.stringify(answers)}::jsonb, '2026-03-01T10:00:00Z')`)
  }
}

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
        // His own profiles beside it. By hand: affective (2 + 2 + 3) / 3 = 2.3, forced 6, economic 5: held
        // without attachment; the forces as answered, clarity (5 + 6) / 2 = 5.5.
        const profiles = page.getByTestId('customer-profiles-panel')
        await profiles.getByTestId('customer-held-warning').waitFor()
        const row = (d: string) => profiles.getByTestId(`customer-profile-${d}`).textContent()
        expect(await row('affective')).toBe('Affective2.3')
        expect(await row('forced')).toBe('Forced6')
        expect(await row('economic')).toBe('Economic5')
        expect(await row('clarity')).toBe('Clarity5.5')
        expect(await row('pleasure')).toBe('Pleasure2')
        expect(await profiles.getByTestId('customer-profile-belonging').count()).toBe(0)

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
