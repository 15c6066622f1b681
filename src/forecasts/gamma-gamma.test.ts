import { expect, test } from 'vitest'
import { gammaGammaLogLikelihood, groupSpends } from './gamma-gamma.js'

test('customers with the same spend history count once, weighted, without changing the likelihood', () => {
  const x = [1, 2, 1, 3, 2, 1, 2]
  const mx = [10, 10, 10, 12.5, 10, 7, 10]
  const groups = groupSpends({ x, mx })
  expect([...groups.x]).toEqual([1, 2, 3, 1])
  expect([...groups.mx]).toEqual([10, 10, 12.5, 7])
  expect([...groups.weight]).toEqual([2, 3, 1, 1])
  const params = { p: 6.2, q: 3.9, gamma: 15.4 }
  const gradOne = [0, 0, 0]
  const gradGrouped = [0, 0, 0]
  const ll = gammaGammaLogLikelihood(params, { x, mx }, gradOne)
  expect(gammaGammaLogLikelihood(params, groups, gradGrouped)).toBeCloseTo(ll, 10)
  for (let i = 0; i < 3; i++) expect(gradGrouped[i]).toBeCloseTo(gradOne[i]!, 10)
  // Weights add up when grouped data is grouped again.
  expect([...groupSpends(groups).weight]).toEqual([2, 3, 1, 1])
})
