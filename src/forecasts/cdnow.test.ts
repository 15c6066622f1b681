import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { describe, expect, test } from 'vitest'
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
import { dayOf, summarizePurchases } from './summarize-purchases.js'
import { groupSummaries } from './summary-groups.js'
import { validateHoldout } from './validate-holdout.js'

// The published CDNOW results (Fader, Hardie & Lee 2005), as listed with tolerances in reference_values.csv.
const dir = fileURLToPath(new URL('../../../shared/datasets/cdnow/', import.meta.url))
const present = existsSync(`${dir}reference_values.csv`)
if (!present) console.warn(`CDNOW data not found at ${dir}: the CDNOW reference tests are skipped`)

const csv = (name: string) =>
  parse(readFileSync(dir + name, 'utf8'), { columns: true }) as Record<string, string>[]
const numbers = (s: string) => s.split(',').map(Number)
const relClose = (actual: number, expected: number, rel: number) =>
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(rel)

describe.skipIf(!present)('CDNOW: the published values', () => {
  const ref = present ? csv('reference_values.csv') : []
  const value = (model: string, quantity: string, inputs?: string) =>
    ref.find((r) => r.model === model && r.quantity === quantity && (!inputs || r.inputs === inputs))!
      .expected!
  const summary = present ? csv('cdnow_customers_summary.csv') : []
  const groups = groupSummaries({
    x: summary.map((r) => Number(r.frequency)),
    tx: summary.map((r) => Number(r.recency)),
    T: summary.map((r) => Number(r.T)),
  })

  test('BG/NBD: r 0.243, α 4.414, a 0.793, b 2.426, LL −9582.4 (numpy decimal=2: |Δ| < 0.015; rel 1e-3 to the unrounded MLE)', () => {
    const fit = fitBgNbd(groups)
    expect(fit.converged).toBe(true)
    const published = ['r', 'alpha', 'a', 'b'].map((q) => Number(value('BG/NBD', q)))
    const unrounded = numbers(value('BG/NBD', 'MLE unrounded (r,alpha,a,b)'))
    ;[fit.r, fit.alpha, fit.a, fit.b].forEach((v, i) => {
      expect(Math.abs(v - published[i]!)).toBeLessThan(0.015)
      relClose(v, unrounded[i]!, 1e-3)
    })
    relClose(fit.logLikelihood, Number(value('BG/NBD', 'log-likelihood')), 1e-3)
    expect(fit.logLikelihood).toBeCloseTo(-9582.429, 2)
  })

  test('BG/NBD point predictions: conditional E[Y(39)], P(alive), E[X(t)] and P(X(t) = n)', () => {
    const fit = fitBgNbd(groups)
    expect(Math.abs(bgNbdConditionalExpected(fit, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThan(0.001)
    expect(bgNbdProbabilityAlive(fit, 2, 30.43, 38.86)).toBeCloseTo(0.7266, 4)
    const ts = [0.1429, 1, 3, 31.8571, 32, 78]
    const expected = numbers(value('BG/NBD', 'E[X(t)] unconditional'))
    ts.forEach((t, i) => {
      expect(Math.abs(bgNbdExpected(fit, t) - expected[i]!)).toBeLessThan(0.0015)
    })
    const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
    expect(Math.abs(bgNbdProbabilityOfPurchases(p, 2, 10) - 1.07869e-7)).toBeLessThan(1e-4)
    expect(Math.abs(bgNbdProbabilityOfPurchases(p, 39, 0) - 0.5737864)).toBeLessThan(1e-4)
    const tail = numbers(value('BG/NBD', 'P(X(t)=n)', 'same params; t=30,n=11..20'))
    tail.forEach((v, i) => {
      expect(bgNbdProbabilityOfPurchases(p, 30, 11 + i)).toBeCloseTo(v, 5)
    })
  })

  test('Pareto/NBD: r 0.553, α 10.578, s 0.606, β 11.669, LL −9595.0', () => {
    const fit = fitParetoNbd(groups)
    expect(fit.converged).toBe(true)
    const published = numbers(value('Pareto/NBD', 'r,alpha,s,beta'))
    const unrounded = numbers(value('Pareto/NBD', 'MLE unrounded (r,alpha,s,beta)'))
    ;[fit.r, fit.alpha, fit.s, fit.beta].forEach((v, i) => {
      expect(Math.abs(v - published[i]!)).toBeLessThan(0.015)
      relClose(v, unrounded[i]!, 1e-3)
    })
    relClose(fit.logLikelihood, Number(value('Pareto/NBD', 'log-likelihood')), 1e-3)
    expect(Math.abs(paretoNbdConditionalExpected(fit, 52, 26, 30.86, 31) - 25.46)).toBeLessThan(0.01)
    const expected = numbers(value('Pareto/NBD', 'E[X(t)] unconditional'))
    expected.forEach((v, t) => {
      expect(Math.abs(paretoNbdExpected(fit, t) - v)).toBeLessThan(0.01)
    })
    const btyd = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }
    expect(Math.abs(paretoNbdProbabilityAlive(btyd, 26, 30.86, 31) - 0.9979)).toBeLessThan(0.001)
  })

  test('Gamma-Gamma on the 946 repeaters: p 6.25, q 3.74, γ 15.44, LL −4055.92, and E[M] of customers 1..10', () => {
    const rows = csv('cdnow_customers_summary_with_transactions.csv')
    const repeaters = rows.filter((r) => Number(r.x) > 0)
    expect(repeaters).toHaveLength(946)
    const fit = fitGammaGamma({
      x: repeaters.map((r) => Number(r.x)),
      mx: repeaters.map((r) => Number(r.zbar)),
    })
    const published = numbers(value('Gamma-Gamma', 'p,q,gamma'))
    const unrounded = numbers(value('Gamma-Gamma', 'MLE unrounded (p,q,v)'))
    ;[fit.p, fit.q, fit.gamma].forEach((v, i) => {
      expect(Math.abs(v - published[i]!)).toBeLessThan(0.015)
      relClose(v, unrounded[i]!, 1e-3)
    })
    relClose(fit.logLikelihood, -4055.9177, 1e-3)
    const spends = numbers(value('Gamma-Gamma', 'E[M|x,m_x] customers 1..10'))
    const params = { p: 6.25, q: 3.74, gamma: 15.44 }
    rows.slice(0, 10).forEach((r, i) => {
      expect(
        Math.abs(gammaGammaExpectedSpend(params, Number(r.x), Number(r.zbar)) - spends[i]!),
      ).toBeLessThan(0.1)
    })
  })

  test('from the raw transactions: the same summaries, 1,882 holdout purchases, tracking and holdout checks', () => {
    const purchases = readFileSync(`${dir}CDNOW_sample.txt`, 'utf8')
      .trim()
      .split(/\r?\n/)
      .map((line) => {
        const [, id, date, , amount] = line.trim().split(/\s+/)
        const day = dayOf(
          new Date(`${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}T00:00:00Z`),
        )
        return { customerId: id!, day, amount: Number(amount) }
      })
    const data = summarizePurchases(purchases, {
      calibrationEnd: dayOf(new Date('1997-09-30T00:00:00Z')),
      holdoutEnd: dayOf(new Date('1998-06-30T00:00:00Z')),
      unit: 'week',
    })
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
    expect(v.actual).toBe(1882)
    const tracking = csv('cdnow_weekly_repeat_tracking.csv')
    expect(v.tracking.map((w) => w.actual)).toEqual(tracking.map((w) => Number(w.cumulative)))
    // Reference: cumulative forecasts at week 78 of 4160.6 (BG/NBD) and 4270.0 (Pareto/NBD).
    expect(v.tracking.at(-1)!.bgnbd).toBeCloseTo(4160.6, 0)
    expect(v.tracking.at(-1)!.paretoNbd).toBeCloseTo(4270.0, 0)
    const zero = v.byFrequency[0]!
    expect([zero.customers, zero.actual]).toEqual([1411, 334 / 1411])
    expect(zero.bgnbd).toBeCloseTo(0.225, 3)
    expect(zero.paretoNbd).toBeCloseTo(0.138, 3)
    expect(v.correlation.bgnbd).toBeCloseTo(0.626, 3)
    expect(v.correlation.paretoNbd).toBeCloseTo(0.63, 3)
  })
})
