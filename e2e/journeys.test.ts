import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../src/db/db.js'
import { sql } from '../src/db/sql.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { addCustomers, addEvents } from '../src/journeys/journey-fixture.js'
import { startServer } from '../src/server/server.js'
import { createSurvey } from '../src/surveys/surveys.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'
import { setUpOwner } from './set-up-owner.js'

// The journey editor and map in a real browser: a small journey built in the editor, a survey attached to one of
// its touchpoints, answers given through the public survey page, and the map's score and emotion curve following.

const hasChromium = chromiumAvailable('journeys')

let db: Db | undefined
let server: { url: string; close(): Promise<void> } | undefined
let browser: Browser | undefined
let workspaceId = ''
let survey: { id: string; slug: string }

const owner = { email: 'owner@journeys.test', password: 'correct horse battery' }

// One page, one NPS question: each answer is a single click and a submit.
const oneQuestion = {
  defaultLanguage: 'en',
  languages: ['en'],
  title: { en: 'Your parcel' },
  pages: [
    {
      id: 'score',
      questions: [{ id: 'nps', type: 'nps', text: { en: 'How likely are you to recommend us?' } }],
    },
  ],
  endings: [{ id: 'thanks', title: { en: 'Thank you!' } }],
}

beforeAll(async () => {
  if (!hasChromium) return
  assertWebBuilt()
  assertWebBuilt('survey.html')
  db = await pgliteTestDb()
  server = await startServer({ db, port: 0, host: '127.0.0.1', jobs: false })
  browser = await launchChromium()
  const me = await setUpOwner(server.url, owner)
  workspaceId = me.workspaces[0]!.id
  const created = await createSurvey(db, workspaceId, {
    name: 'After delivery',
    touchpoint: 'not_yet_placed',
    npsKind: 'transactional',
    definition: oneQuestion,
    status: 'active',
  })
  survey = { id: created.id, slug: created.slug }
  // Four customers place an order; three parcels arrive, after 10, 8 and 30 hours; the fourth never does.
  const c = await addCustomers(db, workspaceId, ['C-1', 'C-2', 'C-3', 'C-4'])
  await addEvents(db, workspaceId, [
    [c['C-1']!, 'order_placed', '2026-01-05T10:00:00Z'],
    [c['C-1']!, 'order_delivered', '2026-01-05T20:00:00Z'],
    [c['C-2']!, 'order_placed', '2026-01-06T10:00:00Z'],
    [c['C-2']!, 'order_delivered', '2026-01-06T18:00:00Z'],
    [c['C-3']!, 'order_placed', '2026-01-07T10:00:00Z'],
    [c['C-3']!, 'order_delivered', '2026-01-08T16:00:00Z'],
    [c['C-4']!, 'order_placed', '2026-01-08T10:00:00Z'],
  ])
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await db?.close()
})

/** Gives one NPS score through the anonymous link, in a browser context of its own (a different visitor). */
async function answer(score: number): Promise<void> {
  await withPage(browser!, `journeys-answer-${score}`, async (page) => {
    await page.goto(`${server!.url}/s/${survey.slug}`)
    await page.getByTestId(`score-nps-${score}`).click()
    await page.getByTestId('submit').click()
    await page.getByTestId('ending').waitFor()
  })
}

/** The text of the map's emotion table row of a stage: its measured value. */
async function measuredOf(page: Page, stage: string): Promise<string> {
  const row = page.getByTestId('journey-emotion-row').filter({ hasText: stage })
  return (await row.getByTestId('journey-emotion-measured').textContent()) ?? ''
}

test.skipIf(!hasChromium)(
  'a journey built in the editor, a survey attached, answers given: the map shows the score and the curve move',
  async () => {
    const url = server!.url
    await withPage(
      browser!,
      'journeys',
      async (page) => {
        const login = await page.request.post(`${url}/api/v1/auth/login`, { data: owner })
        expect(login.status()).toBe(200)
        await page.goto(`${url}/w/${workspaceId}/customers`)
        await page.getByTestId('nav-journeys').click()
        await page.getByTestId('journeys-empty').waitFor()

        // A new journey opens in the editor.
        await page.getByTestId('journey-new-name').fill('Parcel journey')
        await page.getByTestId('journey-create').click()
        await page.waitForURL(/\/journeys\/[0-9a-f-]{36}\/edit$/)
        const journeyId = /\/journeys\/([0-9a-f-]{36})\/edit$/.exec(page.url())![1]!
        for (const stage of ['Purchase', 'Delivery']) {
          await page.getByTestId('journey-new-stage').fill(stage)
          await page.getByTestId('journey-add-stage').click()
        }
        const stages = page.getByTestId('editor-stage')
        await expect.poll(() => stages.count()).toBe(2)

        // Checkout in Purchase.
        await stages.nth(0).getByTestId('stage-add-touchpoint').click()
        await page.getByTestId('tp-name').fill('Checkout')
        await page.getByTestId('tp-channel').fill('web')
        await page.getByTestId('tp-event-types').fill('order_placed')
        await page.getByTestId('tp-emotion').selectOption('1')

        // The parcel is added to Purchase by mistake and moved to Delivery with the keyboard's button.
        await stages.nth(0).getByTestId('stage-add-touchpoint').click()
        await page.getByTestId('tp-name').fill('Parcel arrives')
        await page.getByTestId('tp-channel').fill('delivery')
        await page.getByTestId('tp-event-types').fill('order_delivered')
        await page.getByTestId('tp-emotion').selectOption('2')
        await page.getByTestId('tp-thought').fill('That was quick')
        await page.getByTestId('tp-add-promise').click()
        await page.getByTestId('promise-0-name').fill('Delivered within a day')
        await page.getByTestId('promise-0-start').fill('order_placed')
        await page.getByTestId('promise-0-end').fill('order_delivered')
        await page.getByTestId('promise-0-unit').selectOption('hours')
        await page.getByTestId('promise-0-limit').fill('24')
        const parcel = stages.nth(0).getByTestId('editor-touchpoint').filter({ hasText: 'Parcel arrives' })
        await parcel.getByTestId('tp-move-right').focus()
        await page.keyboard.press('Enter')
        await expect
          .poll(() => stages.nth(1).getByTestId('editor-touchpoint').allTextContents())
          .toEqual([expect.stringContaining('Parcel arrives')])
        // Drag and drop does the same: Checkout dropped on the parcel goes before it, then back to Purchase.
        const checkout = page.getByTestId('editor-touchpoint').filter({ hasText: 'Checkout' })
        await checkout.dragTo(stages.nth(1).getByTestId('editor-touchpoint').first())
        await expect
          .poll(() => stages.nth(1).getByTestId('editor-touchpoint-select').allTextContents())
          .toEqual([expect.stringContaining('Checkout'), expect.stringContaining('Parcel arrives')])
        await checkout.dragTo(stages.nth(0))
        await expect.poll(() => stages.nth(0).getByTestId('editor-touchpoint').count()).toBe(1)
        await page.getByTestId('journey-save').click()
        await expect.poll(() => page.getByTestId('journey-save-status').textContent()).toBe('Saved.')

        // What was saved, read from the database (not from the page).
        const saved = await db!.query<{
          stage: string
          name: string
          key: string
          emotion: number | null
        }>(sql`
          select s.name as stage, t.name, t.key, t.intended_emotion as emotion
          from touchpoints t join journey_stages s on s.id = t.stage_id
          where s.journey_id = ${journeyId} order by s.position, t.position`)
        expect(saved.map((r) => [r.stage, r.name, r.emotion])).toEqual([
          ['Purchase', 'Checkout', 1],
          ['Delivery', 'Parcel arrives', 2],
        ])
        const key = saved[1]!.key
        const [promise] = await db!.query<{ limitMinutes: number }>(sql`
          select limit_minutes as "limitMinutes" from journey_promises p join touchpoints t on t.id = p.touchpoint_id
          where t.key = ${key}`)
        expect(promise?.limitMinutes).toBe(24 * 60)

        // Attach the survey to the parcel's touchpoint.
        await stages.nth(1).getByTestId('editor-touchpoint-select').click()
        expect(await page.getByTestId('tp-key').textContent()).toBe(key)
        await page.getByTestId('tp-survey-select').selectOption(survey.id)
        await page.getByTestId('tp-survey-attach').click()
        await page.getByTestId('tp-surveys').getByText('After delivery').waitFor()
        const [attached] = await db!.query<{ touchpoint: string }>(
          sql`select touchpoint from surveys where id = ${survey.id}`,
        )
        expect(attached?.touchpoint).toBe(key)

        // The map before any answer: no score, nothing measured.
        await page.getByTestId('journey-tab-map').click()
        const card = page.getByTestId(`journey-touchpoint-${key}`)
        await card.waitFor()
        await page.getByTestId('journey-emotion-chart').locator('canvas').waitFor()
        expect(await card.getByTestId('tp-score-nps').count()).toBe(0)
        expect(await measuredOf(page, 'Delivery')).toBe('—')
        expect(await card.getByTestId('tp-promise').textContent()).toContain('Delivered within a day')
        // Hand-worked: kept 2 (10 h, 8 h), broken 2 (30 h, and the parcel that never came) → 50.0 %.
        expect(await card.getByTestId('tp-promise-kept').textContent()).toBe('50.0 %')
        expect(await card.getByTestId('tp-volume').textContent()).toBe('3 events · 3 customers')

        // Three customers answer through the public page: 10, 10 and 5.
        for (const score of [10, 10, 5]) await answer(score)

        await page.reload()
        await card.getByTestId('tp-score-nps').waitFor()
        // Hand-worked: 2 promoters, 1 detractor of 3 → NPS (2 − 1) / 3 = 33.3. Measured emotion is the net
        // sentiment 2 × (2/3 − 1/3) = +0.67 on −2…+2 (NPS / 50); intended +2, gap −1.3.
        expect(await card.getByTestId('tp-score-nps').textContent()).toMatch(/^33\.3 /)
        expect(await measuredOf(page, 'Delivery')).toBe('+0.7')
        expect(await measuredOf(page, 'Purchase')).toBe('—')
        expect(await card.getByTestId('tp-emotion').textContent()).toBe(
          'intended +2.0, measured +0.7 (Gap -1.3)',
        )

        // The touchpoint table as CSV: what the table shows.
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByTestId('journey-csv').click(),
        ])
        const csv = readFileSync((await download.path())!, 'utf8').split('\r\n')
        expect(csv[0]).toContain('stage,touchpoint,key,channel,owner,volume,customers,nps')
        expect(csv[2]).toMatch(new RegExp(`^Delivery,Parcel arrives,${key},delivery,,3,3,33\\.3`))

        // The Mermaid export carries the measured score: +0.67 + 3 → 4 on Mermaid's 1–5.
        const mermaid = await page.request.get(
          `${url}${await page.getByTestId('journey-export-mermaid').getAttribute('href')}`,
        )
        expect(await mermaid.text()).toContain('Parcel arrives: 4: delivery')

        // The paths: four customers checked out, three of them then got the parcel (hand-worked).
        await page.getByTestId('journey-tab-paths').click()
        await page.getByTestId('journey-sankey').locator('canvas').waitFor()
        const rows = (id: string) =>
          page
            .getByTestId(id)
            .locator('tbody tr')
            .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)))
        expect(await rows('journey-top-paths')).toEqual([
          ['Checkout → Parcel arrives', '3', '75.0 %'],
          ['Checkout', '1', '25.0 %'],
        ])
        // Step 1 reached by 4, one ends there; step 2 reached by 3, all end there.
        expect(await rows('journey-dropoff')).toEqual([
          ['1', '4', '1', '25.0 %'],
          ['2', '3', '3', '100.0 %'],
        ])
        // Purchase → Delivery after 10, 8 and 30 hours: median 10 hours.
        expect((await rows('journey-stage-times'))[0]?.slice(0, 4)).toEqual([
          'Purchase',
          'Delivery',
          '3',
          '10.0',
        ])

        // Exchange: the JSON export pasted back in makes a journey of the same stages and touchpoints; Mermaid
        // text pasted in makes one of its sections and tasks.
        const json = await (
          await page.request.get(
            `${url}${await page.getByTestId('journey-export-json').getAttribute('href')}`,
          )
        ).json()
        await page.getByTestId('journey-tab-map').click()
        await page
          .getByRole('link', { name: /Journeys/ })
          .first()
          .click()
        await page.getByTestId('journey-import-format').selectOption('json')
        await page
          .getByTestId('journey-import-text')
          .fill(JSON.stringify({ ...(json as object), name: 'Parcel journey, copy' }))
        await page.getByTestId('journey-import').click()
        await page.waitForURL(/\/journeys\/[0-9a-f-]{36}$/)
        await expect.poll(() => page.getByTestId('journey-title').textContent()).toBe('Parcel journey, copy')
        expect(await page.locator('.journey-stage-title').allTextContents()).toEqual([
          '1 Purchase',
          '2 Delivery',
        ])
        // The same keys: the touchpoints moved to the copy, with the survey's answers still theirs.
        await page.getByTestId(`journey-touchpoint-${key}`).getByTestId('tp-score-nps').waitFor()

        await page
          .getByRole('link', { name: /Journeys/ })
          .first()
          .click()
        await page.getByTestId('journey-import-format').selectOption('mermaid')
        await page
          .getByTestId('journey-import-text')
          .fill(
            'journey\n  title Workshop draft\n  section Discover\n    See an ad: 3: social\n  section Buy\n    Pay: 4: web\n',
          )
        await page.getByTestId('journey-import').click()
        await page.waitForURL(/\/journeys\/[0-9a-f-]{36}$/)
        await expect.poll(() => page.getByTestId('journey-title').textContent()).toBe('Workshop draft')
        expect(await page.locator('.journey-stage-title').allTextContents()).toEqual(['1 Discover', '2 Buy'])
        expect(await page.locator('.journey-card-title').allTextContents()).toEqual(['See an ad', 'Pay'])
        await page
          .getByRole('link', { name: /Journeys/ })
          .first()
          .click()
        await expect.poll(() => page.getByTestId('journey-row').count()).toBe(3)

        // The workshop draft is deleted from its editor, after the confirmation.
        await page
          .getByTestId('journey-row')
          .filter({ hasText: 'Workshop draft' })
          .getByRole('link', { name: /Editor/ })
          .click()
        page.once('dialog', (dialog) => void dialog.accept())
        await page.getByTestId('journey-delete').click()
        await page.waitForURL(/\/journeys$/)
        await expect
          .poll(() => page.getByTestId('journey-row').allTextContents())
          .toEqual([
            expect.stringContaining('Parcel journey'),
            expect.stringContaining('Parcel journey, copy'),
          ])
      },
      { timeout: 15_000 },
    )
  },
  180_000,
)
