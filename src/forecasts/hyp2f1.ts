// The Gauss hypergeometric function 2F1 is implemented here because no maintained npm package offers it
// (@stdlib has gammaln, betaln and digamma, but no hyp2f1). The models only need real z in [0, 1), where the
// power series converges; it is summed until a term no longer changes the sum, and NaN is returned when it
// has not converged within the cap, so that a caller never gets a silently wrong value.

const MAX_TERMS = 100_000

/**
 * 2F1(a, b; c; z) for 0 <= z < 1 and c > 0 by its power series; NaN when it does not converge.
 * @example hyp2f1(1, 1, 2, 0.5) // = -ln(1 - 0.5) / 0.5
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1) || !(c > 0)) return Number.NaN
  let term = 1
  let sum = 1
  for (let n = 0; n < MAX_TERMS; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z
    const next = sum + term
    if (next === sum || Math.abs(term) < 1e-17 * Math.abs(next)) return next
    sum = next
  }
  return Number.NaN
}

/** 2F1 and the partial derivatives of its logarithm with respect to a, b, c and z. */
export interface Hyp2f1WithDerivatives {
  value: number
  dA: number
  dB: number
  dC: number
  dZ: number
}

/**
 * Series terms a computation may still sum, shared by all its calls. Near z = 1 one value takes up to
 * MAX_TERMS terms, and an optimizer drawn there evaluates thousands of them: a budget turns what would run
 * for hours into NaN, which the caller can report.
 */
export interface SeriesBudget {
  terms: number
}

const notANumber = { value: Number.NaN, dA: Number.NaN, dB: Number.NaN, dC: Number.NaN, dZ: Number.NaN }

/**
 * 2F1(a, b; c; z) for 0 <= z < 1 with ∂ln2F1/∂a, ∂b, ∂c, ∂z from the same series: the n-th term's log
 * changes by Σ_{k<n} 1/(a+k) per unit of a (likewise b, and minus for c), and by n/z per unit of z.
 * NaN when it does not converge, or when `budget` is spent.
 */
export function hyp2f1WithDerivatives(
  a: number,
  b: number,
  c: number,
  z: number,
  budget?: SeriesBudget,
): Hyp2f1WithDerivatives {
  if (!(z >= 0 && z < 1) || !(c > 0) || (budget && budget.terms <= 0)) return notANumber
  let coef = 1
  let power = 1 // z^(n-1)
  let sa = 0
  let sb = 0
  let sc = 0
  let value = 1
  let fa = 0
  let fb = 0
  let fc = 0
  let fz = 0
  for (let n = 1; n <= MAX_TERMS; n++) {
    sa += 1 / (a + n - 1)
    sb += 1 / (b + n - 1)
    sc += 1 / (c + n - 1)
    coef *= ((a + n - 1) * (b + n - 1)) / ((c + n - 1) * n)
    const term = coef * power * z
    fz += n * coef * power
    power *= z
    fa += term * sa
    fb += term * sb
    fc -= term * sc
    const next = value + term
    if (
      (next === value || Math.abs(term) < 1e-17 * Math.abs(next)) &&
      n * coef * power < 1e-17 * Math.abs(fz) + 1e-300
    ) {
      if (budget) budget.terms -= n
      return { value: next, dA: fa / next, dB: fb / next, dC: fc / next, dZ: fz / next }
    }
    value = next
  }
  if (budget) budget.terms -= MAX_TERMS
  return notANumber
}
