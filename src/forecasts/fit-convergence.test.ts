import { expect, test } from 'vitest'
import { fitBgNbd } from './bgnbd.js'
import { FitNotConvergedError } from './fit-result.js'
import { fitParetoNbd } from './pareto-nbd.js'
import { simulateBgNbd } from './simulate.js'
import { groupSummaries } from './summary-groups.js'

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
