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
