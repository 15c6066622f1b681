import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../src/db/db.js'
import { sql } from '../src/db/sql.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { loadDemo } from '../src/demo/load-demo.js'
import { recomputeSegments } from '../src/segments/recompute-segments.js'
import { startServer } from '../src/server/server.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'
import { setUpOwner } from './set-up-owner.js'

// The loyalty section in a real browser, on the demo shop: the numbers on the pages are the API's, a tier edited
// in the settings is the tier the API then serves, and a thank-you sent from the queue leaves it.

const hasChromium = chromiumAvailable('loyalty')

let db: Db | undefined
let server: { url: string; close(): Promise<void> } | undefined
let browser: Browser | undefined
let workspaceId = ''
const owner = { email: 'owner@loyalty.test', password: 'correct horse battery', name: 'Olena Owner' }

beforeAll(async () => {
  if (!hasChromium) return
  assertWebBuilt()
  db = await pgliteTestDb()
  server = await startServer({ db, port: 0, host: '127.0.0.1', jobs: false })
  browser = await launchChromium()
  workspaceId = (await setUpOwner(server.url, owner)).workspaces[0]!.id
  await loadDemo(db, workspaceId, { customers: 300, seed: 5 })
  // What the server's worker does after the demo's import (jobs are off here): the valuable customers never
  // thanked are the segments' class A.
  await recomputeSegments(db, workspaceId)
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await db?.close()
})

const count = (text: string) => new Intl.NumberFormat('en').format(BigInt(text))

async function api<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(`${server!.url}/api/v1/workspaces/${workspaceId}/loyalty${path}`)
  expect(response.status(), path).toBe(200)
  return (await response.json()) as T
}

interface Health {
  members: number
  engaged: number
  liability: { points: string; value: string | null }
  issued: { points: string }
  tierMovements: { month: string }[]
}
interface Members {
  items: { customerId: string; name: string | null; externalId: string; balance: string }[]
  total: number
}

test.skipIf(!hasChromium)(
  'the loyalty pages show the API’s numbers, a tier edited is served, and a thank-you leaves the queue',
  async () => {
    const url = server!.url
    await withPage(
      browser!,
      'loyalty',
      async (page) => {
        await page.request.post(`${url}/api/v1/auth/login`, { data: owner })
        await page.goto(`${url}/w/${workspaceId}/loyalty`)

        // Program health: the demo's figures, as the API computes them, formatted in English.
        const health = await api<Health>(page, '/health')
        expect(health.members).toBeGreaterThan(0)
        expect(health.liability.value).not.toBeNull()
        expect(health.tierMovements.length).toBeGreaterThan(1)
        await page.getByTestId('loyalty-liability-points').waitFor()
        expect(await page.getByTestId('loyalty-liability-points').textContent()).toBe(
          count(health.liability.points),
        )
        expect(await page.getByTestId('loyalty-engaged').textContent()).toContain(
          `${health.engaged} of ${health.members} members`,
        )
        expect(await page.getByTestId('loyalty-cost-detail').textContent()).toContain(
          `${count(health.issued.points)} points issued`,
        )
        await page.getByTestId('loyalty-movements-chart').locator('canvas').waitFor()

        // Members: the first row's balance is the API's; its link opens the member's ledger.
        await page.getByTestId('loyalty-tab-members').click()
        const members = await api<Members>(page, '/members?limit=50&offset=0')
        const first = members.items[0]!
        const row = page.getByTestId('loyalty-member-row').first()
        await row.waitFor()
        expect(await page.getByTestId('loyalty-member-row').count()).toBe(Math.min(50, members.total))
        expect(await row.getByTestId('loyalty-member-balance').textContent()).toBe(count(first.balance))
        await row.locator('a').click()
        await page.waitForURL(new RegExp(`/loyalty/members/${first.customerId}$`))
        const detail = await api<{ balance: string; lots: unknown[] }>(page, `/members/${first.customerId}`)
        await page.getByTestId('loyalty-lots-table').waitFor()
        expect(await page.getByTestId('loyalty-ledger-balance').textContent()).toBe(count(detail.balance))
        expect(await page.getByTestId('loyalty-lot-row').count()).toBe(detail.lots.length)
        expect(await page.getByTestId('loyalty-entry-row').count()).toBeGreaterThan(0)
        // Newest first, the ledger pages to newer and older entries; the first page has nothing newer.
        expect(await page.getByTestId('loyalty-entries-previous').textContent()).toBe('Newer')
        expect(await page.getByTestId('loyalty-entries-previous').isDisabled()).toBe(true)
        expect(await page.getByTestId('loyalty-entries-next').textContent()).toBe('Older')
        // The ledger sorts on the server: by points, the biggest first, as the API orders them.
        type Entries = { entries: { seq: string; points: string }[] }
        const byPoints = await api<Entries>(page, `/members/${first.customerId}/entries?sort=points&dir=desc`)
        const entriesTable = page.getByTestId('loyalty-entries-table')
        await entriesTable.locator('[data-sort-column="points"]').click()
        await expect
          .poll(() => entriesTable.locator('th[aria-sort="descending"]').textContent())
          .toContain('Points')
        await expect
          .poll(() => page.getByTestId('loyalty-entry-row').first().locator('td.num').textContent())
          .toContain(count(byPoints.entries[0]!.points))
        expect(await page.getByTestId('loyalty-entries-next').textContent()).toBe('Next')

        // Settings: rename the first tier; the API serves the new name and the members filter offers it.
        await page.getByTestId('loyalty-tab-settings').click()
        const tierName = page.getByTestId('loyalty-tier-edit').first().getByLabel('Name')
        await tierName.fill('Close friend')
        await page.getByTestId('loyalty-save-tiers').click()
        await page.getByText('Saved').waitFor()
        const tiers = await api<{ tiers: { code: string; name: string }[] }>(page, '/tiers')
        expect(tiers.tiers[0]).toMatchObject({ code: 'friend', name: 'Close friend' })
        await page.getByTestId('loyalty-tab-members').click()
        await expect
          .poll(() => page.getByTestId('loyalty-tier-filter').locator('option').allTextContents())
          .toContain('Close friend')

        // Event rules and referrals: the demo's are shown; a rule added and a tighter limit are what the API serves.
        await page.getByTestId('loyalty-tab-settings').click()
        await page.getByTestId('loyalty-event-rule').first().waitFor()
        expect(await page.getByTestId('loyalty-event-type').first().inputValue()).toBe('review')
        expect(await page.getByTestId('loyalty-referral-reward').textContent()).toContain('100 points')
        expect(await page.getByTestId('loyalty-referral-checks').locator('li').count()).toBe(7)
        await page.getByTestId('loyalty-add-event-rule').click()
        await page.getByTestId('loyalty-event-type').last().fill('forum_answer_accepted')
        await page.getByTestId('loyalty-event-act').last().selectOption('community_help')
        await page.getByTestId('loyalty-save-event-rules').click()
        await expect
          .poll(async () => (await api<{ rules: unknown[] }>(page, '/event-rules')).rules)
          .toEqual([
            { eventType: 'forum_answer_accepted', actKind: 'community_help' },
            { eventType: 'review', actKind: 'review' },
          ])
        expect(await page.getByTestId('loyalty-referral-return-days').inputValue()).toBe('30')
        await page.getByTestId('loyalty-referral-return-days').fill('14')
        await page.getByTestId('loyalty-referral-limit').fill('')
        await page.getByTestId('loyalty-save-referrals').click()
        await expect
          .poll(() => api(page, '/referral-settings'))
          .toEqual({
            returnDays: 14,
            limit: null,
            limitDays: 30,
            link: 'https://shop.example/join?ref={code}',
          })
        // A link without {code} is refused, naming the field, and nothing changes.
        await page.getByTestId('loyalty-referral-link').fill('https://shop.example/join')
        await page.getByTestId('loyalty-save-referrals').click()
        await page.getByTestId('loyalty-referral-form').getByRole('alert').waitFor()
        expect(await page.getByTestId('loyalty-referral-form').getByRole('alert').textContent()).toContain(
          'link',
        )
        expect((await api<{ link: string }>(page, '/referral-settings')).link).toBe(
          'https://shop.example/join?ref={code}',
        )
        // In Ukrainian: the section's title and the guard's first check.
        await page.getByTestId('language-switcher').selectOption('uk')
        await expect.poll(() => page.locator('#referrals-title').textContent()).toBe('Рекомендації')
        expect(await page.getByTestId('loyalty-referral-checks').locator('li').first().textContent()).toBe(
          'власний код того, хто рекомендує',
        )
        await page.getByTestId('language-switcher').selectOption('en')

        // Thank-you queue: thank the oldest act waiting; the API records the thanks and the queue moves on.
        await page.getByTestId('loyalty-tab-thanks').click()
        const waiting = await api<{ items: { id: string; customerName: string }[] }>(page, '/acts/waiting')
        const oldest = waiting.items[0]!
        await page.getByTestId('loyalty-waiting-row').first().waitFor()
        expect(await page.locator(`[data-act="${oldest.id}"]`).count()).toBe(1)
        expect(await page.getByTestId('loyalty-waiting-row').first().textContent()).toContain(
          oldest.customerName,
        )
        await page.getByTestId('loyalty-thank').first().click()
        await page.getByLabel('Message').fill('Thank you for the review — Olena')
        await page.getByTestId('loyalty-thank-send').click()
        await page.getByTestId('loyalty-thank-form').waitFor({ state: 'detached' })
        const [act] = await db!.query<{ thankedBy: string; thankMessage: string }>(sql`
          select thanked_by as "thankedBy", thank_message as "thankMessage" from loyalty_acts where id = ${oldest.id}`)
        expect(act).toEqual({ thankedBy: 'Olena Owner', thankMessage: 'Thank you for the review — Olena' })
        const after = await api<{ items: { id: string }[] }>(page, '/acts/waiting')
        expect(after.items.map((a) => a.id)).not.toContain(oldest.id)
        await expect.poll(() => page.locator(`[data-act="${oldest.id}"]`).count()).toBe(0)

        // Valuable customers never thanked: the API's list, and a thank-you sent from there for their oldest act.
        const never = await api<{ items: { customerId: string; actsWaiting: number }[] }>(
          page,
          '/never-thanked?limit=20',
        )
        expect(never.items.length).toBeGreaterThan(0)
        await page.getByTestId('loyalty-never-row').first().waitFor()
        expect(await page.getByTestId('loyalty-never-row').count()).toBe(never.items.length)
        const withActs = never.items.findIndex((c) => c.actsWaiting > 0)
        // The demo has valuable customers never thanked with an act waiting: thank one of them from here.
        expect(withActs).toBeGreaterThanOrEqual(0)
        const valued = never.items[withActs]!
        await page.getByTestId('loyalty-never-row').nth(withActs).getByRole('button').click()
        await page.getByTestId('loyalty-thank-send').click()
        await page.getByTestId('loyalty-thank-form').waitFor({ state: 'detached' })
        const [thanked] = await db!.query<{ n: number }>(sql`select count(*)::int as n from loyalty_acts
          where customer_id = ${valued.customerId} and thanked_at is not null`)
        expect(thanked?.n).toBe(1)
        const left = await api<{ items: { customerId: string }[] }>(page, '/never-thanked?limit=20')
        expect(left.items.map((c) => c.customerId)).not.toContain(valued.customerId)

        // The queue sorts on the server, from the keyboard too: by customer, A to Z, as the API orders it.
        const byCustomer = await api<{ items: { id: string }[] }>(page, '/acts/waiting?sort=customer&dir=asc')
        const waitingTable = page.getByTestId('loyalty-waiting-table')
        await waitingTable.locator('[data-sort-column="customer"]').focus()
        await page.keyboard.press('Enter')
        await expect
          .poll(() => page.getByTestId('loyalty-waiting-row').first().getAttribute('data-act'))
          .toBe(byCustomer.items[0]!.id)
        expect(await waitingTable.locator('th[aria-sort="ascending"]').textContent()).toContain('Customer')

        // The customer page explains the member's engagement score, as the API reports it.
        const engagement = await page.request.get(
          `${url}/api/v1/workspaces/${workspaceId}/loyalty/engagement/${first.customerId}`,
        )
        const { score } = (await engagement.json()) as { score: number }
        await page.goto(`${url}/w/${workspaceId}/customers/${first.customerId}`)
        await page.getByTestId('engagement-score').waitFor()
        expect(await page.getByTestId('engagement-score').textContent()).toBe(`${score} of 100`)
        expect(await page.getByTestId('engagement-parts').locator('tbody tr').count()).toBe(3)
      },
      { timeout: 20_000 },
    )
  },
  240_000,
)
