import { existsSync } from 'node:fs'
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core'

// Browser tests drive Debian's Chromium, never a downloaded browser.
const chromiumPath = '/usr/bin/chromium'

/** Whether Chromium is here; CI insists that it is, elsewhere the named test is skipped with a notice. */
export function chromiumAvailable(testName: string): boolean {
  if (existsSync(chromiumPath)) return true
  if (process.env.CI) throw new Error(`CI needs Chromium at ${chromiumPath}`)
  console.warn(`Chromium not found at ${chromiumPath}: the ${testName} browser test is skipped`)
  return false
}

/** Fails early with the remedy when the web pages (the dashboard, or the survey page) have not been built. */
export function assertWebBuilt(page: 'index.html' | 'survey.html' = 'index.html'): void {
  if (!existsSync(new URL(`../web/dist/${page}`, import.meta.url))) {
    throw new Error('web/dist is missing: run `npm run build` (npm test does) before the browser test')
  }
}

let shared: Promise<Browser> | undefined

/**
 * Headless Chromium, one per test process: the test files a worker runs one after the other share it, as they
 * share the module graph (each page still gets a fresh context in withPage). Starting one costs about a third of
 * a CPU-second and a second of waiting. The handle's close() closes the contexts opened through it and leaves the
 * browser to the next file; Playwright ends the browser with the process.
 */
export async function launchChromium(): Promise<Browser> {
  shared ??= startChromium().catch((error) => {
    shared = undefined
    throw error
  })
  let browser = await shared
  if (!browser.isConnected()) {
    shared = startChromium()
    browser = await shared
  }
  const contexts = new Set<BrowserContext>()
  return new Proxy(browser, {
    get(target, property) {
      if (property === 'close')
        return async () => {
          await Promise.all([...contexts].map((context) => context.close()))
        }
      if (property === 'newContext')
        return async (options?: BrowserContextOptions) => {
          const context = await target.newContext(options)
          contexts.add(context)
          context.once('close', () => contexts.delete(context))
          return context
        }
      if (property === 'newPage') throw new Error('open pages with withPage (a context of their own)')
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** Without the background-networking flags Chromium keeps reaching for the closed network. */
function startChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * Runs `use` on a page of a fresh browser context (UTC unless told otherwise). When it fails, a full-page
 * screenshot is saved and its path printed before the error goes on; the context is closed either way.
 */
export async function withPage(
  browser: Browser,
  name: string,
  use: (page: Page) => Promise<void>,
  options: BrowserContextOptions & { timeout?: number } = {},
): Promise<void> {
  const { timeout, ...contextOptions } = options
  const context = await browser.newContext({ timezoneId: 'UTC', ...contextOptions })
  const page = await context.newPage()
  page.setDefaultTimeout(timeout ?? 10_000)
  try {
    await use(page)
  } catch (error) {
    const path = `/tmp/rapport-e2e-${name}-${Date.now()}.png`
    await page.screenshot({ path, fullPage: true }).catch(() => undefined)
    console.error(`${name} browser test failed; screenshot: ${path}`)
    throw error
  } finally {
    await context.close()
  }
}
