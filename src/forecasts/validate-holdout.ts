import {
  type PurchaseModelName,
  type PurchaseModels,
  type PurchasePredictor,
  purchasePredictor,
} from './forecast-models.js'
import { type PurchaseSummaries, unitDays } from './summarize-purchases.js'

/** A figure per purchase model; null for a model that was not fitted. */
export type PerModel = Record<PurchaseModelName, number | null>

export interface HoldoutValidation {
  /** Holdout length in the summaries' unit. */
  duration: number
  actual: number
  predicted: PerModel
  /** Cumulative repeat transactions by week since the first customer's first purchase. */
  tracking: ({ week: number; actual: number } & PerModel)[]
  /** Mean holdout transactions by number of calibration repeat transactions (the last bucket is "7 or more"). */
  byFrequency: ({ x: number; orMore: boolean; customers: number; actual: number } & PerModel)[]
  /** Pearson correlation per customer of predicted and actual holdout transactions. */
  correlation: PerModel
}

const FREQUENCY_BUCKETS = 7
const MODELS: readonly PurchaseModelName[] = ['bgnbd', 'paretoNbd']

/**
 * How the fitted models forecast the holdout period: totals, the weekly cumulative tracking curve, conditional
 * expectations by calibration frequency and the per-customer correlation (the checks of FHL 2005, section 7).
 */
export function validateHoldout(data: PurchaseSummaries, models: PurchaseModels): HoldoutValidation {
  if (data.holdoutEnd === null) throw new RangeError('validation needs a holdout period')
  const duration = (data.holdoutEnd - data.calibrationEnd) / unitDays[data.unit]
  const actual = data.customers.map((c) => c.xStar)
  const predictors = MODELS.map((m) => [m, purchasePredictor(models, m)] as const)
  const predictions = new Map(
    predictors.map(([m, p]) => [
      m,
      p ? data.customers.map((c) => p.expected(duration, c.x, c.tx, c.T)) : null,
    ]),
  )
  const perModel = (figure: (predicted: number[]) => number): PerModel => {
    const bg = predictions.get('bgnbd')
    const pn = predictions.get('paretoNbd')
    return { bgnbd: bg ? figure(bg) : null, paretoNbd: pn ? figure(pn) : null }
  }
  const buckets = Array.from({ length: FREQUENCY_BUCKETS + 1 }, () => [] as number[])
  data.customers.forEach((c, i) => {
    buckets[Math.min(c.x, FREQUENCY_BUCKETS)]!.push(i)
  })
  const mean = (values: number[], members: number[]) => sum(members.map((i) => values[i]!)) / members.length
  return {
    duration,
    actual: sum(actual),
    predicted: perModel(sum),
    tracking: trackingCurve(data, predictors),
    byFrequency: buckets.flatMap((members, x) =>
      members.length === 0
        ? []
        : [
            {
              x,
              orMore: x === FREQUENCY_BUCKETS,
              customers: members.length,
              actual: mean(actual, members),
              ...perModel((predicted) => mean(predicted, members)),
            },
          ],
    ),
    correlation: perModel((predicted) => pearson(predicted, actual)),
  }
}

function trackingCurve(
  data: PurchaseSummaries,
  predictors: readonly (readonly [PurchaseModelName, PurchasePredictor | null])[],
): HoldoutValidation['tracking'] {
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
  const curve: HoldoutValidation['tracking'] = []
  let cumulative = 0
  for (let k = 1; k <= weeks; k++) {
    cumulative += weekly[k - 1]!
    // Each cohort's age at the last day of week k, as E[X(t)] counts repeat purchases since the first.
    const lastDay = Math.min(start + 7 * k - 1, end)
    const point = { week: k, actual: cumulative, bgnbd: null, paretoNbd: null } as PerModel & {
      week: number
      actual: number
    }
    for (const [model, predictor] of predictors) {
      if (!predictor) continue
      let expected = 0
      for (const [first, count] of cohorts) {
        if (first <= lastDay) expected += count * predictor.expectedSinceFirst((lastDay - first) / perUnit)
      }
      point[model] = expected
    }
    curve.push(point)
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
