import { mkdirSync, writeFileSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { capabilities } from '../web/src/capabilities.js'
import { assertWebBuilt, chromiumAvailable, launchChromium } from './chromium.js'
import { demoAlive } from './demo-alive.js'

// Every navigation item comes alive with the demo's data after a newcomer's setup, and none is a placeholder.
// How fast is measured by `npm run bench -- demo` (target: all within 30 s); the seconds of this run are kept
// in test-artifacts/demo-alive/timings.json.

const hasChromium = chromiumAvailable('demo-alive')
const artifacts = new URL('../test-artifacts/demo-alive/', import.meta.url).pathname
let browser: Browser | undefined

beforeAll(async () => {
  if (!hasChromium) return
  assertWebBuilt()
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
})

test.skipIf(!hasChromium)(
  'after setup with demo data, every navigation item shows data, and none is a placeholder',
  async () => {
    const report = await demoAlive(browser!, 150_000)
    mkdirSync(artifacts, { recursive: true })
    writeFileSync(`${artifacts}timings.json`, `${JSON.stringify(report, null, 2)}\n`)
    expect(report.pages.map((p) => p.item)).toEqual(capabilities.map((c) => c.path))
    expect(report.pages.filter((p) => p.placeholder).map((p) => p.item)).toEqual([])
  },
  400_000,
)
