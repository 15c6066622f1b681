import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { npsSurvey } from '../src/cases/test-cases.js'
import { loadConfig } from '../src/config.js'
import type { Db } from '../src/db/db.js'
import { sql } from '../src/db/sql.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { startServer } from '../src/server/server.js'
import { startTestSmtp, type TestSmtp } from '../src/surveys/email/test-smtp.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'
import { setUpOwner } from './set-up-owner.js'

// The loop in a real browser: a detractor's answer opens a case (the server's own worker runs the rules), the
// agent replies from the case page, the e-mail reaches a test SMTP server, the customer's answer comes back
// through the inbound relay, and the case is resolved with a summary.

const hasChromium = chromiumAvailable('cases')

let db: Db | undefined
let smtp: TestSmtp | undefined
let server: { url: string; close(): Promise<void> } | undefined
let browser: Browser | undefined

const owner = { email: 'owner@cases.test', password: 'correct horse battery' }

beforeAll(async () => {
  if (!hasChromium) return
  assertWebBuilt()
  db = await pgliteTestDb()
  smtp = await startTestSmtp()
  server = await startServer({
    db,
    port: 0,
    host: '127.0.0.1',
    config: loadConfig({ SMTP_URL: smtp.url, RAPPORT_INBOUND_DOMAIN: 'in.cases.test' }),
  })
  browser = await launchChromium()
  await setUpOwner(server.url, owner)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await smtp?.close()
  await db?.close()
})

test.skipIf(!hasChromium)(
  "a detractor's answer becomes a case, is answered by e-mail, answered back and resolved with a summary",
  async () => {
    const url = server!.url
    const [ws] = await db!.query<{ id: string }>(sql`select id from workspaces`)
    const workspaceId = ws!.id
    const [customer] = await db!.query<{ id: string }>(sql`insert into customers
        (workspace_id, external_id, name, email, language)
      values (${workspaceId}, 'D-1', 'Dana Detractor', 'dana@customer.test', 'pl') returning id`)
    const survey = await npsSurvey(db!, workspaceId)
    await survey.answer(customer!.id, { nps: 2, comment: 'Paczka spóźniona.' }, new Date())

    await withPage(browser!, 'cases', async (page) => {
      await page.request.post(`${url}/api/v1/auth/login`, { data: owner })
      // The worker's rule scan runs every few seconds: the inbox shows the case once it has.
      await page.goto(`${url}/w/${workspaceId}/cases`)
      for (let i = 0; i < 30 && (await page.locator('[data-testid="case-row"]').count()) === 0; i++) {
        await page.waitForTimeout(1000)
        await page.reload()
      }
      const row = page.locator('[data-testid="case-row"]')
      await expect.poll(() => row.count()).toBe(1)
      expect(await row.textContent()).toContain('Dana Detractor')
      await row.locator('a').click()
      await page.waitForSelector('[data-testid="case-title"]')
      expect(await page.textContent('[data-testid="case-title"]')).toContain('NPS 2')

      await page.fill('[data-testid="case-text"]', 'Przepraszamy za opóźnienie — zwracamy koszt dostawy.')
      await page.click('[data-testid="case-reply"]')
      const [mail] = await smtp!.waitFor(1, 15_000)
      expect(mail!.subject).toMatch(/^W sprawie Twojej opinii \[#\d+\]$/)
      expect(mail!.text).toContain('zwracamy koszt dostawy')
      const replyTo = mail!.replyTo?.value[0]?.address ?? ''
      expect(replyTo).toMatch(/@in\.cases\.test$/)

      const settings = await page.request.get(`${url}/api/v1/workspaces/${workspaceId}/case-settings`)
      const { inboundRelayPath } = (await settings.json()) as { inboundRelayPath: string }
      const raw = [
        'From: Dana <dana@customer.test>',
        `To: ${replyTo}`,
        `Subject: Re: ${mail!.subject}`,
        `In-Reply-To: ${mail!.messageId}`,
        'Message-ID: <answer-1@customer.test>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Dziękuję, pieniądze dotarły.',
        '',
        '> Przepraszamy za opóźnienie',
      ].join('\r\n')
      const relayed = await page.request.post(`${url}${inboundRelayPath}`, {
        headers: { 'content-type': 'message/rfc822' },
        data: raw,
      })
      expect(relayed.status()).toBe(200)

      await page.reload()
      const answer = page.locator('[data-testid="case-events"] li[data-kind="inbound"]')
      await expect.poll(() => answer.count()).toBe(1)
      expect(await answer.textContent()).toContain('Dziękuję, pieniądze dotarły.')
      expect(await answer.textContent()).not.toContain('Przepraszamy za opóźnienie')

      await page.fill(
        '[data-testid="case-summary-input"]',
        'Refunded the delivery fee; late parcels now trigger a call.',
      )
      await page.click('[data-testid="case-move-resolved"]')
      await page.waitForSelector('[data-testid="case-summary"]')
      expect(await page.textContent('[data-testid="case-summary"]')).toContain('Refunded the delivery fee')
      await page.screenshot({ path: '/tmp/cases-resolved.png', fullPage: true })
    })
  },
  120_000,
)

test.skipIf(!hasChromium)(
  "the case page shows the customer's score and earlier case, and links to it",
  async () => {
    const url = server!.url
    const [ws] = await db!.query<{ id: string }>(sql`select id from workspaces`)
    const workspaceId = ws!.id
    const [customer] = await db!.query<{ id: string }>(sql`insert into customers
        (workspace_id, external_id, name, email, language)
      values (${workspaceId}, 'C-2', 'Carl Context', 'carl@customer.test', 'en') returning id`)
    const survey = await npsSurvey(db!, workspaceId, 'checkout')
    await survey.answer(customer!.id, { nps: 8 }, new Date('2026-01-05T10:00:00Z'))

    await withPage(browser!, 'case-context', async (page) => {
      const login = await page.request.post(`${url}/api/v1/auth/login`, { data: owner })
      const { csrfToken } = (await login.json()) as { csrfToken: string }
      const api = `${url}/api/v1/workspaces/${workspaceId}/cases`
      const open = async (subject: string) => {
        const response = await page.request.post(api, {
          data: { customerId: customer!.id, subject, priority: 'normal' },
          headers: { 'x-csrf-token': csrfToken },
        })
        expect(response.status()).toBe(201)
        return ((await response.json()) as { id: string }).id
      }
      const earlier = await open('First complaint')
      const current = await open('Second complaint')
      await page.setViewportSize({ width: 390, height: 844 })
      await page.goto(`${url}/w/${workspaceId}/cases/${current}`)
      await page.waitForSelector('[data-testid="case-context-earlier"]')
      expect(await page.textContent('[data-testid="case-context-earlier"]')).toContain('First complaint')
      expect(await page.textContent('[data-testid="case-context-touchpoints"]')).toContain('checkout')
      await page.waitForSelector('[data-testid="case-context-scores"] canvas')
      await page.screenshot({ path: '/tmp/case-context.png', fullPage: true })
      await page.click('[data-testid="case-context-earlier"] a')
      await page.waitForURL(`**/cases/${earlier}`)
      await expect.poll(() => page.textContent('[data-testid="case-title"]')).toContain('First complaint')
      // The customer's own page has the answer on the timeline, with its question and score.
      await page.goto(`${url}/w/${workspaceId}/customers/${customer!.id}`)
      const answer = page.locator('[data-testid="timeline-response"]')
      await expect.poll(() => answer.count()).toBe(1)
      await expect
        .poll(() => answer.locator('[data-testid="response-detail"]').textContent())
        .toContain('8 / 10')
      expect(await answer.textContent()).toContain('checkout')
    })
  },
  60_000,
)

test.skipIf(!hasChromium)(
  'the inbox filters by org unit',
  async () => {
    const url = server!.url
    const [ws] = await db!.query<{ id: string }>(sql`select id from workspaces`)
    const workspaceId = ws!.id
    await withPage(browser!, 'case-units', async (page) => {
      const login = await page.request.post(`${url}/api/v1/auth/login`, { data: owner })
      const { csrfToken } = (await login.json()) as { csrfToken: string }
      const post = async (path: string, data: unknown) => {
        const response = await page.request.post(`${url}/api/v1/workspaces/${workspaceId}${path}`, {
          data,
          headers: { 'x-csrf-token': csrfToken },
        })
        expect(response.status()).toBe(201)
        return (await response.json()) as { id: string }
      }
      const riga = await post('/org-units', { code: 'riga', name: 'Riga store', parentCode: null })
      const vilnius = await post('/org-units', { code: 'vilnius', name: 'Vilnius store', parentCode: null })
      for (const [externalId, unit] of [
        ['U-R', riga.id],
        ['U-V', vilnius.id],
      ] as const) {
        const [customer] = await db!.query<{ id: string }>(sql`insert into customers
            (workspace_id, external_id, name, org_unit_id)
          values (${workspaceId}, ${externalId}, ${`Unit ${externalId}`}, ${unit}) returning id`)
        await post('/cases', { customerId: customer!.id, subject: `Case ${externalId}`, priority: 'low' })
      }
      await page.goto(`${url}/w/${workspaceId}/cases`)
      await page.waitForSelector('[data-testid="case-unit-filter"]')
      await page.selectOption('[data-testid="case-unit-filter"]', vilnius.id)
      const rows = page.locator('[data-testid="case-row"]')
      await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('Case U-V')])
    })
  },
  60_000,
)

test.skipIf(!hasChromium)(
  'an outreach campaign to the silent: a message edited by hand goes out, the held back are shown, the CSV follows',
  async () => {
    const url = server!.url
    const [ws] = await db!.query<{ id: string }>(sql`select id from workspaces`)
    const workspaceId = ws!.id
    for (const [id, name, consent] of [
      ['S-1', 'Olga Outreach', true],
      ['S-2', 'Uma Unknown', null],
    ] as const) {
      const [c] = await db!.query<{ id: string }>(sql`insert into customers
          (workspace_id, external_id, name, email, email_opt_in, language)
        values (${workspaceId}, ${id}, ${name}, ${`${id}@customer.test`}, ${consent}, 'en') returning id`)
      await db!.query(sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount)
        values (${workspaceId}, ${c!.id}, ${`${id}-o`}, ${new Date(Date.now() - 10 * 86_400_000)}, 'EUR', 25)`)
    }
    const before = smtp!.messages.length

    await withPage(browser!, 'outreach', async (page) => {
      await page.request.post(`${url}/api/v1/auth/login`, { data: owner })
      await page.goto(`${url}/w/${workspaceId}/cases`)
      await page.getByRole('link', { name: 'Outreach' }).click()
      // The list's size shows in the choice: the two buyers who never answered.
      await expect
        .poll(() => page.locator('[data-testid="outreach-list"] option[value="silent"]').textContent())
        .toContain('(2)')
      await page.getByLabel('Campaign name').fill('Ask the quiet ones')
      await page.getByLabel('Subject').fill('One question')
      await page.locator('[data-testid="outreach-template"]').fill('Hi {{name}}, how are we doing?')
      await page.getByRole('button', { name: 'Create and review messages' }).click()
      const rows = page.locator('[data-testid="outreach-recipient"]')
      await expect.poll(() => rows.count()).toBe(2)
      const olga = page.getByLabel('Message to Olga Outreach')
      expect(await olga.inputValue()).toBe('Hi Olga Outreach, how are we doing?')
      await olga.fill('Dear Olga, thank you for your orders. What should we do better?')
      await olga.blur()
      await page.locator('[data-testid="outreach-send"]').click()
      await expect.poll(() => page.getByRole('status').textContent()).toContain('1 sent, 1 held back')
      const mails = await smtp!.waitFor(before + 1, 15_000)
      const mail = mails[before]!
      expect(mail.subject).toBe('One question')
      expect(mail.text).toContain('Dear Olga, thank you for your orders.')
      expect(mails).toHaveLength(before + 1)
      const row = page.locator('[data-testid="outreach-campaign-row"]').first()
      await expect.poll(() => row.textContent()).toContain('Ask the quiet ones')
      expect(await row.textContent()).toContain('(1 held back)')
      expect(await rows.nth(1).textContent()).toContain('no consent')
      const csvHref = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')
      const csv = await page.request.get(`${url}${csvHref}`)
      expect((await csv.text()).split('\n')[1]).toMatch(/^S-1,Olga Outreach,sent,,20\d\d-/)
    })
  },
  120_000,
)
