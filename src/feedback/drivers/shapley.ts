import { Matrix, pseudoInverse } from 'ml-matrix'

/** The most drivers the exact Shapley decomposition takes: 2^12 subsets. */
export const MAX_SHAPLEY_DRIVERS = 12

/** R² of the regression on the drivers in `subset` (a bit mask), from the correlation matrices. */
export function subsetR2(rxx: Matrix, rxy: readonly number[], subset: number): number {
  const members: number[] = []
  for (let j = 0; j < rxy.length; j++) if (subset & (1 << j)) members.push(j)
  if (members.length === 0) return 0
  const sub = new Matrix(members.map((a) => members.map((b) => rxx.get(a, b))))
  const r = Matrix.columnVector(members.map((j) => rxy[j]!))
  // The pseudo-inverse keeps a perfectly collinear pair from failing: the duplicate adds nothing.
  return r.transpose().mmul(pseudoInverse(sub)).mmul(r).get(0, 0)
}

/**
 * Exact Shapley values of R² (general dominance, the LMG weights of Lindeman, Merenda & Gold 1980): each driver's
 * gain in R² averaged over every order in which the drivers could enter, computed from the 2^k subset R² values.
 */
export function shapleyWeights(rxx: Matrix | number[][], rxy: readonly number[]): number[] {
  const k = rxy.length
  if (k > MAX_SHAPLEY_DRIVERS) throw new RangeError(`at most ${MAX_SHAPLEY_DRIVERS} drivers, not ${k}`)
  const r = Matrix.isMatrix(rxx) ? rxx : new Matrix(rxx)
  const r2 = new Float64Array(1 << k)
  for (let s = 1; s < 1 << k; s++) r2[s] = subsetR2(r, rxy, s)
  // weight[m] = m! (k − m − 1)! / k!, the share of orders in which a driver joins a given set of m others.
  const weight = Array.from({ length: k }, (_, m) => 1 / (k * binomial(k - 1, m)))
  const out = new Array<number>(k).fill(0)
  for (let s = 0; s < 1 << k; s++) {
    const size = popcount(s)
    for (let j = 0; j < k; j++) {
      if (s & (1 << j)) continue
      out[j]! += weight[size]! * (r2[s | (1 << j)]! - r2[s]!)
    }
  }
  return out
}

function binomial(n: number, m: number): number {
  let c = 1
  for (let i = 1; i <= m; i++) c = (c * (n - m + i)) / i
  return c
}

function popcount(x: number): number {
  let c = 0
  for (let v = x; v; v &= v - 1) c++
  return c
}
