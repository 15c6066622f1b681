import { expect, test } from 'vitest'
import { createRandom } from '../demo/random.js'
import { bgNbdLogLikelihood, fitBgNbd } from './bgnbd.js'
import { fitGammaGamma, gammaGammaLogLikelihood } from './gamma-gamma.js'
import { fitParetoNbd, paretoNbdLogLikelihood } from './pareto-nbd.js'
import { simulateBgNbd, simulateParetoNbd } from './simulate.js'
import { standardErrors } from './standard-errors.js'
import { groupSummaries } from './summary-groups.js'

// Data drawn from known parameters: the fit must land within four standard errors (on the log scale) of them.
const options = { customers: 20_000, seed: 42, minT: 26, maxT: 39 }

test('BG/NBD recovers the parameters it was simulated from', () => {
  const truth = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }
  const data = groupSummaries(simulateBgNbd(truth, options))
  const fit = fitBgNbd(data)
  const theta = [fit.r, fit.alpha, fit.a, fit.b].map(Math.log)
  const se = standardErrors(
    (t) =>
      -bgNbdLogLikelihood(
        { r: Math.exp(t[0]!), alpha: Math.exp(t[1]!), a: Math.exp(t[2]!), b: Math.exp(t[3]!) },
        data,
      ),
    theta,
  )
  const truthTheta = [truth.r, truth.alpha, truth.a, truth.b].map(Math.log)
  theta.forEach((v, i) => {
    expect(se[i]).toBeGreaterThan(0)
    expect(se[i]).toBeLessThan(0.5)
    expect(Math.abs(v - truthTheta[i]!)).toBeLessThan(4 * se[i]!)
  })
})

test('Pareto/NBD recovers the parameters it was simulated from', () => {
  const truth = { r: 0.55, alpha: 10.5, s: 0.6, beta: 11.7 }
  const data = groupSummaries(simulateParetoNbd(truth, { ...options, grid: 1 / 7 }))
  expect(data.weight.length).toBeLessThan(options.customers / 2)
  const fit = fitParetoNbd(data)
  const theta = [fit.r, fit.alpha, fit.s, fit.beta].map(Math.log)
  const se = standardErrors(
    (t) =>
      -paretoNbdLogLikelihood(
        { r: Math.exp(t[0]!), alpha: Math.exp(t[1]!), s: Math.exp(t[2]!), beta: Math.exp(t[3]!) },
        data,
      ),
    theta,
  )
  const truthTheta = [truth.r, truth.alpha, truth.s, truth.beta].map(Math.log)
  theta.forEach((v, i) => {
    expect(se[i]).toBeGreaterThan(0)
    expect(Math.abs(v - truthTheta[i]!)).toBeLessThan(4 * se[i]!)
  })
})

test('grouping customers with identical summaries changes neither the likelihood nor the fit', () => {
  const sim = simulateBgNbd({ r: 0.4, alpha: 6, a: 1.2, b: 3 }, { ...options, customers: 5000, grid: 1 / 7 })
  const grouped = groupSummaries(sim)
  const ungrouped = groupSummaries(sim, { merge: false })
  expect(grouped.weight.length).toBeLessThan(ungrouped.weight.length)
  const p = { r: 0.4, alpha: 6, a: 1.2, b: 3 }
  expect(bgNbdLogLikelihood(p, grouped)).toBeCloseTo(bgNbdLogLikelihood(p, ungrouped), 6)
  const q = { r: 0.4, alpha: 6, s: 0.7, beta: 9 }
  expect(paretoNbdLogLikelihood(q, grouped)).toBeCloseTo(paretoNbdLogLikelihood(q, ungrouped), 6)
  const a = fitBgNbd(grouped)
  const b = fitBgNbd(ungrouped)
  for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(a[k] / b[k] - 1)).toBeLessThan(1e-4)
})

test('the analytic BG/NBD gradient agrees with central differences', () => {
  const data = groupSummaries(
    simulateBgNbd({ r: 0.3, alpha: 5, a: 0.9, b: 2 }, { ...options, customers: 500 }),
  )
  const theta = [Math.log(0.35), Math.log(4), Math.log(1.1), Math.log(2.5)]
  const at = (t: readonly number[]) => ({
    r: Math.exp(t[0]!),
    alpha: Math.exp(t[1]!),
    a: Math.exp(t[2]!),
    b: Math.exp(t[3]!),
  })
  const grad = [0, 0, 0, 0]
  bgNbdLogLikelihood(at(theta), data, grad)
  theta.forEach((_, i) => {
    const h = 1e-6
    const up = [...theta]
    const down = [...theta]
    up[i]! += h
    down[i]! -= h
    const numeric = (bgNbdLogLikelihood(at(up), data) - bgNbdLogLikelihood(at(down), data)) / (2 * h)
    expect(grad[i]).toBeCloseTo(numeric, 3)
  })
})

test('the analytic Pareto/NBD gradient agrees with central differences, for α above and below β', () => {
  const data = groupSummaries(
    simulateParetoNbd({ r: 0.5, alpha: 8, s: 0.7, beta: 10 }, { ...options, customers: 500, grid: 1 / 7 }),
  )
  for (const start of [
    [0.6, 7, 0.8, 12],
    [0.4, 12, 1.3, 5],
  ]) {
    const theta = start.map(Math.log)
    const at = (t: readonly number[]) => ({
      r: Math.exp(t[0]!),
      alpha: Math.exp(t[1]!),
      s: Math.exp(t[2]!),
      beta: Math.exp(t[3]!),
    })
    const grad = [0, 0, 0, 0]
    paretoNbdLogLikelihood(at(theta), data, grad)
    theta.forEach((_, i) => {
      const h = 1e-6
      const up = [...theta]
      const down = [...theta]
      up[i]! += h
      down[i]! -= h
      const numeric =
        (paretoNbdLogLikelihood(at(up), data) - paretoNbdLogLikelihood(at(down), data)) / (2 * h)
      expect(grad[i]).toBeCloseTo(numeric, 3)
    })
  }
})

test('Gamma-Gamma recovers the spend parameters it was simulated from', () => {
  const truth = { p: 6, q: 4, gamma: 15 }
  const rng = createRandom(3)
  const x: number[] = []
  const mx: number[] = []
  for (let i = 0; i < 5000; i++) {
    // ν ~ Gamma(q, rate γ); each transaction's value ~ Gamma(p, rate ν).
    const nu = rng.gamma(truth.q, 1 / truth.gamma)
    const n = 1 + rng.poisson(3)
    let total = 0
    for (let j = 0; j < n; j++) total += rng.gamma(truth.p, 1 / nu)
    x.push(n)
    mx.push(total / n)
  }
  const fit = fitGammaGamma({ x, mx })
  const theta = [fit.p, fit.q, fit.gamma].map(Math.log)
  const se = standardErrors(
    (t) =>
      -gammaGammaLogLikelihood({ p: Math.exp(t[0]!), q: Math.exp(t[1]!), gamma: Math.exp(t[2]!) }, { x, mx }),
    theta,
  )
  const truthTheta = [truth.p, truth.q, truth.gamma].map(Math.log)
  theta.forEach((v, i) => {
    expect(se[i]).toBeGreaterThan(0)
    expect(Math.abs(v - truthTheta[i]!)).toBeLessThan(4 * se[i]!)
  })
})
