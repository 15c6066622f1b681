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
  const xIds = new Map<number, number>()
  const timeIds = new Map<number, number>()
  const id = (map: Map<number, number>, v: number) => {
    let i = map.get(v)
    if (i === undefined) {
      i = map.size
      map.set(v, i)
    }
    return i
  }
  const gx: number[] = []
  const gtx: number[] = []
  const gT: number[] = []
  const gw: number[] = []
  const keys = new Map<number, number>()
  const gKey: [number, number, number][] = []
  for (let i = 0; i < n; i++) {
    const xi = id(xIds, data.x[i]!)
    const ti = id(timeIds, data.tx[i]!)
    const Ti = id(timeIds, data.T[i]!)
    // Cantor-free packing: each index stays below 2^17 in practice; a collision is impossible below 2^53.
    const key = (xi * 4_194_304 + ti) * 4_194_304 + Ti
    const existing = merge ? keys.get(key) : undefined
    if (existing !== undefined) {
      gw[existing]! += 1
      continue
    }
    if (merge) keys.set(key, gw.length)
    gx.push(data.x[i]!)
    gtx.push(data.tx[i]!)
    gT.push(data.T[i]!)
    gw.push(1)
    gKey.push([xi, ti, Ti])
  }
  const pairIds = new Map<number, number>()
  const pairX: number[] = []
  const pairTime: number[] = []
  const pair = (xi: number, ti: number) => {
    const key = xi * 4_194_304 + ti
    let p = pairIds.get(key)
    if (p === undefined) {
      p = pairX.length
      pairIds.set(key, p)
      pairX.push(xi)
      pairTime.push(ti)
    }
    return p
  }
  const txPair = new Int32Array(gKey.length)
  const TPair = new Int32Array(gKey.length)
  gKey.forEach(([xi, ti, Ti], g) => {
    txPair[g] = pair(xi, ti)
    TPair[g] = pair(xi, Ti)
  })
  return {
    customers: n,
    weight: Float64Array.from(gw),
    x: Float64Array.from(gx),
    tx: Float64Array.from(gtx),
    T: Float64Array.from(gT),
    xValues: Float64Array.from(xIds.keys()),
    xIndex: Int32Array.from(gKey.map((k) => k[0])),
    times: Float64Array.from(timeIds.keys()),
    txIndex: Int32Array.from(gKey.map((k) => k[1])),
    TIndex: Int32Array.from(gKey.map((k) => k[2])),
    pairX: Int32Array.from(pairX),
    pairTime: Int32Array.from(pairTime),
    txPair,
    TPair,
  }
}
