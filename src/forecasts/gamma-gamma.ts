import digamma from '@stdlib/math-base-special-digamma'
import gammaln from '@stdlib/math-base-special-gammaln'
import { maximizeLogParams } from './fit-mle.js'
import type { FitQuality } from './fit-result.js'
import { DoubleIndex, TupleIndex } from './value-index.js'

/** Gamma-Gamma spend parameters (Fader, Hardie & Lee 2005, "RFM and CLV"): spend ~ Gamma(p, ν), ν ~ Gamma(q, γ). */
export interface GammaGammaParams {
  p: number
  q: number
  gamma: number
}

export type GammaGammaFit = GammaGammaParams & FitQuality

/** Repeat customers' spend: x repeat transactions (> 0) with mean value m_x (> 0). */
export interface SpendColumns {
  x: ArrayLike<number>
  mx: ArrayLike<number>
  /** How many customers each row stands for (default 1 each). */
  weight?: ArrayLike<number>
}

/** Customers with identical (x, m_x) as one weighted row: with fixed prices most customers share a few. */
export function groupSpends(data: SpendColumns): Record<keyof SpendColumns, Float64Array> {
  const ids = new TupleIndex(2, 4096)
  const xIds = new DoubleIndex(64)
  const mxIds = new DoubleIndex(1024)
  const key = new Int32Array(2)
  const x: number[] = []
  const mx: number[] = []
  const weight: number[] = []
  for (let i = 0; i < data.x.length; i++) {
    key[0] = xIds.id(data.x[i]!)
    key[1] = mxIds.id(data.mx[i]!)
    const g = ids.id(key)
    if (g === x.length) {
      x.push(data.x[i]!)
      mx.push(data.mx[i]!)
      weight.push(0)
    }
    weight[g]! += data.weight?.[i] ?? 1
  }
  return { x: Float64Array.from(x), mx: Float64Array.from(mx), weight: Float64Array.from(weight) }
}

/** The Gamma-Gamma log-likelihood of the mean spends m_x over x transactions, with its log-parameter gradient. */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  data: SpendColumns,
  grad?: number[],
): number {
  const { p, q, gamma } = params
  const lgQ = gammaln(q)
  const lnGamma = Math.log(gamma)
  const psiQ = digamma(q)
  let ll = 0
  let gp = 0
  let gq = 0
  let gg = 0
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i]!
    const m = data.mx[i]!
    const w = data.weight?.[i] ?? 1
    const px = p * x
    const lnSum = Math.log(gamma + m * x)
    ll +=
      w *
      (gammaln(px + q) -
        gammaln(px) -
        lgQ +
        q * lnGamma +
        (px - 1) * Math.log(m) +
        px * Math.log(x) -
        (px + q) * lnSum)
    if (grad) {
      const psiPxq = digamma(px + q)
      gp += w * x * (psiPxq - digamma(px) + Math.log(m) + Math.log(x) - lnSum)
      gq += w * (psiPxq - psiQ + lnGamma - lnSum)
      gg += w * (q / gamma - (px + q) / (gamma + m * x))
    }
  }
  if (grad) {
    grad[0] = gp * p
    grad[1] = gq * q
    grad[2] = gg * gamma
  }
  return ll
}

/** Fits Gamma-Gamma by maximum likelihood on repeat customers (x > 0, m_x > 0). */
export function fitGammaGamma(customers: SpendColumns): GammaGammaFit {
  const data = groupSpends(customers)
  let n = 0
  let total = 0
  for (let i = 0; i < data.x.length; i++) {
    n += data.weight[i]!
    total += data.weight[i]! * data.mx[i]!
  }
  if (n < 2) throw new Error('the Gamma-Gamma model needs at least two customers with repeat purchases')
  const mean = total / n
  const negMean = (theta: readonly number[], grad: number[]) => {
    const params = { p: Math.exp(theta[0]!), q: Math.exp(theta[1]!), gamma: Math.exp(theta[2]!) }
    const ll = gammaGammaLogLikelihood(params, data, grad)
    for (let i = 0; i < 3; i++) grad[i] = -grad[i]! / n
    return -ll / n
  }
  const result = maximizeLogParams('Gamma-Gamma', ['p', 'q', 'gamma'], negMean, [
    [1, 2, mean],
    [5, 5, mean],
    [1, 1, 1],
  ])
  const [p, q, gamma] = result.x.map(Math.exp) as [number, number, number]
  return {
    p,
    q,
    gamma,
    logLikelihood: gammaGammaLogLikelihood({ p, q, gamma }, data),
    customers: n,
    iterations: result.iterations,
    converged: result.converged,
    method: result.method,
  }
}

/** E[M | x, m_x]: expected average spend per transaction; the population mean pγ/(q−1) when x = 0. */
export function gammaGammaExpectedSpend(params: GammaGammaParams, x: number, mx: number): number {
  const { p, q, gamma } = params
  if (x <= 0) return (p * gamma) / (q - 1)
  return (p * (gamma + x * mx)) / (p * x + q - 1)
}
