import gammaln from '@stdlib/math-base-special-gammaln'
import { maximizeLogParams } from './fit-mle.js'
import type { FitQuality } from './fit-result.js'
import { hyp2f1 } from './hyp2f1.js'
import { numericGradient } from './optimize.js'
import type { SummaryGroups } from './summary-groups.js'

/** Pareto/NBD parameters: purchase rate ~ Gamma(r, α), dropout rate ~ Gamma(s, β). */
export interface ParetoNbdParams {
  r: number
  alpha: number
  s: number
  beta: number
}

export type ParetoNbdFit = ParetoNbdParams & FitQuality

/**
 * ln of ∫_τ^∞ (α+u)^-(r+x) (β+u)^-(s+1) du · (r+s+x), the 2F1 form of Fader & Hardie's note (2005) on the
 * Pareto/NBD, written around the larger of α and β so that the argument of 2F1 stays in [0, 1).
 */
function lnTail(p: ParetoNbdParams, x: number, tau: number): number {
  const { r, alpha, s, beta } = p
  const rsx = r + s + x
  if (alpha >= beta) {
    const z = (alpha - beta) / (alpha + tau)
    return Math.log(hyp2f1(rsx, s + 1, rsx + 1, z)) - rsx * Math.log(alpha + tau)
  }
  const z = (beta - alpha) / (beta + tau)
  return Math.log(hyp2f1(rsx, r + x, rsx + 1, z)) - rsx * Math.log(beta + tau)
}

/** ln of the bracket of the likelihood: [(α+T)^-(r+x) (β+T)^-s + s/(r+s+x) · (A(t_x) − A(T))], by log-sum-exp. */
function lnBracket(p: ParetoNbdParams, x: number, T: number, lnTailTx: number, lnTailT: number): number {
  const stay = -(p.r + x) * Math.log(p.alpha + T) - p.s * Math.log(p.beta + T)
  // A(t_x) >= A(T) as the integral over (t_x, T) is non-negative; equal when t_x = T.
  const died =
    Math.log(p.s / (p.r + p.s + x)) + lnTailTx + Math.log1p(-Math.exp(Math.min(0, lnTailT - lnTailTx)))
  const m = Math.max(stay, died)
  if (m === Number.NEGATIVE_INFINITY) return m
  return m + Math.log(Math.exp(stay - m) + Math.exp(died - m))
}

/** The Pareto/NBD log-likelihood of grouped summaries (Fader & Hardie 2005 note, eq. 22 with 2F1). */
export function paretoNbdLogLikelihood(p: ParetoNbdParams, data: SummaryGroups): number {
  const { r, alpha, s, beta } = p
  const nx = data.xValues.length
  const lgR = new Float64Array(nx)
  for (let k = 0; k < nx; k++) lgR[k] = gammaln(r + data.xValues[k]!) - gammaln(r)
  const pairs = data.pairX.length
  const tails = new Float64Array(pairs)
  for (let q = 0; q < pairs; q++) {
    tails[q] = lnTail(p, data.xValues[data.pairX[q]!]!, data.times[data.pairTime[q]!]!)
  }
  const head = r * Math.log(alpha) + s * Math.log(beta)
  let ll = 0
  const groups = data.weight.length
  for (let g = 0; g < groups; g++) {
    const k = data.xIndex[g]!
    const bracket = lnBracket(
      p,
      data.xValues[k]!,
      data.T[g]!,
      tails[data.txPair[g]!]!,
      tails[data.TPair[g]!]!,
    )
    ll += data.weight[g]! * (lgR[k]! + head + bracket)
  }
  return ll
}

/** Fits Pareto/NBD by maximum likelihood on grouped summaries (central-difference gradients). */
export function fitParetoNbd(data: SummaryGroups): ParetoNbdFit {
  const n = data.customers
  const negMean = (theta: readonly number[]) => {
    const p = {
      r: Math.exp(theta[0]!),
      alpha: Math.exp(theta[1]!),
      s: Math.exp(theta[2]!),
      beta: Math.exp(theta[3]!),
    }
    const ll = paretoNbdLogLikelihood(p, data)
    return Number.isFinite(ll) ? -ll / n : Number.NaN
  }
  let meanT = 0
  for (let g = 0; g < data.weight.length; g++) meanT += (data.T[g]! * data.weight[g]!) / n
  const scale = Math.max(meanT, 1e-3)
  const result = maximizeLogParams(
    'Pareto/NBD',
    ['r', 'alpha', 's', 'beta'],
    numericGradient(negMean, 1e-5),
    [
      [1, scale, 1, scale],
      [0.5, scale / 4, 0.5, scale / 4],
      [1, 1, 1, 1],
    ],
  )
  const [r, alpha, s, beta] = result.x.map(Math.exp) as [number, number, number, number]
  return {
    r,
    alpha,
    s,
    beta,
    logLikelihood: paretoNbdLogLikelihood({ r, alpha, s, beta }, data),
    customers: n,
    iterations: result.iterations,
    converged: result.converged,
    method: result.method,
  }
}

/** P(alive | x, t_x, T) under Pareto/NBD. */
export function paretoNbdProbabilityAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const stay = -(p.r + x) * Math.log(p.alpha + T) - p.s * Math.log(p.beta + T)
  return Math.exp(stay - lnBracket(p, x, T, lnTail(p, x, tx), lnTail(p, x, T)))
}

/** E[Y(t) | x, t_x, T]: expected purchases in the next t periods under Pareto/NBD. */
export function paretoNbdConditionalExpected(
  p: ParetoNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (t <= 0) return 0
  const { r, alpha, s, beta } = p
  const rate = (r + x) / (alpha + T)
  // The s = 1 limit of (β+T)/(s−1)·[1 − ((β+T)/(β+T+t))^(s−1)] is (β+T)·ln((β+T+t)/(β+T)).
  const horizon =
    Math.abs(s - 1) < 1e-9
      ? (beta + T) * Math.log((beta + T + t) / (beta + T))
      : ((beta + T) / (s - 1)) * -Math.expm1((s - 1) * Math.log((beta + T) / (beta + T + t)))
  return paretoNbdProbabilityAlive(p, x, tx, T) * rate * horizon
}

/** E[X(t)]: expected purchases of a new customer in (0, t] under Pareto/NBD. */
export function paretoNbdExpected(p: ParetoNbdParams, t: number): number {
  if (t <= 0) return 0
  const { r, alpha, s, beta } = p
  if (Math.abs(s - 1) < 1e-9) return ((r * beta) / alpha) * Math.log((beta + t) / beta)
  return ((r * beta) / (alpha * (s - 1))) * -Math.expm1((s - 1) * Math.log(beta / (beta + t)))
}
