import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { loadConfig } from '../src/config.js'
import type { Db } from '../src/db/db.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { createTestSurvey } from '../src/insights/insight-fixture.js'
import { startServer } from '../src/server/server.js'
import { startTestSmtp, type TestSmtp } from '../src/surveys/email/test-smtp.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'

// Settings and the import wizard in a real browser, against the real server, its job worker and a real SMTP
// server: invite a person and log in as them, create and revoke an API key, import 10,000 orders.

const hasChromium = chromiumAvailable('settings')

const owner = { name: 'Iryna Melnyk', email: 'iryna@example.com', password: 'correct horse battery' }

let db: Db | undefined
let smtp: TestSmtp | undefined
let server: { url: string; close(): Promise<void> } | undefined
let browser: Browser | undefined
let workspaceId = ''

beforeAll(async () => {
  if (!hasChromium) return
  assertWebBuilt()
  db = await pgliteTestDb()
  smtp = await startTestSmtp()
  const config = { ...loadConfig({}), SMTP_URL: smtp.url, SMTP_FROM: 'Rapport <rapport@example.com>' }
  server = await startServer({ db, port: 0, host: '127.0.0.1', config })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await smtp?.close()
  await db?.close()
})

async function setUpOwner(page: Page): Promise<void> {
  const url = server!.url
  const response = await page.request.post(`${url}/api/v1/setup`, {
    data: {
      organizationName: 'Acme Retail',
      workspaceName: 'Acme Online',
      name: owner.name,
      email: owner.email,
      password: owner.password,
    },
  })
  if (response.status() === 201) {
    workspaceId = ((await response.json()) as { workspaces: { id: string }[] }).workspaces[0]!.id
    return
  }
  const login = await page.request.post(`${url}/api/v1/auth/login`, {
    data: { email: owner.email, password: owner.password },
  })
  expect(login.status()).toBe(200)
}

test.skipIf(!hasChromium)(
  'an owner invites a person by e-mail, who joins through the link and logs in',
  async () => {
    const url = server!.url
    let link = ''
    await withPage(browser!, 'settings-invite', async (page) => {
      await setUpOwner(page)
      await page.goto(`${url}/w/${workspaceId}/customers`)
      await page.getByTestId('user-menu').click()
      await page.getByTestId('menu-settings').click()
      await page.waitForURL(/\/settings\/workspace$/)
      await page.getByTestId('settings-people').click()
      await page.getByTestId('invite-email').fill('mykola@example.com')
      await page.getByTestId('invite-role').selectOption('analyst')
      await page.getByTestId('invite-submit').click()
      await page.getByTestId('invite-result').waitFor()
      link = (await page.getByTestId('invite-link').textContent()) ?? ''
      expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]+$/)
      const [mail] = await smtp!.waitFor(1)
      expect(mail?.text).toContain(link)
      expect(await page.getByTestId('invitations').textContent()).toContain('mykola@example.com')
      // Sent again: a new link by e-mail, and the first one opens nothing any more.
      const first = link
      await page.getByTestId('invitation-resend').click()
      await page.waitForFunction(
        (old) => document.querySelector('[data-testid="invite-link"]')?.textContent !== old,
        first,
      )
      link = (await page.getByTestId('invite-link').textContent()) ?? ''
      const mails = await smtp!.waitFor(2)
      expect(mails[1]?.text).toContain(link)
      const token = (l: string) => l.split('/invite/')[1]
      expect((await page.request.get(`${url}/api/v1/invitations/${token(first)}`)).status()).toBe(404)
      expect((await page.request.get(`${url}/api/v1/invitations/${token(link)}`)).status()).toBe(200)
    })
    await withPage(browser!, 'settings-accept', async (page) => {
      await page.goto(link)
      await page.getByTestId('invite-name').fill('Mykola Shevchenko')
      await page.getByLabel('Password').fill('a long enough secret')
      await page.getByTestId('invite-accept').click()
      await page.waitForURL(new RegExp(`/w/${workspaceId}/customers$`))
      await page.getByTestId('user-menu').click()
      await page.getByTestId('logout').click()
      await page.waitForURL(/\/login$/)
      await page.getByTestId('login-email').fill('mykola@example.com')
      await page.getByTestId('login-password').fill('a long enough secret')
      await page.getByTestId('login-submit').click()
      await page.waitForURL(new RegExp(`/w/${workspaceId}/customers$`))
      // An analyst is no manager: the settings say so instead of failing.
      await page.goto(`${url}/w/${workspaceId}/settings/people`)
      await page.getByTestId('settings-not-allowed').waitFor()
    })
  },
)

test.skipIf(!hasChromium)('an owner creates an API key, sees its secret once, and revokes it', async () => {
  const url = server!.url
  await withPage(browser!, 'settings-api-key', async (page) => {
    page.on('dialog', (dialog) => void dialog.accept())
    await setUpOwner(page)
    await page.goto(`${url}/w/${workspaceId}/settings/api-keys`)
    await page.getByTestId('api-key-name').fill('Warehouse sync')
    await page.getByTestId('api-key-create').click()
    const secret = (await page.getByTestId('api-key-secret').textContent()) ?? ''
    expect(secret).toMatch(/^rk_/)
    const customers = `${url}/api/v1/workspaces/${workspaceId}/ingest/customers`
    const call = () =>
      page.request.post(customers, {
        headers: { authorization: `Bearer ${secret}` },
        data: { records: [{ customer_id: 'K-1' }] },
      })
    expect((await call()).status()).toBe(200)
    await page.getByTestId('api-key-row').filter({ hasText: 'Warehouse sync' }).waitFor()
    await page.getByTestId('api-key-revoke').click()
    await page.getByTestId('api-key-revoked').waitFor()
    expect((await call()).status()).toBe(401)
    // The secret is not shown again once the page is reloaded.
    await page.reload()
    await page.getByTestId('api-key-row').first().waitFor()
    expect(await page.getByTestId('api-key-secret').count()).toBe(0)

    // The keys sort by name, from the keyboard too: A before W, then W before A.
    await page.getByTestId('api-key-name').fill('Analytics export')
    await page.getByTestId('api-key-create').click()
    await page.getByTestId('api-key-row').filter({ hasText: 'Analytics export' }).waitFor()
    const names = () => page.getByTestId('api-key-row').locator('td:first-child').allTextContents()
    await page.locator('[data-sort-column="name"]').focus()
    await page.keyboard.press('Enter')
    await expect.poll(names).toEqual(['Analytics export', 'Warehouse sync'])
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Name')
    await page.keyboard.press('Enter')
    await expect.poll(names).toEqual(['Warehouse sync', 'Analytics export'])
  })
})

test.skipIf(!hasChromium)('an owner adds two units and moves one under the other in the tree', async () => {
  const url = server!.url
  await withPage(browser!, 'settings-org-units', async (page) => {
    await setUpOwner(page)
    await page.goto(`${url}/w/${workspaceId}/settings/org-units`)
    const root = page.getByTestId('unit').first()
    const add = async (under: ReturnType<typeof page.getByTestId>, name: string, code: string) => {
      await under.getByRole('button', { name: 'Add below' }).first().click()
      await page.getByPlaceholder('Name').fill(name)
      await page.getByPlaceholder('Code').fill(code)
      await page.getByRole('button', { name: 'Add', exact: true }).click()
      await page.getByTestId('unit').filter({ hasText: code }).first().waitFor()
    }
    await add(root, 'Baltics', 'baltics')
    await add(root, 'Riga store', 'riga-store')
    const riga = page.getByTestId('unit').filter({ hasText: 'riga-store' }).last()
    await riga.getByRole('button', { name: 'Move', exact: true }).click()
    await page.getByTestId('unit-move-form').locator('select').selectOption({ label: '\u00a0\u00a0Baltics' })
    await page.getByTestId('unit-move-form').getByRole('button', { name: 'Move' }).click()
    // Riga now hangs under Baltics: its item is inside Baltics' item.
    const baltics = page.getByTestId('unit').filter({ hasText: 'baltics' }).last()
    await expect.poll(() => baltics.getByTestId('unit').filter({ hasText: 'riga-store' }).count()).toBe(1)
  })
})

/** 10,000 order lines under a shop's own column names, day-first dates, five of them bad. */
function ordersFile(): { text: string; bad: number[] } {
  const lines = ['Kunde;Beleg;Datum;Summe;Waehrung']
  const bad: number[] = []
  for (let i = 1; i <= 10_000; i++) {
    const day = String((i % 28) + 1).padStart(2, '0')
    const line = i + 1
    if (i % 2000 === 0) {
      bad.push(line)
      lines.push(`K-${i % 500};B-${i};${day}.13.2024 10:00;12,50;EUR`)
    } else
      lines.push(
        `K-${i % 500};B-${i};${day}.03.2024 10:${String(i % 60).padStart(2, '0')};${(i % 97) + 1},25;EUR`,
      )
  }
  return { text: `${lines.join('\n')}\n`, bad }
}

test.skipIf(!hasChromium)(
  'a 10,000-line orders file goes through the wizard with a custom mapping, progress and a report of its bad lines',
  async () => {
    const url = server!.url
    const file = ordersFile()
    await withPage(
      browser!,
      'settings-import',
      async (page) => {
        await setUpOwner(page)
        await page.goto(`${url}/w/${workspaceId}/customers`)
        await page.getByTestId('customers-import').click()
        await page.waitForURL(/\/import$/)
        await page.getByTestId('import-kind').selectOption('orders')
        await page.getByTestId('import-file').setInputFiles({
          name: 'bestellungen.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(file.text),
        })
        await page.getByTestId('import-upload').click()
        await page.getByTestId('import-preview').waitFor()
        expect(await page.getByTestId('import-preview').locator('tbody tr').count()).toBe(10)
        // No header is a known name: the mapping is chosen by hand.
        await page.getByTestId('import-map-customer_id').selectOption('Kunde')
        await page.getByTestId('import-map-order_id').selectOption('Beleg')
        await page.getByTestId('import-map-ordered_at').selectOption('Datum')
        await page.getByTestId('import-map-amount').selectOption('Summe')
        await page.getByTestId('import-map-currency').selectOption('Waehrung')
        // The day-first dates of the first rows were recognised.
        expect(await page.getByTestId('import-date-format').inputValue()).toBe('DD.MM.YYYY HH:mm')
        await page.getByTestId('import-start').click()
        await page.getByTestId('import-progress').waitFor()
        await page.getByTestId('import-report').waitFor({ timeout: 60_000 })
        expect(await page.getByTestId('import-count-read').textContent()).toBe('10,000')
        expect(await page.getByTestId('import-count-imported').textContent()).toBe('9,995')
        expect(await page.getByTestId('import-count-skipped').textContent()).toBe('5')
        const errorLines = await page
          .getByTestId('import-errors')
          .locator('tbody tr td:first-child')
          .allTextContents()
        expect(errorLines.map(Number)).toEqual(file.bad)
        const href = await page.getByTestId('import-bad-lines').getAttribute('href')
        const csv = await (await page.request.get(`${url}${href}`)).text()
        const rows = csv.trim().split('\n')
        expect(rows).toHaveLength(6)
        expect(rows[0]).toBe('line,field,error,Kunde,Beleg,Datum,Summe,Waehrung')
        expect(rows[1]).toMatch(/^2001,ordered_at,.*,K-0,B-2000,13\.13\.2024 10:00,"12,50",EUR$/)

        // The mapping was kept: the next file of orders comes with it filled in.
        await page.getByTestId('import-another').click()
        await page.getByTestId('import-kind').selectOption('orders')
        await page.getByTestId('import-file').setInputFiles({
          name: 'again.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(file.text.split('\n').slice(0, 20).join('\n')),
        })
        await page.getByTestId('import-upload').click()
        await page.getByTestId('import-preview').waitFor()
        expect(await page.getByTestId('import-map-amount').inputValue()).toBe('Summe')
      },
      { locale: 'en-US', timeout: 20_000 },
    )
  },
  120_000,
)

test.skipIf(!hasChromium)(
  "a survey's responses go through the wizard: Delighted's column names mapped, one bad line in the report",
  async () => {
    const url = server!.url
    await withPage(
      browser!,
      'settings-import-responses',
      async (page) => {
        await setUpOwner(page)
        await createTestSurvey(db!, workspaceId, 'delivery')
        await page.goto(`${url}/w/${workspaceId}/import`)
        await page.getByTestId('import-kind').selectOption('responses')
        await page.getByTestId('import-survey').selectOption({ label: 'delivery survey' })
        const csv = [
          'Response ID,Email,Score,Comment,Response Timestamp',
          'd1,olena@example.com,9,Quick,2026-03-07 10:00',
          'd2,jan@example.com,11,Slow,2026-03-08 11:00',
          'd3,anna@example.com,4,Late,2026-03-09 12:00',
        ].join('\n')
        await page.getByTestId('import-file').setInputFiles({
          name: 'delighted.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(csv),
        })
        await page.getByTestId('import-upload').click()
        await page.getByTestId('import-preview').waitFor()
        // Suggested from Delighted's headers: nothing to choose by hand.
        expect(await page.getByTestId('import-map-response_id').inputValue()).toBe('Response ID')
        expect(await page.getByTestId('import-map-nps').inputValue()).toBe('Score')
        expect(await page.getByTestId('import-map-answered_at').inputValue()).toBe('Response Timestamp')
        await page.getByTestId('import-start').click()
        await page.getByTestId('import-report').waitFor({ timeout: 60_000 })
        expect(await page.getByTestId('import-count-read').textContent()).toBe('3')
        expect(await page.getByTestId('import-count-imported').textContent()).toBe('2')
        expect(await page.getByTestId('import-count-skipped').textContent()).toBe('1')
        expect(await page.getByTestId('import-count-unlinked').textContent()).toBe('2')
        const errors = await page.getByTestId('import-errors').locator('tbody tr').allTextContents()
        expect(errors).toEqual(['3npsmust be between 0 and 10'])
        const href = await page.getByTestId('import-bad-lines').getAttribute('href')
        const bad = (await (await page.request.get(`${url}${href}`)).text()).trim().split('\n')
        expect(bad).toEqual([
          'line,field,error,Response ID,Email,Score,Comment,Response Timestamp',
          '3,nps,must be between 0 and 10,d2,jan@example.com,11,Slow,2026-03-08 11:00',
        ])
      },
      { locale: 'en-US', timeout: 20_000 },
    )
  },
  120_000,
)
