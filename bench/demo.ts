import { chromiumAvailable, launchChromium } from '../e2e/chromium.js'
import { demoAlive } from '../e2e/demo-alive.js'

const targetSeconds = 30

/**
 * A newcomer's first run, timed: a fresh server, setup with demo data, then every navigation item until it shows
 * data. Prints each run's seconds per page and the median of the totals against the 30 s target.
 */
export async function benchDemo(runs: number): Promise<void> {
  if (!chromiumAvailable('bench demo'))
    throw new Error('the demo bench needs /usr/bin/chromium and a build (npm run build)')
  const browser = await launchChromium()
  const totals: number[] = []
  try {
    for (let run = 1; run <= runs; run++) {
      const report = await demoAlive(browser, 300_000)
      totals.push(report.totalSeconds)
      const pages = report.pages.map((p) => `${p.item} ${p.shownAt}s`).join(', ')
      console.log(
        `run ${run}: server start ${report.serverStartSeconds} s, setup ${report.setupSeconds} s, ` +
          `every page showing data ${report.totalSeconds} s after setup (load ${report.loadAverage.join(' ')})`,
      )
      console.log(`  ${pages}`)
    }
  } finally {
    await browser.close()
  }
  const median = [...totals].sort((a, b) => a - b)[Math.floor(totals.length / 2)] ?? 0
  console.log(
    `median ${median} s over ${runs} runs; target ≤ ${targetSeconds} s: ${median <= targetSeconds ? 'met' : 'NOT met'}`,
  )
}
