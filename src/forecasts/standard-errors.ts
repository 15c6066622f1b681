import type { Objective } from './optimize.js'

/**
 * Asymptotic standard errors at a maximum: the square roots of the diagonal of the inverse Hessian of the
 * negative log-likelihood `negLl` (a sum over customers, not a mean), by central differences.
 */
export function standardErrors(negLl: Objective, at: readonly number[], step = 1e-4): number[] {
  const n = at.length
  const f = (shift: [number, number][]) => {
    const x = [...at]
    for (const [i, h] of shift) x[i] = x[i]! + h
    return negLl(x)
  }
  const h = at.map((v) => step * Math.max(1, Math.abs(v)))
  const hessian = Array.from({ length: n }, () => new Array<number>(n).fill(0))
  const f0 = negLl(at)
  for (let i = 0; i < n; i++) {
    hessian[i]![i] = (f([[i, h[i]!]]) - 2 * f0 + f([[i, -h[i]!]])) / (h[i]! * h[i]!)
    for (let j = 0; j < i; j++) {
      const v =
        (f([
          [i, h[i]!],
          [j, h[j]!],
        ]) -
          f([
            [i, h[i]!],
            [j, -h[j]!],
          ]) -
          f([
            [i, -h[i]!],
            [j, h[j]!],
          ]) +
          f([
            [i, -h[i]!],
            [j, -h[j]!],
          ])) /
        (4 * h[i]! * h[j]!)
      hessian[i]![j] = v
      hessian[j]![i] = v
    }
  }
  const inverse = invert(hessian)
  return inverse.map((row, i) => Math.sqrt(row[i]!))
}

/** Gauss–Jordan inversion with partial pivoting; NaN entries for a singular matrix. */
function invert(m: number[][]): number[][] {
  const n = m.length
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))])
  for (let c = 0; c < n; c++) {
    let pivot = c
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r
    ;[a[c], a[pivot]] = [a[pivot]!, a[c]!]
    const p = a[c]![c]!
    if (p === 0) return m.map((row) => row.map(() => Number.NaN))
    for (let j = 0; j < 2 * n; j++) a[c]![j]! /= p
    for (let r = 0; r < n; r++) {
      if (r === c) continue
      const factor = a[r]![c]!
      for (let j = 0; j < 2 * n; j++) a[r]![j]! -= factor * a[c]![j]!
    }
  }
  return a.map((row) => row.slice(n))
}
