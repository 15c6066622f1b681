import digamma from '@stdlib/math-base-special-digamma'
import gammaln from '@stdlib/math-base-special-gammaln'
import { maximizeLogParams } from './fit-mle.js'
import { FitNotConvergedError, type FitQuality, requireRepeatPurchases } from './fit-result.js'
import { hyp2f1, hyp2f1WithDerivatives, type SeriesBudget } from './hyp2f1.js'
import { type SummaryGroups, weightedMean } from './summary-groups.js'

/** Pareto/NBD parameters: purchase rate ~ Gamma(r, α), dropout rate ~ Gamma(s, β). */
export interface ParetoNbdParams {
  r: number
  alpha: number
  s: number
  beta: number
}

export type ParetoNbdFit = ParetoNbdParams & FitQuality

const MODEL = 'Pareto/NBD'

// Fits of the CDNOW data, or of 300,000 simulated customers, sum 1–5 million series terms; 3e8 is a few
// seconds' work. With nobody stopping to buy, one evaluation near the edge took 40 million, and a fit ran for
// hours.
const FIT_SERIES_TERMS = 3e8
let fitSeriesTerms = FIT_SERIES_TERMS

/**
 * Test support only (src/test-setup.ts): another series budget per fit. The tests spend the whole budget a
 * dozen times on purpose (a shop where nobody stops buying), about 3 CPU-seconds each at the full one.
 */
export function setSeriesBudgetForTests(terms: number): void {
  fitSeriesTerms = terms
}
const spentReason =
  'the search drifted to where the scales of the purchase and dropout rates (alpha, beta) are far apart and the ' +
  'likelihood takes too long to evaluate; these data do not seem to identify the dropout process (for example, ' +
  'nobody seems to stop buying)'

/**
 * ln of (r+s+x)·∫_τ^∞ (α+u)^-(r+x) (β+u)^-(s+1) du in the 2F1 form of Fader & Hardie's note (2005) on the
 * Pareto/NBD, written around the larger of α and β so that the argument of 2F1 stays in [0, 1). With
 * `grad`, its derivatives with respect to r, α, s, β are written there.
 */
function lnTail(
  p: ParetoNbdParams,
  x: number,
  tau: number,
  grad?: Float64Array,
  at = 0,
  budget?: SeriesBudget,
): number {
  const { r, alpha, s, beta } = p
  const rsx = r + s + x
  if (alpha >= beta) {
    const lnAt = Math.log(alpha + tau)
    const z = (alpha - beta) / (alpha + tau)
    if (!grad) return Math.log(hyp2f1(rsx, s + 1, rsx + 1, z)) - rsx * lnAt
    const f = hyp2f1WithDerivatives(rsx, s + 1, rsx + 1, z, budget)
    grad[at] = f.dA + f.dC - lnAt
    grad[at + 1] = (f.dZ * (beta + tau)) / (alpha + tau) ** 2 - rsx / (alpha + tau)
    grad[at + 2] = f.dA + f.dB + f.dC - lnAt
    grad[at + 3] = -f.dZ / (alpha + tau)
    return Math.log(f.value) - rsx * lnAt
  }
  const lnBt = Math.log(beta + tau)
  const z = (beta - alpha) / (beta + tau)
  if (!grad) return Math.log(hyp2f1(rsx, r + x, rsx + 1, z)) - rsx * lnBt
  const f = hyp2f1WithDerivatives(rsx, r + x, rsx + 1, z, budget)
  grad[at] = f.dA + f.dB + f.dC - lnBt
  grad[at + 1] = -f.dZ / (beta + tau)
  grad[at + 2] = f.dA + f.dC - lnBt
  grad[at + 3] = (f.dZ * (alpha + tau)) / (beta + tau) ** 2 - rsx / (beta + tau)
  return Math.log(f.value) - rsx * lnBt
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

/**
 * The Pareto/NBD log-likelihood of grouped summaries (Fader & Hardie 2005 note, eq. 22 with 2F1), and its
 * analytic gradient with respect to the log-parameters written into `grad` when given.
 */
export function paretoNbdLogLikelihood(
  p: ParetoNbdParams,
  data: SummaryGroups,
  grad?: number[],
  budget?: SeriesBudget,
): number {
  const { r, alpha, s, beta } = p
  const nx = data.xValues.length
  const lgR = new Float64Array(nx)
  const dgR = new Float64Array(nx)
  const psiR = grad ? digamma(r) : 0
  for (let k = 0; k < nx; k++) {
    lgR[k] = gammaln(r + data.xValues[k]!) - gammaln(r)
    if (grad) dgR[k] = digamma(r + data.xValues[k]!) - psiR
  }
  const nt = data.times.length
  const lnA = new Float64Array(nt)
  const lnB = new Float64Array(nt)
  for (let j = 0; j < nt; j++) {
    lnA[j] = Math.log(alpha + data.times[j]!)
    lnB[j] = Math.log(beta + data.times[j]!)
  }
  const pairs = data.pairX.length
  const tails = new Float64Array(pairs)
  const dTails = grad ? new Float64Array(4 * pairs) : undefined
  for (let q = 0; q < pairs; q++) {
    tails[q] = lnTail(p, data.xValues[data.pairX[q]!]!, data.times[data.pairTime[q]!]!, dTails, 4 * q, budget)
  }
  const lnAlpha = Math.log(alpha)
  const lnBeta = Math.log(beta)
  let ll = 0
  let gr = 0
  let ga = 0
  let gs = 0
  let gb = 0
  const groups = data.weight.length
  for (let g = 0; g < groups; g++) {
    const w = data.weight[g]!
    const k = data.xIndex[g]!
    const x = data.xValues[k]!
    const Ti = data.TIndex[g]!
    const rsx = r + s + x
    const stay = -(r + x) * lnA[Ti]! - s * lnB[Ti]!
    const q1 = data.txPair[g]!
    const q2 = data.TPair[g]!
    // ln(A(t_x) − A(T)) = L1 + ln(1 − e^(L2 − L1)); e is 1 when t_x = T, and the term vanishes.
    const e = Math.exp(Math.min(0, tails[q2]! - tails[q1]!))
    const died = Math.log(s / rsx) + tails[q1]! + Math.log1p(-e)
    const m = Math.max(stay, died)
    const es = Math.exp(stay - m)
    const ed = Math.exp(died - m)
    ll += w * (lgR[k]! + r * lnAlpha + s * lnBeta + m + Math.log(es + ed))
    if (grad && dTails) {
      const ws = es / (es + ed)
      const wd = 1 - ws
      const T = data.times[Ti]!
      let dr = dgR[k]! + lnAlpha - ws * lnA[Ti]!
      let da = r / alpha - (ws * (r + x)) / (alpha + T)
      let ds = lnBeta - ws * lnB[Ti]!
      let db = s / beta - (ws * s) / (beta + T)
      if (wd > 0) {
        const d = (i: number) => (dTails[4 * q1 + i]! - e * dTails[4 * q2 + i]!) / (1 - e)
        dr += wd * (d(0) - 1 / rsx)
        da += wd * d(1)
        ds += wd * (d(2) + 1 / s - 1 / rsx)
        db += wd * d(3)
      }
      gr += w * dr
      ga += w * da
      gs += w * ds
      gb += w * db
    }
  }
  if (grad) {
    grad[0] = gr * r
    grad[1] = ga * alpha
    grad[2] = gs * s
    grad[3] = gb * beta
  }
  return ll
}

/** Fits Pareto/NBD by maximum likelihood on grouped summaries (analytic gradients). */
export function fitParetoNbd(data: SummaryGroups, options: { maxIterations?: number } = {}): ParetoNbdFit {
  const n = data.customers
  requireRepeatPurchases(MODEL, data)
  const budget: SeriesBudget = { terms: fitSeriesTerms }
  const negMean = (theta: readonly number[], grad: number[]) => {
    // Spent: every further evaluation would be NaN too, so none is made.
    if (budget.terms <= 0) return Number.NaN
    const p = {
      r: Math.exp(theta[0]!),
      alpha: Math.exp(theta[1]!),
      s: Math.exp(theta[2]!),
      beta: Math.exp(theta[3]!),
    }
    const ll = paretoNbdLogLikelihood(p, data, grad, budget)
    for (let i = 0; i < 4; i++) grad[i] = -grad[i]! / n
    return Number.isFinite(ll) ? -ll / n : Number.NaN
  }
  const scale = Math.max(weightedMean(data.T, data.weight), 1e-3)
  let result: ReturnType<typeof maximizeLogParams>
  try {
    result = maximizeLogParams(
      MODEL,
      ['r', 'alpha', 's', 'beta'],
      negMean,
      [
        [1, scale, 1, scale],
        [0.5, scale / 4, 0.5, scale / 4],
        [1, 1, 1, 1],
      ],
      options.maxIterations,
    )
  } catch (error) {
    if (!(error instanceof FitNotConvergedError) || budget.terms > 0) throw error
    throw new FitNotConvergedError(MODEL, error.lastParams, spentReason)
  }
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
