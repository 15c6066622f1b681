import { expect, test } from 'vitest'
import { bgNbdConditionalExpected, bgNbdProbabilityAlive } from './bgnbd.js'
import { customerLifetimeValue, defaultClvOptions } from './clv.js'
import { FitNotConvergedError, NoPurchaseModelError } from './fit-result.js'
import { fitForecastModels, predictCustomer } from './forecast-models.js'
import { paretoNbdConditionalExpected, paretoNbdProbabilityAlive } from './pareto-nbd.js'
import { predictionRows } from './run-forecast.js'
import { summarizePurchases } from './summarize-purchases.js'
import { steadyPurchases, steadyStart } from './test-steady-shop.js'
import { validateHoldout } from './validate-holdout.js'

test('when Pareto/NBD cannot be fitted, the forecast goes on with BG/NBD and says why', () => {
  const { customers } = summarizePurchases(steadyPurchases(), {
    calibrationEnd: steadyStart + 638,
    holdoutEnd: null,
    unit: 'week',
  })
  const models = fitForecastModels(customers)
  expect(models.paretoNbd).toBeNull()
  expect(models.bgnbd?.converged).toBe(true)
  expect(models.chosen).toBe('bgnbd')
  expect(models.warnings[0]).toMatch(
    /^the Pareto\/NBD model cannot be fitted: .*takes too long to evaluate.*; the predictions use BG\/NBD alone$/,
  )
  const bg = models.bgnbd!
  const c = customers.find((r) => r.x >= 2)!
  const p = predictCustomer(models, c, 13, { ...defaultClvOptions, unitsPerMonth: 30.4375 / 7 })
  expect(p).toMatchObject({ pAliveParetoNbd: null, expectedParetoNbd: null })
  expect(p.pAlive).toBe(bgNbdProbabilityAlive(bg, c.x, c.tx, c.T))
  expect(p.expectedPurchases).toBe(bgNbdConditionalExpected(bg, 13, c.x, c.tx, c.T))
  // Every transaction in this shop is worth 10: that is everybody's expected spend, and CLV follows from it.
  expect([models.gammaGamma, models.constantSpend]).toEqual([null, 10])
  expect(models.warnings[1]).toMatch(/^every repeat customer spends 10\.00 per transaction/)
  expect(p.expectedSpend).toBe(10)
  expect(p.clv).toBe(
    customerLifetimeValue(
      (t) => bgNbdConditionalExpected(bg, t, c.x, c.tx, c.T),
      10,
      30.4375 / 7,
      defaultClvOptions,
    ),
  )
  expect(p.clv).toBeGreaterThan(0)
  const [cells] = [...predictionRows(models, [c], 13, 'week')]
  // p_alive_bgnbd, p_alive_pareto_nbd, expected_purchases_bgnbd, expected_purchases_pareto_nbd
  expect(cells!.slice(5, 9)).toEqual([p.pAlive, '', p.expectedPurchases, ''])
})

test('spends that vary at all are left to Gamma-Gamma', () => {
  const { customers } = summarizePurchases(
    steadyPurchases().map((p, i) => ({ ...p, amount: i % 2 === 0 ? 10 : 10.5 })),
    { calibrationEnd: steadyStart + 638, holdoutEnd: null, unit: 'week' },
  )
  const models = fitForecastModels(customers)
  expect(models.constantSpend).toBeNull()
  expect(models.warnings.some((w) => /every repeat customer spends/.test(w))).toBe(false)
})

test('when neither purchase model can be fitted, the error gives each reason, once when they agree', () => {
  const none = [
    { x: 0, tx: 0, T: 10 },
    { x: 0, tx: 0, T: 20 },
  ]
  expect(() => fitForecastModels(none)).toThrow(NoPurchaseModelError)
  expect(() => fitForecastModels(none)).toThrow(
    /^no purchase model can be fitted: no customer made a repeat purchase, so the purchase process cannot be estimated$/,
  )
  const { customers } = summarizePurchases(steadyPurchases(), {
    calibrationEnd: steadyStart + 729,
    holdoutEnd: null,
    unit: 'week',
  })
  let error: unknown
  try {
    fitForecastModels(customers)
  } catch (e) {
    error = e
  }
  // Still a FitNotConvergedError, which the server stores as a failed fit and the CLI reports.
  expect(error).toBeInstanceOf(FitNotConvergedError)
  expect((error as Error).message).toMatch(
    /^no purchase model can be fitted: BG\/NBD: .+; Pareto\/NBD: .*takes too long to evaluate/,
  )
})

test('a holdout check without one model gives that model no figures and leaves the other one’s alone', () => {
  const data = summarizePurchases(steadyPurchases(), {
    calibrationEnd: steadyStart + 500,
    holdoutEnd: steadyStart + 729,
    unit: 'week',
  })
  const bgnbd = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }
  const paretoNbd = { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }
  const both = validateHoldout(data, { bgnbd, paretoNbd })
  const one = validateHoldout(data, { bgnbd, paretoNbd: null })
  expect(both.predicted.paretoNbd).toBeGreaterThan(0)
  expect(both.tracking.at(-1)!.paretoNbd).toBeGreaterThan(0)
  const withoutPareto = <T extends { paretoNbd: number | null }>(v: T) => ({ ...v, paretoNbd: null })
  expect(one.actual).toBe(both.actual)
  expect(one.predicted).toEqual(withoutPareto(both.predicted))
  expect(one.correlation).toEqual(withoutPareto(both.correlation))
  expect(one.tracking).toEqual(both.tracking.map(withoutPareto))
  expect(one.byFrequency).toEqual(both.byFrequency.map(withoutPareto))
  // And the other way round.
  const withoutBg = <T extends { bgnbd: number | null }>(v: T) => ({ ...v, bgnbd: null })
  const other = validateHoldout(data, { bgnbd: null, paretoNbd })
  expect(other.predicted).toEqual(withoutBg(both.predicted))
  expect(other.tracking).toEqual(both.tracking.map(withoutBg))
})

test('with BG/NBD missing, a customer’s predictions are Pareto/NBD’s', () => {
  const paretoNbd = { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }
  const c = { x: 3, tx: 20, T: 30, mx: 12 }
  const gammaGamma = { p: 6.25, q: 3.74, gamma: 15.44 }
  const options = { ...defaultClvOptions, unitsPerMonth: 30.4375 / 7 }
  const p = predictCustomer({ bgnbd: null, paretoNbd, gammaGamma, chosen: 'paretoNbd' }, c, 13, options)
  expect(p).toMatchObject({ pAliveBgNbd: null, expectedBgNbd: null })
  expect(p.pAlive).toBe(paretoNbdProbabilityAlive(paretoNbd, 3, 20, 30))
  expect(p.expectedPurchases).toBe(paretoNbdConditionalExpected(paretoNbd, 13, 3, 20, 30))
  // CLV follows the chosen model: the same as with both models fitted and Pareto/NBD chosen.
  const bgnbd = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }
  const both = predictCustomer({ bgnbd, paretoNbd, gammaGamma, chosen: 'paretoNbd' }, c, 13, options)
  expect(p.clv).toBe(both.clv)
  expect(p.clv).toBeGreaterThan(0)
})
