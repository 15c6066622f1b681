import betaln from '@stdlib/math-base-special-betaln'
import digamma from '@stdlib/math-base-special-digamma'
import gammaln from '@stdlib/math-base-special-gammaln'
import { maximizeLogParams } from './fit-mle.js'
import { type FitQuality, requireRepeatPurchases } from './fit-result.js'
import { hyp2f1 } from './hyp2f1.js'
import { type SummaryGroups, weightedMean } from './summary-groups.js'

/** BG/NBD parameters (Fader, Hardie & Lee 2005): purchase rate ~ Gamma(r, α), dropout p ~ Beta(a, b). */
export interface BgNbdParams {
  r: number
  alpha: number
  a: number
  b: number
}

export type BgNbdFit = BgNbdParams & FitQuality

const MODEL = 'BG/NBD'

/**
 * The BG/NBD log-likelihood of grouped summaries (FHL 2005, eq. 6), and its gradient with respect to the
 * log-parameters written into `grad` when given.
 */
export function bgNbdLogLikelihood(p: BgNbdParams, data: SummaryGroups, grad?: number[]): number {
  const { r, alpha, a, b } = p
  const nx = data.xValues.length
  // Terms that depend on x only: ln Γ(r+x)/Γ(r), ln B(a, b+x)/B(a, b), and their derivatives.
  const lgR = new Float64Array(nx)
  const dR = new Float64Array(nx)
  const lB = new Float64Array(nx)
  const dA = new Float64Array(nx)
  const dB = new Float64Array(nx)
  const lbx1 = new Float64Array(nx)
  const lnBab = betaln(a, b)
  const psiR = digamma(r)
  const psiAb = digamma(a + b)
  const psiB = digamma(b)
  for (let k = 0; k < nx; k++) {
    const x = data.xValues[k]!
    lgR[k] = gammaln(r + x) - gammaln(r)
    lB[k] = betaln(a, b + x) - lnBab
    if (grad) {
      dR[k] = digamma(r + x) - psiR
      const psiAbx = digamma(a + b + x)
      dA[k] = psiAb - psiAbx
      dB[k] = psiAb + digamma(b + x) - psiB - psiAbx
    }
    lbx1[k] = x > 0 ? Math.log(b + x - 1) : 0
  }
  const nt = data.times.length
  const lnAt = new Float64Array(nt)
  const invAt = new Float64Array(nt)
  for (let j = 0; j < nt; j++) {
    lnAt[j] = Math.log(alpha + data.times[j]!)
    invAt[j] = 1 / (alpha + data.times[j]!)
  }
  const lnAlpha = Math.log(alpha)
  const lnA = Math.log(a)
  let ll = 0
  let gr = 0
  let gal = 0
  let ga = 0
  let gb = 0
  const groups = data.weight.length
  for (let g = 0; g < groups; g++) {
    const w = data.weight[g]!
    const k = data.xIndex[g]!
    const x = data.xValues[k]!
    const rx = r + x
    const base = lgR[k]! + r * lnAlpha + lB[k]!
    const a3 = -rx * lnAt[data.TIndex[g]!]!
    if (x === 0) {
      ll += w * (base + a3)
      if (grad) {
        gr += w * (dR[k]! + lnAlpha - lnAt[data.TIndex[g]!]!)
        gal += w * (r / alpha - rx * invAt[data.TIndex[g]!]!)
        ga += w * dA[k]!
        gb += w * dB[k]!
      }
      continue
    }
    const a4 = lnA - lbx1[k]! - rx * lnAt[data.txIndex[g]!]!
    const m = Math.max(a3, a4)
    const e3 = Math.exp(a3 - m)
    const e4 = Math.exp(a4 - m)
    const sum = e3 + e4
    ll += w * (base + m + Math.log(sum))
    if (grad) {
      const w3 = e3 / sum
      const w4 = e4 / sum
      gr += w * (dR[k]! + lnAlpha - w3 * lnAt[data.TIndex[g]!]! - w4 * lnAt[data.txIndex[g]!]!)
      gal += w * (r / alpha - rx * (w3 * invAt[data.TIndex[g]!]! + w4 * invAt[data.txIndex[g]!]!))
      ga += w * (dA[k]! + w4 / a)
      gb += w * (dB[k]! - w4 / (b + x - 1))
    }
  }
  if (grad) {
    grad[0] = gr * r
    grad[1] = gal * alpha
    grad[2] = ga * a
    grad[3] = gb * b
  }
  return ll
}

/**
 * Fits BG/NBD by maximum likelihood on grouped summaries.
 * @example fitBgNbd(groupSummaries({ x, tx, T })) // { r, alpha, a, b, logLikelihood, converged, … }
 */
export function fitBgNbd(data: SummaryGroups, options: { maxIterations?: number } = {}): BgNbdFit {
  const n = data.customers
  requireRepeatPurchases(MODEL, data)
  const negMean = (theta: readonly number[], grad: number[]) => {
    const p = {
      r: Math.exp(theta[0]!),
      alpha: Math.exp(theta[1]!),
      a: Math.exp(theta[2]!),
      b: Math.exp(theta[3]!),
    }
    const ll = bgNbdLogLikelihood(p, data, grad)
    for (let i = 0; i < 4; i++) grad[i] = -grad[i]! / n
    return -ll / n
  }
  const meanT = weightedMean(data.T, data.weight)
  const result = maximizeLogParams(
    MODEL,
    ['r', 'alpha', 'a', 'b'],
    negMean,
    [
      [1, Math.max(meanT, 1e-3), 1, 1],
      [0.5, Math.max(meanT / 4, 1e-3), 0.5, 2],
      [1, 1, 1, 1],
    ],
    options.maxIterations,
  )
  const [r, alpha, a, b] = result.x.map(Math.exp) as [number, number, number, number]
  return {
    r,
    alpha,
    a,
    b,
    logLikelihood: bgNbdLogLikelihood({ r, alpha, a, b }, data),
    customers: n,
    iterations: result.iterations,
    converged: result.converged,
    method: result.method,
  }
}

/** P(alive | x, t_x, T): the probability that the customer has not dropped out by T (FHL 2005). */
export function bgNbdProbabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1
  const lnRatio = Math.log(p.a / (p.b + x - 1)) + (p.r + x) * Math.log((p.alpha + T) / (p.alpha + tx))
  return 1 / (1 + Math.exp(lnRatio))
}

/** E[Y(t) | x, t_x, T]: expected purchases in the next t periods (FHL 2005, eq. 10). */
export function bgNbdConditionalExpected(
  p: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, a, b } = p
  if (t <= 0) return 0
  const numerator =
    ((a + b + x - 1) / (a - 1)) * (1 - powTimesHyp2f1(r + x, b + x, a + b + x - 1, T + alpha, t))
  const denominator = x > 0 ? 1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 1
  return numerator / denominator
}

/** E[X(t)]: expected purchases of a new customer in (0, t] (FHL 2005, eq. 9). */
export function bgNbdExpected(p: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = p
  if (t <= 0) return 0
  return ((a + b - 1) / (a - 1)) * (1 - powTimesHyp2f1(r, b, a + b - 1, alpha, t))
}

/** P(X(t) = n): the probability that a new customer makes n purchases in (0, t] (FHL 2005, eq. 8). */
export function bgNbdProbabilityOfPurchases(p: BgNbdParams, t: number, n: number): number {
  const { r, alpha, a, b } = p
  const lnQ = Math.log(alpha / (alpha + t))
  const lnP = Math.log(t / (alpha + t))
  const nbd = (j: number) =>
    Math.exp(gammaln(r + j) - gammaln(r) - gammaln(j + 1) + r * lnQ + (j > 0 ? j * lnP : 0))
  const first = Math.exp(betaln(a, b + n) - betaln(a, b)) * nbd(n)
  if (n === 0) return first
  let cumulative = 0
  for (let j = 0; j < n; j++) cumulative += nbd(j)
  return first + Math.exp(betaln(a + 1, b + n - 1) - betaln(a, b)) * (1 - cumulative)
}

/**
 * (u/(u+t))^A · 2F1(A, B; C; t/(u+t)), the term of FHL's eq. 9 and 10. Two equal forms, each for where the
 * other's series grows without bound:
 * - Euler's transformation 2F1(A,B;C;z) = (1−z)^(C−A−B) 2F1(C−A, C−B; C; z) gives (1−z)^(C−B) 2F1(C−A, C−B; C; z),
 *   whose terms shrink with the number of purchases (A = r + x) instead of growing with it;
 * - but C − B = a − 1, and a fit with a and b in the millions (everybody drops out with the same chance after a
 *   purchase) would need millions of Euler terms, so there the direct series, which needs about A, is summed.
 */
function powTimesHyp2f1(A: number, B: number, C: number, u: number, t: number): number {
  const z = t / (u + t)
  const lnU = Math.log(u / (u + t))
  if (C - B > A) return Math.exp(A * lnU) * hyp2f1(A, B, C, z)
  return Math.exp((C - B) * lnU) * hyp2f1(C - A, C - B, C, z)
}
