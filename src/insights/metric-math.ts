import normalCdf from '@stdlib/stats-base-dists-normal-cdf'

/** A metric's estimate: the value, its standard error and 95 % interval (null where n is too small to say). */
export interface Estimate {
  n: number
  value: number | null
  se: number | null
  ci95: [number, number] | null
}

const z95 = 1.959963984540054

function interval(value: number, se: number, bounds: [number, number]): [number, number] {
  const [min, max] = bounds
  return [Math.max(min, value - z95 * se), Math.min(max, value + z95 * se)]
}

/**
 * NPS on −100…100 from counts of promoters (9–10), passives (7–8) and detractors (0–6), with
 * SE = 100·sqrt((pP + pD − (pP − pD)²) / n), the variance of a score that is +1, 0 or −1.
 * @example npsEstimate(6, 2, 2) // { n: 10, value: 40, se: 25.3, ci95: [−9.6, 89.6] }
 */
export function npsEstimate(promoters: number, passives: number, detractors: number): Estimate {
  const n = promoters + passives + detractors
  if (n === 0) return { n, value: null, se: null, ci95: null }
  const pP = promoters / n
  const pD = detractors / n
  // From the counts, not the shares: 100·(2 − 3)/5 is exactly −20, 100·(0.4 − 0.6) is not.
  const value = (100 * (promoters - detractors)) / n
  const se = 100 * Math.sqrt(Math.max(0, pP + pD - (pP - pD) ** 2) / n)
  return { n, value, se, ci95: interval(value, se, [-100, 100]) }
}

/** A share in percent (0–100), e.g. CSAT = share of 4–5, with the SE of a proportion. */
export function shareEstimate(hits: number, n: number): Estimate {
  if (n === 0) return { n, value: null, se: null, ci95: null }
  const p = hits / n
  const value = (100 * hits) / n
  const se = 100 * Math.sqrt((p * (1 - p)) / n)
  return { n, value, se, ci95: interval(value, se, [0, 100]) }
}

/**
 * A mean with SE = sd/sqrt(n), sd the sample standard deviation (n − 1); the interval is clipped to the
 * scale. With one answer there is no spread to estimate: the SE and interval are null.
 */
export function meanEstimate(
  n: number,
  mean: number | null,
  sampleVariance: number | null,
  scale: [number, number],
): Estimate {
  if (n === 0 || mean === null) return { n, value: null, se: null, ci95: null }
  if (n < 2 || sampleVariance === null) return { n, value: mean, se: null, ci95: null }
  const se = Math.sqrt(Math.max(0, sampleVariance) / n)
  return { n, value: mean, se, ci95: interval(mean, se, scale) }
}

export interface Change {
  /** This value minus the earlier one. */
  difference: number
  se: number
  z: number | null
  /** Two-sided p-value of the z-test; null when the SE is 0 (no spread to test against). */
  pValue: number | null
  significant: boolean
}

/** The change from an earlier estimate to a later one, with a two-sided z-test at 95 %. */
export function changeBetween(earlier: Estimate, later: Estimate): Change | null {
  if (earlier.value === null || later.value === null || earlier.se === null || later.se === null) return null
  const difference = later.value - earlier.value
  const se = Math.sqrt(earlier.se ** 2 + later.se ** 2)
  if (se === 0) return { difference, se, z: null, pValue: null, significant: false }
  const z = difference / se
  const pValue = 2 * (1 - normalCdf(Math.abs(z), 0, 1))
  return { difference, se, z, pValue, significant: pValue < 0.05 }
}
