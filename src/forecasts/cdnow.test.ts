import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, test } from 'vitest'
import { sharedDataset } from '../test-datasets.js'
import {
  bgNbdConditionalExpected,
  bgNbdExpected,
  bgNbdProbabilityAlive,
  bgNbdProbabilityOfPurchases,
  fitBgNbd,
} from './bgnbd.js'
import { fitGammaGamma, gammaGammaExpectedSpend } from './gamma-gamma.js'
import {
  fitParetoNbd,
  paretoNbdConditionalExpected,
  paretoNbdExpected,
  paretoNbdProbabilityAlive,
} from './pareto-nbd.js'
import { summarizeOrdersFile } from './summarize-in-duckdb.js'
import { dayOf, summarizePurchases } from './summarize-purchases.js'
import { groupSummaries } from './summary-groups.js'
import { validateHoldout } from './validate-holdout.js'

// The CDNOW sample (2,357 customers) against the references listed in reference_values.csv, whose source
// column says which values are published and which were computed while building this project.
const sample = sharedDataset('cdnow/CDNOW_sample.txt', 'the CDNOW reference tests')
const dir = sample ? dirname(sample) : ''

// Published: each value's source is named beside it (FHL05a is Fader, Hardie & Lee 2005, Marketing Science
// 24(2); the lifetimes and CLVTools values are those their own tests check against Hardie's spreadsheets or
// R BTYD).
const published = {
  // FHL05a section 7 (lifetimes tests/test_estimation.py; CLVTools test_correctness_bgnbd.R).
  bgNbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  // FHL05a, and unrounded in CLVTools test_correctness_bgnbd.R.
  bgNbdLogLikelihood: { rounded: -9582.4, unrounded: -9582.429 },
  // lifetimes test_conditional_expectation_returns_same_value_as_Hardie_excel_sheet (t=39, x=2, t_x=30.43, T=38.86).
  bgNbdConditionalExpected: 1.226,
  // lifetimes test_expectation_returns_same_value_Hardie_excel_sheet, at t = 0.1429, 1, 3, 31.8571, 32, 78.
  bgNbdExpected: [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576],
  // lifetimes test_probability_of_n_purchases_up_to_time_same_as_R_BTYD, with the published parameters.
  bgNbdProbabilityOfPurchases: {
    t2n10: 1.07869e-7,
    t39n0: 0.5737864,
    t30n11to20: [
      0.0019995214, 0.0015170236, 0.001163315, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913,
      0.0003467171, 0.0002769613, 0.000222226,
    ],
  },
  // FHL05a (lifetimes test_params_out_is_close_to_Hardie_paper; CLVTools test_correctness_pnbd.R).
  paretoNbd: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 },
  // FHL05a (CLVTools test_correctness_pnbd.R).
  paretoNbdLogLikelihood: -9595.0,
  // lifetimes test_conditional_expectation_returns_same_value_as_R_BTYD (t=52, x=26, t_x=30.86, T=31).
  paretoNbdConditionalExpected: 25.46,
  // lifetimes test_expectation_returns_same_value_as_R_BTYD, at t = 0..9.
  paretoNbdExpected: [
    0, 0.05077821, 0.09916088, 0.14542507, 0.1897993, 0.23247466, 0.27361274, 0.31335159, 0.35181024,
    0.38909211,
  ],
  // lifetimes test_conditional_probability_alive (BTYD walkthrough p. 8), with BTYD's parameters.
  paretoNbdProbabilityAlive: 0.9979,
  // Fader, Hardie & Lee 2005, JMR 42(4) (lifetimes test; CLVTools test_correctness_gg.R).
  gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 },
  // CLVTools test_correctness_gg.R.
  gammaGammaLogLikelihood: -4055.9177,
  // lifetimes test_conditional_expected_average_profit (Hardie's note 025 spreadsheet), customers 1..10.
  gammaGammaExpectedSpend: [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17],
}

// Regression values: computed while building this project (reference_values.csv says "this session"), not
// published. They guard against a change in our results; they do not prove them right.
const regression = {
  // The maximum-likelihood fits, unrounded, from lifetimes 0.11.3 run on the same summaries.
  bgNbd: { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 },
  paretoNbd: { r: 0.55329, alpha: 10.57797, s: 0.606177, beta: 11.666733 },
  gammaGamma: { p: 6.248802, q: 3.744588, gamma: 15.447748 },
  // P(alive) of x=2, t_x=30.43, T=38.86 under the fitted BG/NBD.
  bgNbdProbabilityAlive: 0.7266,
  // The holdout (weeks 40 to 78): repeat purchases counted from CDNOW_sample.txt, our cumulative forecasts
  // at week 78 (FHL05a reports under-forecasts of about 4 % and 2 %), the mean conditional forecast for the
  // 1,411 customers with x=0 (FHL05a: 0.23 and 0.14), and the correlation of forecasts with actuals.
  holdoutActual: 1882,
  cumulativeForecast: { bgnbd: 4160.6, paretoNbd: 4270.0 },
  zeroFrequencyForecast: { bgnbd: 0.225, paretoNbd: 0.138 },
  correlation: { bgnbd: 0.626, paretoNbd: 0.63 },
}

const csv = (name: string) =>
  parse(readFileSync(join(dir, name), 'utf8'), { columns: true }) as Record<string, string>[]
const relClose = (actual: number, expected: number, rel: number) =>
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(rel)

describe.skipIf(!sample)('CDNOW: the published values', () => {
  const summary = sample ? csv('cdnow_customers_summary.csv') : []
  const groups = groupSummaries({
    x: summary.map((r) => Number(r.frequency)),
    tx: summary.map((r) => Number(r.recency)),
    T: summary.map((r) => Number(r.T)),
  })

  test('BG/NBD: r 0.243, α 4.414, a 0.793, b 2.426, LL −9582.4 (numpy decimal=2: |Δ| < 0.015; rel 1e-3 to the unrounded MLE)', () => {
    const fit = fitBgNbd(groups)
    expect(fit.converged).toBe(true)
    for (const q of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit[q] - published.bgNbd[q])).toBeLessThan(0.015)
      relClose(fit[q], regression.bgNbd[q], 1e-3)
    }
    relClose(fit.logLikelihood, published.bgNbdLogLikelihood.rounded, 1e-3)
    expect(fit.logLikelihood).toBeCloseTo(published.bgNbdLogLikelihood.unrounded, 2)
  })

  test('BG/NBD point predictions: conditional E[Y(39)], P(alive), E[X(t)] and P(X(t) = n)', () => {
    const fit = fitBgNbd(groups)
    expect(
      Math.abs(bgNbdConditionalExpected(fit, 39, 2, 30.43, 38.86) - published.bgNbdConditionalExpected),
    ).toBeLessThan(0.001)
    expect(bgNbdProbabilityAlive(fit, 2, 30.43, 38.86)).toBeCloseTo(regression.bgNbdProbabilityAlive, 4)
    const ts = [0.1429, 1, 3, 31.8571, 32, 78]
    ts.forEach((t, i) => {
      expect(Math.abs(bgNbdExpected(fit, t) - published.bgNbdExpected[i]!)).toBeLessThan(0.0015)
    })
    const p = published.bgNbd
    const purchases = published.bgNbdProbabilityOfPurchases
    expect(Math.abs(bgNbdProbabilityOfPurchases(p, 2, 10) - purchases.t2n10)).toBeLessThan(1e-4)
    expect(Math.abs(bgNbdProbabilityOfPurchases(p, 39, 0) - purchases.t39n0)).toBeLessThan(1e-4)
    purchases.t30n11to20.forEach((v, i) => {
      expect(bgNbdProbabilityOfPurchases(p, 30, 11 + i)).toBeCloseTo(v, 5)
    })
  })

  test('Pareto/NBD: r 0.553, α 10.578, s 0.606, β 11.669, LL −9595.0', () => {
    const fit = fitParetoNbd(groups)
    expect(fit.converged).toBe(true)
    for (const q of ['r', 'alpha', 's', 'beta'] as const) {
      expect(Math.abs(fit[q] - published.paretoNbd[q])).toBeLessThan(0.015)
      relClose(fit[q], regression.paretoNbd[q], 1e-3)
    }
    relClose(fit.logLikelihood, published.paretoNbdLogLikelihood, 1e-3)
    expect(
      Math.abs(paretoNbdConditionalExpected(fit, 52, 26, 30.86, 31) - published.paretoNbdConditionalExpected),
    ).toBeLessThan(0.01)
    published.paretoNbdExpected.forEach((v, t) => {
      expect(Math.abs(paretoNbdExpected(fit, t) - v)).toBeLessThan(0.01)
    })
    // The parameters of the BTYD walkthrough that published this P(alive).
    const btyd = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }
    expect(
      Math.abs(paretoNbdProbabilityAlive(btyd, 26, 30.86, 31) - published.paretoNbdProbabilityAlive),
    ).toBeLessThan(0.001)
  })

  test('Gamma-Gamma on the 946 repeaters: p 6.25, q 3.74, γ 15.44, LL −4055.92, and E[M] of customers 1..10', () => {
    const rows = csv('cdnow_customers_summary_with_transactions.csv')
    const repeaters = rows.filter((r) => Number(r.x) > 0)
    expect(repeaters).toHaveLength(946)
    const fit = fitGammaGamma({
      x: repeaters.map((r) => Number(r.x)),
      mx: repeaters.map((r) => Number(r.zbar)),
    })
    for (const q of ['p', 'q', 'gamma'] as const) {
      expect(Math.abs(fit[q] - published.gammaGamma[q])).toBeLessThan(0.015)
      relClose(fit[q], regression.gammaGamma[q], 1e-3)
    }
    relClose(fit.logLikelihood, published.gammaGammaLogLikelihood, 1e-3)
    rows.slice(0, 10).forEach((r, i) => {
      const spend = gammaGammaExpectedSpend(published.gammaGamma, Number(r.x), Number(r.zbar))
      expect(Math.abs(spend - published.gammaGammaExpectedSpend[i]!)).toBeLessThan(0.1)
    })
  })

  test('from the raw transactions: the same summaries (in TypeScript and in DuckDB), 1,882 holdout purchases, tracking and holdout checks', async () => {
    const transactions = readFileSync(join(dir, 'CDNOW_sample.txt'), 'utf8')
      .trim()
      .split(/\r?\n/)
      .map((line) => {
        const [, id, date, , amount] = line.trim().split(/\s+/)
        return {
          id: id!,
          date: `${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}`,
          amount: amount!,
        }
      })
    const purchases = transactions.map((t) => ({
      customerId: t.id,
      day: dayOf(new Date(`${t.date}T00:00:00Z`)),
      amount: Number(t.amount),
    }))
    const options = {
      calibrationEnd: dayOf(new Date('1997-09-30T00:00:00Z')),
      holdoutEnd: dayOf(new Date('1998-06-30T00:00:00Z')),
      unit: 'week' as const,
    }
    const data = summarizePurchases(purchases, options)
    // The file analyses summarise in DuckDB's SQL, the customers in id order (the sample's ids are zero-padded,
    // so that is the file's order): the same summaries, the spend summed exactly rather than in doubles.
    const tmp = mkdtempSync(join(tmpdir(), 'rapport-cdnow-'))
    const file = join(tmp, 'orders.csv')
    writeFileSync(
      file,
      `customer_id,order_id,ordered_at,amount\n${transactions.map((t, i) => `${t.id},${i},${t.date},${t.amount}\n`).join('')}`,
    )
    const inDuckDb = await summarizeOrdersFile(file, options).finally(() =>
      rmSync(tmp, { recursive: true, force: true }),
    )
    expect(inDuckDb).toMatchObject({ badRows: 0, rowsWithoutCustomer: 0 })
    expect({
      ...inDuckDb,
      badRows: undefined,
      errors: undefined,
      rowsWithoutCustomer: undefined,
      customers: inDuckDb.customers.map((c) => ({ ...c, mx: 0 })),
    }).toEqual({
      ...data,
      badRows: undefined,
      errors: undefined,
      customers: data.customers.map((c) => ({ ...c, mx: 0 })),
    })
    for (const [i, c] of inDuckDb.customers.entries()) expect(c.mx).toBeCloseTo(data.customers[i]!.mx, 9)
    const holdout = csv('cdnow_cal_holdout.csv')
    expect(data.customers).toHaveLength(2357)
    const byId = new Map(data.customers.map((c) => [Number(c.id), c]))
    for (const h of holdout) {
      const c = byId.get(Number(h.id))!
      expect([c.x, c.xStar]).toEqual([Number(h.x), Number(h.x_star)])
      expect(c.tx).toBeCloseTo(Number(h.t_x), 2)
      expect(c.T).toBeCloseTo(Number(h.T_cal), 2)
      expect(Math.abs(c.mx - Number(h.m_x))).toBeLessThan(0.006)
    }
    const groupsFromOrders = groupSummaries({
      x: data.customers.map((c) => c.x),
      tx: data.customers.map((c) => c.tx),
      T: data.customers.map((c) => c.T),
    })
    const bg = fitBgNbd(groupsFromOrders)
    const pnbd = fitParetoNbd(groupsFromOrders)
    const v = validateHoldout(data, { bgnbd: bg, paretoNbd: pnbd })
    expect(v.actual).toBe(regression.holdoutActual)
    const tracking = csv('cdnow_weekly_repeat_tracking.csv')
    expect(v.tracking.map((w) => w.actual)).toEqual(tracking.map((w) => Number(w.cumulative)))
    expect(v.tracking.at(-1)!.bgnbd).toBeCloseTo(regression.cumulativeForecast.bgnbd, 0)
    expect(v.tracking.at(-1)!.paretoNbd).toBeCloseTo(regression.cumulativeForecast.paretoNbd, 0)
    const zero = v.byFrequency[0]!
    expect([zero.customers, zero.actual]).toEqual([1411, 334 / 1411])
    expect(zero.bgnbd).toBeCloseTo(regression.zeroFrequencyForecast.bgnbd, 3)
    expect(zero.paretoNbd).toBeCloseTo(regression.zeroFrequencyForecast.paretoNbd, 3)
    expect(v.correlation.bgnbd).toBeCloseTo(regression.correlation.bgnbd, 3)
    expect(v.correlation.paretoNbd).toBeCloseTo(regression.correlation.paretoNbd, 3)
  })
})
