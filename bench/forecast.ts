import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fitBgNbd } from '../src/forecasts/bgnbd.js'
import { fitParetoNbd } from '../src/forecasts/pareto-nbd.js'
import { type SimulatedSummaries, simulateBgNbd, simulateParetoNbd } from '../src/forecasts/simulate.js'
import { groupSummaries } from '../src/forecasts/summary-groups.js'

// CDNOW-like customers: first purchases over 12 weeks, calibration to week 39, times on a daily grid.
const bgTruth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
const pnbdTruth = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }

/** `npm run bench -- forecast [customers]`: BG/NBD and Pareto/NBD fits on simulated customers, grouped and not. */
export async function benchForecast(customers: number): Promise<void> {
  const options = { customers, seed: 2005, minT: 27, maxT: 39, grid: 1 / 7 }
  report('BG/NBD', simulateBgNbd(bgTruth, options), fitBgNbd, ['r', 'alpha', 'a', 'b'], customers, 1.5)
  benchSummaryFile(simulateBgNbd(bgTruth, options))
  report(
    'Pareto/NBD',
    simulateParetoNbd(pnbdTruth, options),
    fitParetoNbd,
    ['r', 'alpha', 's', 'beta'],
    100_000,
    7,
  )
}

function report<K extends string, F extends { iterations: number } & Record<K, number>>(
  name: string,
  sim: SimulatedSummaries,
  fitModel: (data: ReturnType<typeof groupSummaries>) => F,
  names: K[],
  ungroupedCustomers: number,
  target: number,
): void {
  const fitOnce = fitModel
  const keys = names
  const n = sim.x.length
  let started = performance.now()
  const groups = groupSummaries(sim)
  const grouping = seconds(started)
  started = performance.now()
  const grouped = fitOnce(groups)
  const fitting = seconds(started)
  const total = grouping + fitting
  console.log(
    `${name}: ${n.toLocaleString('en')} customers in ${groups.weight.length.toLocaleString('en')} groups; ` +
      `grouping ${grouping.toFixed(2)} s + fit ${fitting.toFixed(2)} s = ${total.toFixed(2)} s ` +
      `(target ≤ ${target} s: ${total <= target ? 'met' : 'NOT met'}), ${grouped.iterations} iterations`,
  )
  console.log(`  parameters ${keys.map((k) => `${k} ${grouped[k].toPrecision(6)}`).join(', ')}`)

  // The same fit without grouping, on the first customers when a full ungrouped fit would be slow.
  const m = Math.min(n, ungroupedCustomers)
  const slice = { x: sim.x.subarray(0, m), tx: sim.tx.subarray(0, m), T: sim.T.subarray(0, m) }
  const a = m === n ? grouped : fitOnce(groupSummaries(slice))
  started = performance.now()
  const b = fitOnce(groupSummaries(slice, { merge: false }))
  const ungrouped = seconds(started)
  const worst = Math.max(...keys.map((k) => Math.abs(a[k] / b[k] - 1)))
  console.log(
    `  grouped vs ungrouped on ${m.toLocaleString('en')} customers (ungrouped fit ${ungrouped.toFixed(2)} s): ` +
      `largest relative difference ${worst.toExponential(2)} (${worst <= 1e-4 ? 'within' : 'NOT within'} 1e-4)`,
  )
}

const seconds = (since: number) => (performance.now() - since) / 1000

/**
 * `rapport analyze forecast --summary FILE` on the simulated customers' summaries, as a whole process of the
 * compiled CLI (run `npm run build` first): wall and CPU seconds, peak memory.
 */
function benchSummaryFile(sim: SimulatedSummaries): void {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-bench-forecast-'))
  try {
    const file = join(dir, 'summaries.csv')
    const lines = ['id,x,t_x,T']
    for (let i = 0; i < sim.x.length; i++) lines.push(`c${i},${sim.x[i]},${sim.tx[i]},${sim.T[i]}`)
    writeFileSync(file, `${lines.join('\n')}\n`)
    const root = new URL('..', import.meta.url).pathname
    const args = [join(root, 'bin/rapport'), 'analyze', 'forecast', '--summary', file]
    const timeTool = existsSync('/usr/bin/time')
    const started = performance.now()
    const result = timeTool
      ? spawnSync('/usr/bin/time', ['-f', 'rusage %U %S %M', process.execPath, ...args], { encoding: 'utf8' })
      : spawnSync(process.execPath, args, { encoding: 'utf8' })
    const wall = (performance.now() - started) / 1000
    if (result.status !== 0) throw new Error(`analyze forecast --summary failed: ${result.stderr}`)
    const [, user, system, kb] = /rusage ([\d.]+) ([\d.]+) (\d+)/.exec(result.stderr) ?? []
    const usage = user
      ? `; CPU ${(Number(user) + Number(system)).toFixed(1)} s, peak memory ${(Number(kb) / 1024).toFixed(0)} MB`
      : ''
    console.log(
      `rapport analyze forecast --summary, ${sim.x.length.toLocaleString('en')} customers, whole process: ${wall.toFixed(2)} s${usage} (target ≤ 3 s: ${wall <= 3 ? 'met' : 'NOT met'})`,
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
