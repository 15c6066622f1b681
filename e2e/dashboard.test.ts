import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../src/db/db.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { startServer } from '../src/server/server.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'

// The dashboard in a real browser against the real server: setup, import, search, customer page, login.

const hasChromium = chromiumAvailable('dashboard')

const owner = { name: 'Iryna Melnyk', email: 'iryna@example.com', password: 'correct horse battery' }

const customers = [
  {
    customer_id: 'C-1001',
    name: 'Olena Kovalenko',
    email: 'olena@example.com',
    language: 'uk',
    attributes: { tier: 'gold', city: 'Kyiv' },
  },
  { customer_id: 'C-1002', name: 'Jan Kowalski', email: 'jan@example.com', language: 'pl' },
  { customer_id: 'C-1003', name: 'Anna Bērziņa', email: 'anna@example.com', language: 'lv' },
]
const orders = [
  {
    customer_id: 'C-1001',
    order_id: 'O-5001',
    ordered_at: '2025-03-01T10:00:00Z',
    amount: '1234.50',
    currency: 'EUR',
    status: 'completed',
    lines: [{ product_id: 'SKU-LAMP', product_name: 'Desk lamp', quantity: '2', unit_price: '617.25' }],
  },
  {
    customer_id: 'C-1002',
    order_id: 'O-5002',
    ordered_at: '2025-02-11T08:30:00Z',
    amount: '19.99',
    currency: 'EUR',
  },
]
const events = [
  {
    customer_id: 'C-1001',
    type: 'newsletter_signup',
    occurred_at: '2025-03-02T09:00:00Z',
    channel: 'email',
    touchpoint: 'footer_form',
    properties: { source: 'website' },
  },
]

let db: Db | undefined
let server: { url: string; close(): Promise<void> } | undefined
let browser: Browser | undefined

beforeAll(async () => {
  if (!hasChromium) return
  assertWebBuilt()
  db = await pgliteTestDb()
  server = await startServer({ db, port: 0, host: '127.0.0.1' })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await db?.close()
})

async function ingest(page: Page, baseUrl: string, workspaceId: string, kind: string, records: unknown[]) {
  const me = await page.request.get(`${baseUrl}/api/v1/me`)
  const { csrfToken } = (await me.json()) as { csrfToken: string }
  const response = await page.request.post(`${baseUrl}/api/v1/workspaces/${workspaceId}/ingest/${kind}`, {
    headers: { 'x-csrf-token': csrfToken },
    data: { records },
  })
  const report = (await response.json()) as { imported: number; errors: unknown[] }
  expect(response.status(), JSON.stringify(report)).toBe(200)
  expect(report.errors).toEqual([])
  expect(report.imported).toBe(records.length)
}

const rowCount = (page: Page) => page.getByTestId('customer-row').count()

async function waitForRows(page: Page, count: number) {
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="customer-row"]').length === n,
    count,
  )
}

test.skipIf(!hasChromium)('first-run setup, import, search, customer timeline and login again', async () => {
  const url = server!.url
  await withPage(
    browser!,
    'dashboard',
    async (page) => {
      await page.goto(url)
      await page.waitForURL(/\/setup$/)

      await page.getByTestId('setup-organization').fill('Acme Retail')
      await page.getByTestId('setup-workspace').fill('Acme Online')
      await page.getByTestId('setup-name').fill(owner.name)
      await page.getByTestId('setup-email').fill(owner.email)
      await page.getByTestId('setup-password').fill(owner.password)
      expect(await page.getByTestId('setup-demo').isChecked()).toBe(false)
      await page.getByTestId('setup-submit').click()
      await page.waitForURL(/\/w\/[^/]+\/customers$/)
      await page.getByTestId('customers-empty').waitFor()
      const workspaceId = new URL(page.url()).pathname.split('/')[2]!

      await ingest(page, url, workspaceId, 'customers', customers)
      await ingest(page, url, workspaceId, 'orders', orders)
      await ingest(page, url, workspaceId, 'events', events)

      // Another section, then back to the customers, which now reloads the imported list.
      await page.getByTestId('nav-journeys').click()
      await page.waitForURL(/\/journeys$/)
      await page.getByTestId('nav-customers').click()
      await waitForRows(page, 3)
      expect(await page.getByTestId('customers-total').textContent()).toContain('3')

      await page.getByTestId('customers-search').fill('Kovalenko')
      await waitForRows(page, 1)
      expect(await rowCount(page)).toBe(1)
      expect(await page.getByTestId('customer-row').textContent()).toContain('Olena Kovalenko')
      expect(await page.getByTestId('customers-csv').getAttribute('href')).toContain('q=Kovalenko')
      // The language filter narrows the list and its CSV; clearing the search keeps the filter.
      await page.getByTestId('customers-search').fill('')
      await waitForRows(page, 3)
      await page.getByTestId('customers-filter-language').selectOption('pl')
      await expect
        .poll(() => page.getByTestId('customer-row').first().textContent())
        .toContain('Jan Kowalski')
      await waitForRows(page, 1)
      expect(await page.getByTestId('customer-row').textContent()).toContain('Jan Kowalski')
      expect(await page.getByTestId('customers-csv').getAttribute('href')).toContain('language=pl')
      // No one has done anything beyond buying yet: an engagement floor of 20 leaves no one, in the list and its CSV.
      await page.getByTestId('customers-filter-minEngagement').selectOption('20')
      await page.getByTestId('customers-empty').waitFor()
      expect(await page.getByTestId('customers-csv').getAttribute('href')).toContain('minEngagement=20')
      await page.getByTestId('customers-filters-clear').click()
      await waitForRows(page, 3)
      // Sorted by revenue, the biggest first; again, the smallest first (Anna, with no orders, has none).
      const names = () => page.getByTestId('customer-row').locator('td:nth-child(2)').allTextContents()
      await page.locator('[data-sort-column="revenue"]').click()
      await expect.poll(names).toEqual(['Olena Kovalenko', 'Jan Kowalski', 'Anna Bērziņa'])
      expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Revenue')
      await page.locator('[data-sort-column="revenue"]').click()
      await expect.poll(names).toEqual(['Anna Bērziņa', 'Jan Kowalski', 'Olena Kovalenko'])
      expect(await page.getByTestId('customers-csv').getAttribute('href')).toContain('sort=revenue&dir=asc')
      await page.getByTestId('customers-search').fill('Kovalenko')
      await waitForRows(page, 1)

      await page.getByTestId('customer-row').click()
      await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/)
      expect(await page.getByTestId('customer-name').textContent()).toBe('Olena Kovalenko')
      await page.getByTestId('timeline').waitFor()
      expect(await page.getByTestId('timeline-order-amount').textContent()).toBe('€1,234.50')
      expect(await page.getByTestId('timeline-order').textContent()).toContain('SKU-LAMP')
      expect(await page.getByTestId('timeline-line-product').textContent()).toBe('Desk lamp SKU-LAMP')
      // In Ukrainian the same amount is written as CLDR's uk has it: no-break spaces between thousands and
      // before the sign, a decimal comma, and the euro sign (not "EUR") because it is the workspace's currency.
      await page.getByTestId('language-switcher').selectOption('uk')
      await expect
        .poll(() => page.getByTestId('timeline-order-amount').textContent())
        .toBe('1\u00a0234,50\u00a0€')
      await page.getByTestId('language-switcher').selectOption('en')
      await expect.poll(() => page.getByTestId('timeline-order-amount').textContent()).toBe('€1,234.50')
      expect(await page.getByTestId('timeline-event-type').textContent()).toBe('newsletter_signup')
      // Newest first: the sign-up came a day after the order.
      const kinds = await page
        .getByTestId('timeline')
        .locator(':scope > li')
        .evaluateAll((items) => items.map((li) => li.getAttribute('data-testid')))
      expect(kinds).toEqual(['timeline-event', 'timeline-order'])
      const customerUrl = page.url()

      await page.getByTestId('user-menu').click()
      await page.getByTestId('logout').click()
      await page.waitForURL(/\/login$/)

      await page.getByTestId('login-email').fill(owner.email)
      await page.getByTestId('login-password').fill('not the password')
      await page.getByTestId('login-submit').click()
      expect(await page.getByTestId('login-error').textContent()).toContain('not correct')

      await page.getByTestId('login-password').fill(owner.password)
      await page.getByTestId('login-submit').click()
      await page.waitForURL(customerUrl)
      await page.getByTestId('customer-name').waitFor()

      // Data rights: the owner downloads what is held about Olena, then erases her.
      const exportHref = await page.getByTestId('customer-export').getAttribute('href')
      expect(exportHref).toMatch(/\/customers\/[0-9a-f-]{36}\/export$/)
      const exported = await page.request.get(`${url}${exportHref}`)
      expect(((await exported.json()) as { customer: { name: string } }).customer.name).toBe(
        'Olena Kovalenko',
      )
      await page.getByRole('button', { name: 'Erase personal data…' }).click()
      await page.getByLabel('Reason (for the audit log)').fill('asked by phone')
      await page.getByTestId('customer-erase-confirm').click()
      await page.waitForFunction(
        () => document.querySelector('[data-testid="customer-name"]')?.textContent === 'Unnamed customer',
      )
    },
    { locale: 'en-US', timezoneId: 'UTC' },
  )
})
