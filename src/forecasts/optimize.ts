/** The result of minimising a function of a parameter vector. */
export interface Minimum {
  x: number[]
  value: number
  iterations: number
  converged: boolean
  method: 'bfgs' | 'nelder-mead'
}

export type Objective = (x: readonly number[]) => number
/** Returns the value and writes the gradient into `grad`. */
export type ObjectiveWithGradient = (x: readonly number[], grad: number[]) => number

/**
 * BFGS with a backtracking (Armijo) line search. Converged when the gradient's largest component is below
 * `gradTol`; a function that returns NaN or Infinity at a trial point makes the step shorter.
 */
export function minimizeBfgs(
  f: ObjectiveWithGradient,
  start: readonly number[],
  options: { gradTol?: number; maxIterations?: number } = {},
): Minimum {
  const n = start.length
  const gradTol = options.gradTol ?? 1e-8
  const maxIterations = options.maxIterations ?? 500
  let x = [...start]
  let g = new Array<number>(n).fill(0)
  let fx = f(x, g)
  if (!Number.isFinite(fx) || g.some((v) => !Number.isFinite(v))) {
    return { x, value: fx, iterations: 0, converged: false, method: 'bfgs' }
  }
  let h = identity(n)
  const gNew = new Array<number>(n).fill(0)
  for (let iter = 1; iter <= maxIterations; iter++) {
    if (maxAbs(g) < gradTol) return { x, value: fx, iterations: iter - 1, converged: true, method: 'bfgs' }
    let d = h.map((row) => -dot(row, g))
    let slope = dot(d, g)
    if (!(slope < 0)) {
      h = identity(n)
      d = g.map((v) => -v)
      slope = dot(d, g)
    }
    // Keep a first step from leaping across the space of log-parameters.
    const longest = maxAbs(d)
    let step = longest > 2 ? 2 / longest : 1
    let xNew: number[] = x
    let fNew = Number.NaN
    for (let tries = 0; tries < 60; tries++) {
      xNew = x.map((v, i) => v + step * d[i]!)
      fNew = f(xNew, gNew)
      if (Number.isFinite(fNew) && gNew.every(Number.isFinite) && fNew <= fx + 1e-4 * step * slope) break
      step /= 2
      fNew = Number.NaN
    }
    if (Number.isNaN(fNew)) {
      // No decrease along the direction: at the numerical floor when the gradient is already small.
      const flat = maxAbs(g) < gradTol * 1e3
      return { x, value: fx, iterations: iter, converged: flat, method: 'bfgs' }
    }
    const s = xNew.map((v, i) => v - x[i]!)
    const y = gNew.map((v, i) => v - g[i]!)
    const sy = dot(s, y)
    if (sy > 1e-12) {
      if (iter === 1) h = identity(n).map((row) => row.map((v) => (v * sy) / dot(y, y)))
      const hy = h.map((row) => dot(row, y))
      const yhy = dot(y, hy)
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          h[i]![j]! += ((sy + yhy) * s[i]! * s[j]!) / (sy * sy) - (hy[i]! * s[j]! + s[i]! * hy[j]!) / sy
        }
      }
    }
    const change = Math.abs(fx - fNew)
    x = xNew
    fx = fNew
    g = [...gNew]
    if (change < 1e-15 * Math.max(1, Math.abs(fx)) && maxAbs(g) < gradTol * 1e3) {
      return { x, value: fx, iterations: iter, converged: true, method: 'bfgs' }
    }
  }
  return { x, value: fx, iterations: maxIterations, converged: maxAbs(g) < gradTol, method: 'bfgs' }
}

/** Nelder–Mead simplex: the fallback when BFGS fails, as it needs no gradient. */
export function minimizeNelderMead(
  f: Objective,
  start: readonly number[],
  options: { tol?: number; maxIterations?: number; scale?: number } = {},
): Minimum {
  const n = start.length
  const tol = options.tol ?? 1e-10
  const maxIterations = options.maxIterations ?? 5000 * n
  const safe = (x: readonly number[]) => {
    const v = f(x)
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY
  }
  let simplex = [start.slice()]
  for (let i = 0; i < n; i++) {
    const p = start.slice()
    p[i] = p[i]! + (options.scale ?? 0.5)
    simplex.push(p)
  }
  let values = simplex.map(safe)
  for (let iter = 1; iter <= maxIterations; iter++) {
    const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0])
    simplex = order.map(([, i]) => simplex[i]!)
    values = order.map(([v]) => v)
    const spread = Math.abs(values[n]! - values[0]!)
    if (spread <= tol * Math.max(1, Math.abs(values[0]!)) && Number.isFinite(values[0]!)) {
      return { x: simplex[0]!, value: values[0]!, iterations: iter, converged: true, method: 'nelder-mead' }
    }
    const centroid = new Array<number>(n).fill(0)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += simplex[i]![j]! / n
    const along = (t: number) => centroid.map((c, j) => c + t * (simplex[n]![j]! - c))
    const reflected = along(-1)
    const fr = safe(reflected)
    if (fr < values[0]!) {
      const expanded = along(-2)
      const fe = safe(expanded)
      ;[simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr]
    } else if (fr < values[n - 1]!) {
      ;[simplex[n], values[n]] = [reflected, fr]
    } else {
      const contracted = fr < values[n]! ? along(-0.5) : along(0.5)
      const fc = safe(contracted)
      if (fc < Math.min(fr, values[n]!)) [simplex[n], values[n]] = [contracted, fc]
      else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i]!.map((v, j) => simplex[0]![j]! + 0.5 * (v - simplex[0]![j]!))
          values[i] = safe(simplex[i]!)
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values))
  return {
    x: simplex[best]!,
    value: values[best]!,
    iterations: maxIterations,
    converged: false,
    method: 'nelder-mead',
  }
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)))
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!
  return s
}

function maxAbs(a: readonly number[]): number {
  let m = 0
  for (const v of a) m = Math.max(m, Math.abs(v))
  return m
}
