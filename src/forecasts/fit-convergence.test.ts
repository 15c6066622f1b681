import { expect, test } from 'vitest'
import { fitBgNbd } from './bgnbd.js'
import { FitNotConvergedError } from './fit-result.js'
import { fitParetoNbd } from './pareto-nbd.js'
import { simulateBgNbd } from './simulate.js'
import { summarizePurchases } from './summarize-purchases.js'
import { groupSummaries } from './summary-groups.js'
import { steadyPurchases, steadyStart } from './test-steady-shop.js'

test('a fit that runs out of iterations throws instead of returning its last point', () => {
  const data = groupSummaries(
    simulateBgNbd({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { customers: 2000, seed: 7, minT: 20, maxT: 40 }),
  )
  expect(() => fitBgNbd(data, { maxIterations: 2 })).toThrow(FitNotConvergedError)
  expect(() => fitParetoNbd(data, { maxIterations: 2 })).toThrow(/did not converge/)
  expect(fitBgNbd(data).converged).toBe(true)
})

test('customers without any repeat purchase cannot be fitted, and the error says why', () => {
  const data = groupSummaries({ x: [0, 0, 0], tx: [0, 0, 0], T: [10, 20, 30] })
  expect(() => fitBgNbd(data)).toThrow(/no customer made a repeat purchase/)
  expect(() => fitParetoNbd(data)).toThrow(FitNotConvergedError)
})

test('when nobody seems to stop buying, the Pareto/NBD fit gives up with a reason instead of running for hours', () => {
  // The search drifts to alpha ≫ beta, where 2F1 needs tens of millions of series terms per evaluation (this
  // took over ten minutes before the fit had a budget).
  const summaries = summarizePurchases(steadyPurchases(), {
    calibrationEnd: steadyStart + 638,
    holdoutEnd: null,
    unit: 'week',
  })
  const c = summaries.customers
  const data = groupSummaries({ x: c.map((r) => r.x), tx: c.map((r) => r.tx), T: c.map((r) => r.T) })
  expect(() => fitParetoNbd(data)).toThrow(/takes too long to evaluate/)
})
