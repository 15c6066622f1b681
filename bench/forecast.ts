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
