import { type BgNbdParams, bgNbdConditionalExpected, bgNbdExpected } from './bgnbd.js'
import { type ParetoNbdParams, paretoNbdConditionalExpected, paretoNbdExpected } from './pareto-nbd.js'
import { type PurchaseSummaries, unitDays } from './summarize-purchases.js'

export interface HoldoutValidation {
  /** Holdout length in the summaries' unit. */
  duration: number
  actual: number
  predicted: { bgnbd: number; paretoNbd: number }
  /** Cumulative repeat transactions by week since the first customer's first purchase. */
  tracking: { week: number; actual: number; bgnbd: number; paretoNbd: number }[]
  /** Mean holdout transactions by number of calibration repeat transactions (the last bucket is "7 or more"). */
  byFrequency: {
    x: number
    orMore: boolean
    customers: number
    actual: number
    bgnbd: number
    paretoNbd: number
  }[]
  /** Pearson correlation per customer of predicted and actual holdout transactions. */
  correlation: { bgnbd: number; paretoNbd: number }
}

const FREQUENCY_BUCKETS = 7

/**
 * How the fitted models forecast the holdout period: totals, the weekly cumulative tracking curve, conditional
 * expectations by calibration frequency and the per-customer correlation (the checks of FHL 2005, section 7).
 */
export function validateHoldout(
  data: PurchaseSummaries,
  bg: BgNbdParams,
  pnbd: ParetoNbdParams,
): HoldoutValidation {
  if (data.holdoutEnd === null) throw new RangeError('validation needs a holdout period')
  const perUnit = unitDays[data.unit]
  const duration = (data.holdoutEnd - data.calibrationEnd) / perUnit
  const actual: number[] = []
  const predBg: number[] = []
  const predPnbd: number[] = []
  const buckets = Array.from({ length: FREQUENCY_BUCKETS + 1 }, (_, x) => ({
    x,
    orMore: x === FREQUENCY_BUCKETS,
    customers: 0,
    actual: 0,
    bgnbd: 0,
    paretoNbd: 0,
  }))
  for (const c of data.customers) {
    const b = bgNbdConditionalExpected(bg, duration, c.x, c.tx, c.T)
    const p = paretoNbdConditionalExpected(pnbd, duration, c.x, c.tx, c.T)
    actual.push(c.xStar)
    predBg.push(b)
    predPnbd.push(p)
    const bucket = buckets[Math.min(c.x, FREQUENCY_BUCKETS)]!
    bucket.customers++
    bucket.actual += c.xStar
    bucket.bgnbd += b
    bucket.paretoNbd += p
  }
  for (const bucket of buckets) {
    if (bucket.customers === 0) continue
    bucket.actual /= bucket.customers
    bucket.bgnbd /= bucket.customers
    bucket.paretoNbd /= bucket.customers
  }
  return {
    duration,
    actual: sum(actual),
    predicted: { bgnbd: sum(predBg), paretoNbd: sum(predPnbd) },
    tracking: trackingCurve(data, bg, pnbd),
    byFrequency: buckets.filter((b) => b.customers > 0),
    correlation: { bgnbd: pearson(predBg, actual), paretoNbd: pearson(predPnbd, actual) },
  }
}

function trackingCurve(data: PurchaseSummaries, bg: BgNbdParams, pnbd: ParetoNbdParams) {
  const end = data.holdoutEnd ?? data.calibrationEnd
  const perUnit = unitDays[data.unit]
  const cohorts = new Map<number, number>()
  let start = Number.POSITIVE_INFINITY
  for (const c of data.customers) {
    cohorts.set(c.firstDay, (cohorts.get(c.firstDay) ?? 0) + 1)
    start = Math.min(start, c.firstDay)
  }
  if (!Number.isFinite(start)) return []
  const weeks = Math.ceil((end - start + 1) / 7)
  const weekly = new Array<number>(weeks).fill(0)
  for (const day of data.repeatDays) weekly[Math.floor((day - start) / 7)]!++
  const curve = []
  let cumulative = 0
  for (let k = 1; k <= weeks; k++) {
    cumulative += weekly[k - 1]!
    // Each cohort's age at the last day of week k, as E[X(t)] counts repeat purchases since the first.
    const lastDay = Math.min(start + 7 * k - 1, end)
    let b = 0
    let p = 0
    for (const [first, count] of cohorts) {
      if (first > lastDay) continue
      const age = (lastDay - first) / perUnit
      b += count * bgNbdExpected(bg, age)
      p += count * paretoNbdExpected(pnbd, age)
    }
    curve.push({ week: k, actual: cumulative, bgnbd: b, paretoNbd: p })
  }
  return curve
}

function sum(values: number[]): number {
  let s = 0
  for (const v of values) s += v
  return s
}

function pearson(a: number[], b: number[]): number {
  const n = a.length
  if (n < 2) return Number.NaN
  const ma = sum(a) / n
  const mb = sum(b) / n
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb)
    saa += (a[i]! - ma) ** 2
    sbb += (b[i]! - mb) ** 2
  }
  return sab / Math.sqrt(saa * sbb)
}
