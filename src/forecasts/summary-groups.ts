import { DoubleIndex, TupleIndex } from './value-index.js'

/** Calibration summaries in columns: repeat transactions x, recency t_x and age T (same time unit). */
export interface SummaryColumns {
  x: ArrayLike<number>
  tx: ArrayLike<number>
  T: ArrayLike<number>
}

/**
 * Customers grouped by identical (x, t_x, T), with the distinct x values and times indexed so that a
 * likelihood computes each term that depends on x or on one time only once per evaluation.
 */
export interface SummaryGroups {
  customers: number
  weight: Float64Array
  x: Float64Array
  tx: Float64Array
  T: Float64Array
  /** Distinct x values, and each group's index into them. */
  xValues: Float64Array
  xIndex: Int32Array
  /** Distinct times (t_x and T together), and each group's indexes into them. */
  times: Float64Array
  txIndex: Int32Array
  TIndex: Int32Array
  /** Distinct (x, time) pairs used as (x, t_x) or (x, T), and each group's indexes into them. */
  pairX: Int32Array
  pairTime: Int32Array
  txPair: Int32Array
  TPair: Int32Array
}

/** Groups summaries by identical (x, t_x, T); `merge: false` keeps one group per customer. */
export function groupSummaries(data: SummaryColumns, options: { merge?: boolean } = {}): SummaryGroups {
  const n = data.x.length
  const merge = options.merge ?? true
  const groupIds = new TupleIndex(3, 4096)
  const seen = { x: new DoubleIndex(64), time: new DoubleIndex(1024) }
  const tuple = new Int32Array(3)
  const groupOf = new Int32Array(n)
  const first: number[] = []
  for (let i = 0; i < n; i++) {
    tuple[0] = seen.x.id(data.x[i]!)
    tuple[1] = seen.time.id(data.tx[i]!)
    tuple[2] = seen.time.id(data.T[i]!)
    const g = merge ? groupIds.id(tuple) : i
    groupOf[i] = g
    if (g === first.length) first.push(i)
  }
  // Merged groups in the order of their values, not of the customers: the likelihood adds them up in this order,
  // and a fit on a flat ridge would otherwise end elsewhere whenever the database returns the customers in
  // another order.
  const order = Int32Array.from(first.keys())
  if (merge) {
    const at = (g: number) => first[g]!
    order.sort(
      (a, b) =>
        data.x[at(a)]! - data.x[at(b)]! ||
        data.tx[at(a)]! - data.tx[at(b)]! ||
        data.T[at(a)]! - data.T[at(b)]!,
    )
  }
  const groups = first.length
  const rank = new Int32Array(groups)
  for (let k = 0; k < groups; k++) rank[order[k]!] = k
  const weight = new Float64Array(groups)
  const x = new Float64Array(groups)
  const tx = new Float64Array(groups)
  const T = new Float64Array(groups)
  for (let k = 0; k < groups; k++) {
    const i = first[order[k]!]!
    x[k] = data.x[i]!
    tx[k] = data.tx[i]!
    T[k] = data.T[i]!
  }
  for (let i = 0; i < n; i++) weight[rank[groupOf[i]!]!]! += 1
  return indexGroups({ x, tx, T, weight })
}

/**
 * Groups of identical (x, t_x, T), each with the number of customers it stands for, indexed for the likelihoods.
 * Merged groups come in the order of their values (x, then t_x, then T), as groupSummaries puts them.
 */
export function indexGroups(groups: Pick<SummaryGroups, 'x' | 'tx' | 'T' | 'weight'>): SummaryGroups {
  const { x, tx, T, weight } = groups
  const count = weight.length
  const xIds = new DoubleIndex(64)
  const timeIds = new DoubleIndex(1024)
  const xIndex = new Int32Array(count)
  const txIndex = new Int32Array(count)
  const TIndex = new Int32Array(count)
  let customers = 0
  for (let k = 0; k < count; k++) {
    xIndex[k] = xIds.id(x[k]!)
    txIndex[k] = timeIds.id(tx[k]!)
    TIndex[k] = timeIds.id(T[k]!)
    customers += weight[k]!
  }
  const pairIds = new TupleIndex(2, 4096)
  const pairX: number[] = []
  const pairTime: number[] = []
  const pair = [0, 0]
  const pairOf = (xi: number, ti: number) => {
    pair[0] = xi
    pair[1] = ti
    const id = pairIds.id(pair)
    if (id === pairX.length) {
      pairX.push(xi)
      pairTime.push(ti)
    }
    return id
  }
  const txPair = new Int32Array(count)
  const TPair = new Int32Array(count)
  for (let g = 0; g < count; g++) {
    txPair[g] = pairOf(xIndex[g]!, txIndex[g]!)
    TPair[g] = pairOf(xIndex[g]!, TIndex[g]!)
  }
  return {
    customers,
    weight,
    x,
    tx,
    T,
    xValues: Float64Array.from(xIds.values),
    xIndex,
    times: Float64Array.from(timeIds.values),
    txIndex,
    TIndex,
    pairX: Int32Array.from(pairX),
    pairTime: Int32Array.from(pairTime),
    txPair,
    TPair,
  }
}

/** The weighted mean of a column of grouped summaries (1 for no weight at all, a harmless start). */
export function weightedMean(values: Float64Array, weight: Float64Array): number {
  let s = 0
  let w = 0
  for (let i = 0; i < values.length; i++) {
    s += values[i]! * weight[i]!
    w += weight[i]!
  }
  return w > 0 ? s / w : 1
}
