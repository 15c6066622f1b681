import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../src/db/db.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { startServer } from '../src/server/server.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'

// The segments page in a real browser: compute segments on imported orders, click a matrix cell through to its
// customers, and open one of them to see the behaviour panel.

const hasChromium = chromiumAvailable('segments')

const owner = { name: 'Ilze Ozola', email: 'ilze@example.com', password: 'correct horse battery' }
const customers = [
  { customer_id: 'a', name: 'Anna Regular' },
  { customer_id: 'b', name: 'Boris Twice' },
  { customer_id: 'c', name: 'Cezary Once' },
  { customer_id: 'd', name: 'Dana Early' },
]
// Analysed as of 2024-03-11 (the day after the last order): c bought once for 100, the largest share of the
// 185 in total, so c is in class A; its orders span February and March only, too few months for XYZ.
// Recency 39 days ranks second-worst of four → R2, one purchase → F1: hibernating.
const orders = [
  ['a', '2024-01-05', '10'],
  ['a', '2024-02-05', '10'],
  ['a', '2024-03-05', '10'],
  ['b', '2024-01-10', '20'],
  ['b', '2024-03-10', '20'],
  ['c', '2024-02-01', '100'],
  ['d', '2024-01-01', '5'],
  ['d', '2024-01-11', '5'],
  ['d', '2024-01-21', '5'],
].map(([customer_id, day, amount], i) => ({
  customer_id,
  order_id: `o${i}`,
  ordered_at: `${day}T10:00:00Z`,
  amount,
}))

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
  expect(response.status()).toBe(200)
}

test.skipIf(!hasChromium)(
  'segments: compute, click an ABC×XYZ cell through to its customers, open one',
  async () => {
    const url = server!.url
    await withPage(
      browser!,
      'segments',
      async (page) => {
        await page.goto(url)
        await page.waitForURL(/\/setup$/)
        await page.getByTestId('setup-organization').fill('Baltic Goods')
        await page.getByTestId('setup-workspace').fill('Baltic Online')
        await page.getByTestId('setup-name').fill(owner.name)
        await page.getByTestId('setup-email').fill(owner.email)
        await page.getByTestId('setup-password').fill(owner.password)
        await page.getByTestId('setup-submit').click()
        await page.waitForURL(/\/w\/[^/]+\/customers$/)
        const workspaceId = new URL(page.url()).pathname.split('/')[2]!
        await ingest(page, url, workspaceId, 'customers', customers)
        await ingest(page, url, workspaceId, 'orders', orders)

        await page.getByTestId('nav-segments').click()
        await page.getByTestId('segments-empty').waitFor()
        await page.getByTestId('segments-recompute').click()
        await page.getByTestId('abcxyz-matrix').waitFor()
        expect(await page.getByTestId('segments-as-of').textContent()).toContain('Mar 11, 2024')
        const heatMap = page.getByTestId('rf-heatmap')
        await heatMap.locator('canvas').first().waitFor()
        // The four occupied cells hold one customer each, the most of any cell: they are drawn in the full blue
        // (on one of the layers ECharts stacks as canvases).
        const blueShare = () =>
          heatMap.evaluate((chart) =>
            Math.max(
              ...[...chart.querySelectorAll('canvas')].map((canvas) => {
                const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
                let blue = 0
                for (let i = 0; i < data.length; i += 4)
                  if (data[i + 3]! > 200 && data[i]! < 80 && data[i + 2]! > 200) blue++
                return blue / (canvas.width * canvas.height)
              }),
            ),
          )
        await expect.poll(blueShare, { timeout: 5000 }).toBeGreaterThan(0.05)
        expect(await page.getByTestId('abcxyz-cell-Anone').textContent()).toContain('1')
        expect(await page.getByTestId('segment-row').count()).toBe(4)
        // Amounts keep their cents: 185 in total, c's 100 in its cell.
        expect(await page.getByTestId('segments-total').textContent()).toContain('revenue €185.00')
        expect(await page.getByTestId('abcxyz-cell-Anone').textContent()).toContain('100.00')

        await page.getByTestId('abcxyz-cell-Anone').click()
        await page.waitForURL(/\/segments\/customers\?abc=A&xyz=none$/)
        await page.getByTestId('segment-customer-row').first().waitFor()
        expect(await page.getByTestId('segment-customer-row').count()).toBe(1)
        expect(await page.getByTestId('segment-customer-row').textContent()).toContain('Cezary Once')

        await page.getByTestId('segment-customer-row').click()
        await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/)
        expect(await page.getByTestId('customer-segment').textContent()).toBe('Hibernating')

        // Class A by value (c 100, b 40, a 30); sorted on the server by purchases (a 3, b 2, c 1) from the keyboard.
        await page.goto(`${url}/w/${workspaceId}/segments/customers?abc=A`)
        const names = () =>
          page.getByTestId('segment-customer-row').locator('td:nth-child(2)').allTextContents()
        await expect.poll(names).toEqual(['Cezary Once', 'Boris Twice', 'Anna Regular'])
        await page.locator('[data-sort-column="frequency"]').focus()
        await page.keyboard.press('Enter')
        await expect.poll(names).toEqual(['Anna Regular', 'Boris Twice', 'Cezary Once'])
        expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Purchases')
        expect(page.url()).toContain('abc=A&sort=frequency&dir=desc')
        const csv = page.getByRole('link', { name: /CSV/ })
        expect(await csv.getAttribute('href')).toContain('abc=A&sort=frequency&dir=desc')
        await page.keyboard.press('Enter')
        await expect.poll(names).toEqual(['Cezary Once', 'Boris Twice', 'Anna Regular'])
        expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Purchases')
      },
      { locale: 'en-US', timezoneId: 'UTC', timeout: 15_000 },
    )
  },
)
