import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { startServerProcess } from '../bench/server-process.js'
import { capabilities } from '../web/src/capabilities.js'
import { withPage } from './chromium.js'

// A newcomer's first run: `rapport serve` on a fresh PGlite data dir, setup with demo data through the page, then
// every navigation item in turn until it shows data (not a placeholder, not an empty state). The browser test
// checks that every page comes alive; `npm run bench -- demo` times it against the 30 s a newcomer should wait.

type NavPath = (typeof capabilities)[number]['path']

/** What proves each navigation item's page shows the demo's data: a row, a fitted model, a figure. */
const dataShown: Record<NavPath, (page: Page) => Locator> = {
  customers: (page) => page.getByTestId('customer-row'),
  segments: (page) => page.getByTestId('segment-row'),
  forecasts: (page) => page.getByTestId('forecast-parameters'),
  surveys: (page) => page.getByTestId('survey-row'),
  insights: (page) => page.getByTestId('insight-revenue-at-risk-value').filter({ hasText: /\d/ }),
  feedback: (page) => page.getByTestId('drivers-row'),
  journeys: (page) => page.getByTestId('journey-row'),
  cases: (page) => page.getByTestId('case-row'),
  loyalty: (page) => page.getByTestId('loyalty-liability-points').filter({ hasText: /[1-9]/ }),
  settings: (page) => page.locator('[data-testid="workspace-settings"] input[value="Demo shop"]'),
}

export interface PageTiming {
  item: string
  openedAt: number
  shownAt: number
  seconds: number
  placeholder: boolean
}

export interface DemoAliveReport {
  measuredAt: string
  loadAverage: number[]
  serverStartSeconds: number
  setupSeconds: number
  /** Seconds from submitting the setup until the last navigation item showed data. */
  totalSeconds: number
  pages: PageTiming[]
  demoSteps: { step: string | null; at: number }[]
}

/** Starts a server on a fresh data dir, sets it up with demo data and opens every navigation item in turn. */
export async function demoAlive(browser: Browser, pageTimeoutMs: number): Promise<DemoAliveReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-demo-alive-'))
  const started = performance.now()
  const server = await startServerProcess({ RAPPORT_DATA_DIR: dataDir })
  const serverStartSeconds = (performance.now() - started) / 1000
  const pages: PageTiming[] = []
  const demoSteps: { step: string | null; at: number }[] = []
  let setupSeconds = 0
  try {
    await withPage(
      browser,
      'demo-alive',
      async (page) => {
        await fillSetup(page, server.url)
        const start = performance.now()
        const since = () => (performance.now() - start) / 1000
        await page.getByTestId('setup-submit').click()
        await page.waitForURL(/\/w\/[^/]+\/customers$/)
        setupSeconds = since()
        const workspaceId = new URL(page.url()).pathname.split('/')[2] ?? ''
        const watching = watchDemoSteps(
          page,
          `${server.url}/api/v1/workspaces/${workspaceId}/demo-status`,
          since,
          demoSteps,
        )
        try {
          for (const { path } of capabilities) {
            const openedAt = since()
            await page.getByTestId(`nav-${path}`).click()
            await page.waitForURL(new RegExp(`/${path}(/[a-z-]+)?$`))
            // The page reloads its data as each demo step lands; what it shows is polled until it is there.
            await dataShown[path](page).first().waitFor({ timeout: pageTimeoutMs })
            const placeholder = (await page.getByTestId('unavailable').count()) > 0
            const shownAt = since()
            pages.push({ item: path, openedAt, shownAt, seconds: shownAt - openedAt, placeholder })
          }
        } finally {
          watching.stop()
        }
      },
      { timeout: 20_000 },
    )
  } finally {
    await server.kill()
    rmSync(dataDir, { recursive: true, force: true })
  }
  return {
    measuredAt: new Date().toISOString(),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    serverStartSeconds: round(serverStartSeconds),
    setupSeconds: round(setupSeconds),
    totalSeconds: round(pages.at(-1)?.shownAt ?? 0),
    pages: pages.map((p) => ({
      ...p,
      openedAt: round(p.openedAt),
      shownAt: round(p.shownAt),
      seconds: round(p.seconds),
    })),
    demoSteps,
  }
}

export const round = (seconds: number) => Math.round(seconds * 10) / 10

async function fillSetup(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.waitForURL(/\/setup$/)
  await page.getByTestId('setup-organization').fill('Demo retail')
  await page.getByTestId('setup-workspace').fill('Demo shop')
  await page.getByTestId('setup-name').fill('Newcomer')
  await page.getByTestId('setup-email').fill('newcomer@example.com')
  await page.getByTestId('setup-password').fill('correct horse battery')
  await page.getByTestId('setup-demo').check()
}

/** Records when the server's demo loading moves from step to step (what the dashboard's notice shows). */
function watchDemoSteps(
  page: Page,
  statusUrl: string,
  since: () => number,
  steps: { step: string | null; at: number }[],
): { stop(): void } {
  let stopped = false
  void (async () => {
    while (!stopped) {
      const response = await page.request.get(statusUrl).catch(() => undefined)
      // The page may close between the request and reading its body (the test ends): that poll reads nothing.
      const status = response?.ok()
        ? ((await response.json().catch(() => undefined)) as { step: string | null } | undefined)
        : undefined
      if (status && steps.at(-1)?.step !== status.step) steps.push({ step: status.step, at: round(since()) })
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  })()
  return {
    stop: () => {
      stopped = true
    },
  }
}
