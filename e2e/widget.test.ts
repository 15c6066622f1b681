import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../src/access/workspaces.js'
import type { Db } from '../src/db/db.js'
import { sql } from '../src/db/sql.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { startServer } from '../src/server/server.js'
import { workspaceSurveySecret } from '../src/surveys/invitations.js'
import { newProgramSchema } from '../src/surveys/programs/program.js'
import { createProgram } from '../src/surveys/programs/programs.sql.js'
import { createSurvey } from '../src/surveys/surveys.js'
import { findTemplate } from '../src/surveys/templates.js'
import { signWidgetToken } from '../src/surveys/widget/widget-token.js'
import { buildWidget } from '../widget/build.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'

// The website widget in a real browser: a shop's page on another origin with one script tag; the shop's
// backend signs who the visitor is; a custom event asks the server, which decides; the survey is answered
// inside the widget in Ukrainian and in Polish; the quarantine then keeps the widget quiet.

const hasChromium = chromiumAvailable('widget')

let widgetFile: string
let db: Db | undefined
let rapport: { url: string; close(): Promise<void> } | undefined
let shop: Server | undefined
let shopUrl: string
let browser: Browser | undefined
let ws: string

beforeAll(async () => {
  widgetFile = await buildWidget()
  if (!hasChromium) return
  assertWebBuilt('survey.html')
  db = await pgliteTestDb()
  const org = await createOrganization(db, 'Acme')
  ws = (await createWorkspace(db, org.id, 'Shop')).id
  for (const [id, language] of [
    ['C-UK', 'uk'],
    ['C-PL', 'pl'],
    ['C-EN', 'en'],
    ['C-LV', 'lv'],
    ['C-LV-2', 'lv'],
  ])
    await db.query(sql`insert into customers (workspace_id, external_id, name, language)
      values (${ws}, ${id}, ${id}, ${language})`)
  const survey = await createSurvey(db, ws, {
    name: 'Checkout',
    touchpoint: 'checkout',
    npsKind: 'transactional',
    definition: findTemplate('transactional_nps')!.definition,
    status: 'active',
  })
  await createProgram(
    db,
    ws,
    newProgramSchema.parse({
      name: 'After checkout',
      surveyId: survey.id,
      channel: 'widget',
      widget: { on: 'event', event: 'checkout_done' },
    }),
  )
  for (const widget of [
    { on: 'page_view', pathContains: '/welcome' },
    { on: 'exit_intent', pathContains: '/leaving' },
  ])
    await createProgram(
      db,
      ws,
      newProgramSchema.parse({ name: widget.on, surveyId: survey.id, channel: 'widget', widget }),
    )
  rapport = await startServer({ db, port: 0, host: '127.0.0.1' })
  const secret = await workspaceSurveySecret(db, ws)
  // The shop: its own origin, its backend signs the logged-in customer, its page carries the script tag.
  shop = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop')
    const customer = url.searchParams.get('customer') ?? ''
    // lang= (empty) leaves data-lang out, as a site that does not know the visitor's language would.
    const lang = url.searchParams.get('lang') ?? 'en'
    const langAttribute = lang ? ` data-lang="${lang}"` : ''
    const token = signWidgetToken(secret, ws, customer, new Date(Date.now() + 3_600_000))
    res.setHeader('content-type', 'text/html; charset=utf-8')
    res.end(`<!doctype html><html><head><title>Shop</title></head><body><h1>Thank you for your order</h1>
<button id="done" onclick="Rapport.track('checkout_done')">Done</button>
<script src="${rapport!.url}/widget.js" data-workspace="${ws}" data-customer="${customer}" data-token="${token}"${langAttribute} async></script>
</body></html>`)
  })
  await new Promise<void>((resolve) => shop!.listen(0, '127.0.0.1', resolve))
  // Another site than the Rapport server (localhost, not 127.0.0.1): CORS applies, and the survey frame is a
  // third-party frame, denied storage by Chromium.
  shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => (shop ? shop.close(resolve) : resolve(undefined)))
  await rapport?.close()
  await db?.close()
})

test('widget.js stays under 12 KB gzipped', () => {
  const size = gzipSync(readFileSync(widgetFile)).length
  expect(size).toBeGreaterThan(500)
  expect(size).toBeLessThan(12 * 1024)
})

async function answerThroughWidget(page: Page, customer: string, lang: string) {
  await page.goto(`${shopUrl}/?customer=${customer}&lang=${lang}`)
  await page.waitForFunction(() => typeof (window as { Rapport?: unknown }).Rapport === 'object')
  // Nothing is shown before the shop fires its event.
  await page.waitForTimeout(300)
  expect(await page.locator('[data-rapport-widget]').count()).toBe(0)
  await page.click('#done')
  await page.locator('[data-rapport-widget]').waitFor()
  const frame = page.frameLocator('iframe[data-rapport-survey]')
  await frame.getByTestId('chat-question-nps').waitFor()
  const question = await frame.getByTestId('chat-question-nps').textContent()
  await frame.getByTestId('score-nps-10').click()
  await frame.getByTestId('chat-question-reason').waitFor()
  await frame
    .getByTestId('text-reason')
    .fill(lang === 'uk' ? 'Швидко і зручно' : lang === 'pl' ? 'Szybko i wygodnie' : 'Ātri un ērti')
  await frame.getByTestId('chat-send').click()
  await frame.getByTestId('ending').waitFor()
  return { question, title: await page.locator('[data-rapport-widget] strong').textContent() }
}

async function responseOf(customer: string) {
  const [row] = await db!.query<Record<string, unknown>>(sql`select r.answers, r.language, r.channel,
      r.completed_at is not null as completed
    from responses r join customers c on c.id = r.customer_id where c.external_id = ${customer}`)
  return row
}

test.skipIf(!hasChromium)('a customer answers through the widget in Ukrainian', async () => {
  await withPage(
    browser!,
    'widget',
    async (page) => {
      const shown = await answerThroughWidget(page, 'C-UK', 'uk')
      expect(shown.title).toBe('Нам важлива ваша думка')
      expect(shown.question).toContain('наскільки ймовірно, що ви порекомендуєте нас')
      expect(await responseOf('C-UK')).toEqual({
        answers: { nps: 10, reason: 'Швидко і зручно' },
        language: 'uk',
        channel: 'widget',
        completed: true,
      })
    },
    { locale: 'en-US' },
  )
})

test.skipIf(!hasChromium)('a customer answers through the widget in Polish', async () => {
  await withPage(
    browser!,
    'widget',
    async (page) => {
      const shown = await answerThroughWidget(page, 'C-PL', 'pl')
      expect(shown.title).toBe('Twoja opinia jest dla nas ważna')
      expect(shown.question).toContain('polecisz nas')
      expect(await responseOf('C-PL')).toMatchObject({ language: 'pl', channel: 'widget', completed: true })
    },
    { locale: 'en-US' },
  )
})

test.skipIf(!hasChromium)(
  'without data-lang, the panel and every question speak the customer’s language, not the browser’s',
  async () => {
    await withPage(
      browser!,
      'widget',
      async (page) => {
        const shown = await answerThroughWidget(page, 'C-LV-2', '')
        expect(shown.title).toBe('Mums ir svarīgs jūsu viedoklis')
        expect(shown.question).toContain('ieteiktu')
        expect(await responseOf('C-LV-2')).toMatchObject({
          language: 'lv',
          channel: 'widget',
          completed: true,
        })
      },
      { locale: 'pl-PL' },
    )
  },
)

test.skipIf(!hasChromium)('after answering, the server keeps the widget quiet (quarantine)', async () => {
  await withPage(browser!, 'widget', async (page) => {
    await page.goto(`${shopUrl}/?customer=C-UK&lang=uk`)
    await page.waitForFunction(() => typeof (window as { Rapport?: unknown }).Rapport === 'object')
    const asked = page.waitForResponse((r) => r.url().endsWith('/ask'))
    await page.click('#done')
    expect(await (await asked).json()).toEqual({ show: false, reason: 'suppressed' })
    await page.waitForTimeout(200)
    expect(await page.locator('[data-rapport-widget]').count()).toBe(0)
    const [row] = await db!.query<{ reason: string }>(sql`select suppressed_reason as reason from invitations
      where status = 'suppressed' and channel = 'widget'`)
    expect(row!.reason).toBe('quarantine')
  })
})

test.skipIf(!hasChromium)(
  'a page-view program asks on load; an exit-intent program when the pointer leaves',
  async () => {
    await withPage(browser!, 'widget', async (page) => {
      await page.goto(`${shopUrl}/welcome?customer=C-EN&lang=en`)
      await page.locator('[data-rapport-widget]').waitFor()
      expect(await page.locator('[data-rapport-widget] strong').textContent()).toBe(
        'We would love your feedback',
      )
      await page.locator('[data-rapport-close]').click()
      expect(await page.locator('[data-rapport-widget]').count()).toBe(0)

      await page.goto(`${shopUrl}/leaving?customer=C-LV&lang=lv`)
      await page.waitForFunction(() => typeof (window as { Rapport?: unknown }).Rapport === 'object')
      await page.waitForTimeout(300)
      expect(await page.locator('[data-rapport-widget]').count()).toBe(0)
      // The pointer leaves the window through its top edge.
      await page.evaluate(() =>
        document.dispatchEvent(
          new MouseEvent('mouseout', { clientY: -1, relatedTarget: null, bubbles: true }),
        ),
      )
      await page.locator('[data-rapport-widget]').waitFor()
      expect(await page.locator('[data-rapport-widget] strong').textContent()).toBe(
        'Mums ir svarīgs jūsu viedoklis',
      )
      const frame = page.frameLocator('iframe[data-rapport-survey]')
      await frame.getByTestId('chat-question-nps').waitFor()
      expect(await frame.locator('html').getAttribute('lang')).toBe('lv')
    })
  },
)
