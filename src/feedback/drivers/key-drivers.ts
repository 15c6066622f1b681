import { Matrix, pseudoInverse } from 'ml-matrix'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'
import { columnMeans, correlationMatrix } from './correlation.js'
import { relativeWeights } from './relative-weights.js'
import { MAX_SHAPLEY_DRIVERS, shapleyWeights } from './shapley.js'

/** One driver's importance for the outcome. */
export interface DriverWeight {
  driver: string
  /** Johnson's raw relative weight: the part of R² this driver carries. */
  weight: number
  /** The weight's share of R² (0–1). */
  share: number
  /** The exact Shapley value (LMG); null above MAX_SHAPLEY_DRIVERS drivers. */
  shapley: number | null
  /** Standardised regression coefficient. */
  beta: number
  /** The driver's correlation with the outcome. */
  correlation: number
  /** True when the coefficient's sign is against the correlation's: collinearity at work. */
  signFlip: boolean
  /** Bootstrap percentile 95 % interval of the raw weight; null without a bootstrap. */
  ciLow: number | null
  ciHigh: number | null
  /** Mean score of the driver (its performance) over the complete cases. */
  mean: number
}

export interface KeyDrivers {
  outcome: string
  drivers: DriverWeight[]
  r2: number
  /** Complete cases used. */
  n: number
  /** Bootstrap resamples drawn and, of them, those whose correlations could be computed. */
  bootstrap: { resamples: number; used: number; seed: number }
  /** Drivers with no variance among the complete cases: left out of the analysis. */
  constant: string[]
}

export interface KeyDriverOptions {
  /** Bootstrap resamples for the intervals (0 for none). */
  resamples?: number
  seed?: number
}

/** The fewest complete cases an analysis runs on. */
export const MIN_CASES = 10
export const DEFAULT_SEED = 20001

/**
 * Key-driver analysis of an outcome: relative weights with bootstrap intervals, Shapley weights, standardised betas,
 * R² and n, over the complete cases (rows where the outcome and every driver are finite numbers).
 */
export function analyzeKeyDrivers(
  outcome: string,
  names: readonly string[],
  rows: readonly { y: number | null; x: readonly (number | null)[] }[],
  options: KeyDriverOptions = {},
): KeyDrivers {
  const resamples = options.resamples ?? 1000
  const seed = options.seed ?? DEFAULT_SEED
  const complete: number[][] = []
  for (const r of rows)
    if (isFiniteNumber(r.y) && r.x.every(isFiniteNumber)) complete.push([...(r.x as number[]), r.y])
  const n = complete.length
  const all = correlationMatrix(complete)
  const kept = names.map((_, j) => j).filter((j) => n > 1 && Number.isFinite(all.get(j, names.length)))
  const constant = names.filter((_, j) => !kept.includes(j))
  const keptNames = kept.map((j) => names[j]!)
  const data = complete.map((row) => [...kept.map((j) => row[j]!), row[names.length]!])
  if (kept.length === 0)
    return { outcome, n, r2: 0, constant, bootstrap: { resamples, used: 0, seed }, drivers: [] }
  const base = fitCorrelations(correlationMatrix(data), kept.length)
  const means = columnMeans(data)
  const { low, high, used } = bootstrapWeights(data, kept.length, resamples, seed)
  return {
    outcome,
    n,
    r2: base.r2,
    constant,
    bootstrap: { resamples, used, seed },
    // A correlation within ±0.05 of zero has no sign worth contradicting: such a driver is not flagged.
    drivers: keptNames.map((driver, j) => ({
      driver,
      weight: base.raw[j]!,
      share: base.r2 > 0 ? base.raw[j]! / base.r2 : 0,
      shapley: base.shapley ? base.shapley[j]! : null,
      beta: base.beta[j]!,
      correlation: base.rxy[j]!,
      signFlip: Math.sign(base.beta[j]!) * Math.sign(base.rxy[j]!) < 0 && Math.abs(base.rxy[j]!) > 0.05,
      ciLow: low ? low[j]! : null,
      ciHigh: high ? high[j]! : null,
      mean: means[j]!,
    })),
  }
}

function fitCorrelations(correlations: Matrix, k: number, withShapley = true) {
  const rxx = correlations.subMatrix(0, k - 1, 0, k - 1)
  const rxy = Array.from({ length: k }, (_, j) => correlations.get(j, k))
  const { raw, r2 } = relativeWeights(rxx, rxy)
  const beta = pseudoInverse(rxx).mmul(Matrix.columnVector(rxy)).to1DArray()
  const shapley = withShapley && k <= MAX_SHAPLEY_DRIVERS ? shapleyWeights(rxx, rxy) : null
  return { raw, r2, beta, shapley, rxy }
}

/** Percentile intervals of the raw weights over `resamples` draws of the rows with replacement, seeded. */
export function bootstrapWeights(
  data: readonly (readonly number[])[],
  k: number,
  resamples: number,
  seed: number,
): { low: number[] | null; high: number[] | null; used: number } {
  if (resamples <= 0 || data.length < 2 || k === 0) return { low: null, high: null, used: 0 }
  const rng = xoroshiro128plus(seed)
  const draws: number[][] = Array.from({ length: k }, () => [])
  const sample: (readonly number[])[] = new Array(data.length)
  let used = 0
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < data.length; i++) sample[i] = data[uniformInt(rng, 0, data.length - 1)]!
    const correlations = correlationMatrix(sample)
    // A resample in which a driver happens not to vary has no weights: it is skipped and counted.
    if (correlations.to1DArray().some((v) => !Number.isFinite(v))) continue
    const { raw } = fitCorrelations(correlations, k, false)
    for (let j = 0; j < k; j++) draws[j]!.push(raw[j]!)
    used++
  }
  if (used === 0) return { low: null, high: null, used }
  return {
    low: draws.map((d) => quantile(d, 0.025)),
    high: draws.map((d) => quantile(d, 0.975)),
    used,
  }
}

/** The q-quantile by linear interpolation between order statistics (R's type 7). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const h = (sorted.length - 1) * q
  const lo = Math.floor(h)
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? 0) - sorted[lo]!)
}

function isFiniteNumber(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v)
}
