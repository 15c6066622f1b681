import { createRandom } from '../demo/random.js'
import type { BgNbdParams } from './bgnbd.js'
import type { ParetoNbdParams } from './pareto-nbd.js'

export interface SimulatedSummaries {
  x: Float64Array
  tx: Float64Array
  T: Float64Array
}

export interface SimulationOptions {
  customers: number
  seed: number
  /** Each customer's T is drawn uniformly from [minT, maxT]. */
  minT: number
  maxT: number
  /** Round times to this grid (e.g. 1/7 for days in weeks), as real data are; 0 keeps them continuous. */
  grid?: number
}

/** Summaries drawn from the BG/NBD process with known parameters: dropout only after a repeat purchase. */
export function simulateBgNbd(params: BgNbdParams, options: SimulationOptions): SimulatedSummaries {
  return simulate(options, (rng, T) => {
    const lambda = rng.gamma(params.r, 1 / params.alpha)
    const p = rng.beta(params.a, params.b)
    let t = 0
    let x = 0
    let tx = 0
    for (;;) {
      t += rng.exponential(lambda)
      if (t > T) break
      x++
      tx = t
      if (rng.next() < p) break
    }
    return [x, tx]
  })
}

/** Summaries drawn from the Pareto/NBD process: Poisson purchases until an exponential lifetime ends. */
export function simulateParetoNbd(params: ParetoNbdParams, options: SimulationOptions): SimulatedSummaries {
  return simulate(options, (rng, T) => {
    const lambda = rng.gamma(params.r, 1 / params.alpha)
    const mu = rng.gamma(params.s, 1 / params.beta)
    const end = Math.min(T, rng.exponential(mu))
    let t = 0
    let x = 0
    let tx = 0
    for (;;) {
      t += rng.exponential(lambda)
      if (t > end) break
      x++
      tx = t
    }
    return [x, tx]
  })
}

function simulate(
  options: SimulationOptions,
  draw: (rng: ReturnType<typeof createRandom>, T: number) => [number, number],
): SimulatedSummaries {
  const rng = createRandom(options.seed)
  const n = options.customers
  const out = { x: new Float64Array(n), tx: new Float64Array(n), T: new Float64Array(n) }
  const grid = options.grid ?? 0
  const snap = (v: number) => (grid > 0 ? Math.round(v / grid) * grid : v)
  for (let i = 0; i < n; i++) {
    const T = snap(options.minT + rng.next() * (options.maxT - options.minT))
    const [x, tx] = draw(rng, T)
    out.x[i] = x
    out.tx[i] = Math.min(snap(tx), T)
    out.T[i] = T
  }
  return out
}
