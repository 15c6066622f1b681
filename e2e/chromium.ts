import { existsSync, readdirSync, readFileSync } from 'node:fs'
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

/** The features playwright-core 1.65 disables, in the one --disable-features switch it passes. */
const playwrightDisabledFeatures = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
]

// Headless Chromium opens a window per browser context (each withPage), and each window loads its address bar's
// two WebUI popups in a renderer of their own: 0.7 of the 1.3 CPU-seconds a context cost. Chromium reads only
// the last --disable-features switch, so this one repeats Playwright's list (checked at the start).
const disabledFeatures = [...playwrightDisabledFeatures, 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup']

/** Without the background-networking flags Chromium keeps reaching for the closed network. */
async function startChromium(): Promise<Browser> {
  const browser = await chromium.launch({
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
      `--disable-features=${disabledFeatures.join(',')}`,
    ],
  })
  try {
    assertPlaywrightFeaturesKept()
  } catch (error) {
    await browser.close()
    throw error
  }
  return browser
}

/**
 * Fails unless ours is the browser's last --disable-features switch and keeps every feature the ones before it,
 * Playwright's, name (a newer Playwright disables more). The browser is this process's child, as /proc shows.
 */
function assertPlaywrightFeaturesKept(): void {
  if (!existsSync('/proc/self/cmdline')) return // not Linux: nothing to read it from
  const ours = `--disable-features=${disabledFeatures.join(',')}`
  const browser = childCommandLines().find((args) => args.includes(ours))
  const switches = browser?.filter((arg) => arg.startsWith('--disable-features=')) ?? []
  if (switches.at(-1) !== ours) throw new Error(`e2e/chromium.ts: no Chromium child with ${ours} last`)
  const dropped = switches
    .slice(0, -1)
    .flatMap((arg) => arg.slice('--disable-features='.length).split(','))
    .filter((feature) => !disabledFeatures.includes(feature))
  if (dropped.length > 0)
    throw new Error(`e2e/chromium.ts: add ${[...new Set(dropped)].join(', ')} to playwrightDisabledFeatures`)
}

function childCommandLines(): string[][] {
  return readdirSync('/proc').flatMap((pid) => {
    if (!/^\d+$/.test(pid)) return []
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      return parent === process.pid ? [readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')] : []
    } catch {
      return [] // ended meanwhile
    }
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
