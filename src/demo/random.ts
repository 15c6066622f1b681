/** A seeded pseudo-random source with the draws the demo data needs. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number
  bool(p: number): boolean
  pick<T>(items: readonly T[]): T
  weighted<T>(items: readonly (readonly [T, number])[]): T
  normal(mean?: number, sd?: number): number
  exponential(rate: number): number
  gamma(shape: number, scale: number): number
  beta(a: number, b: number): number
  poisson(mean: number): number
}

/** Creates a deterministic random source (mulberry32) for the given seed. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const normal = (mean = 0, sd = 1): number => {
    // Box–Muller; 1 - next() keeps the logarithm away from zero.
    const u = 1 - next()
    const v = next()
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }
  const gamma = (shape: number, scale: number): number => {
    // Marsaglia & Tsang (2000); shapes below 1 are boosted by U^(1/shape).
    if (shape < 1) return gamma(shape + 1, scale) * (1 - next()) ** (1 / shape)
    const d = shape - 1 / 3
    const c = 1 / Math.sqrt(9 * d)
    for (;;) {
      const x = normal()
      const v = (1 + c * x) ** 3
      if (v <= 0) continue
      const u = 1 - next()
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale
    }
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    bool: (p) => next() < p,
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)]
      if (item === undefined) throw new Error('nothing to pick from')
      return item
    },
    weighted: (items) => {
      const total = items.reduce((sum, [, w]) => sum + w, 0)
      let r = next() * total
      for (const [item, w] of items) {
        r -= w
        if (r < 0) return item
      }
      const last = items.at(-1)
      if (last === undefined) throw new Error('nothing to pick from')
      return last[0]
    },
    normal,
    exponential: (rate) => -Math.log(1 - next()) / rate,
    gamma,
    beta: (a, b) => {
      const x = gamma(a, 1)
      return x / (x + gamma(b, 1))
    },
    poisson: (mean) => {
      // Knuth's method: fine for the small means used here.
      const limit = Math.exp(-mean)
      let k = 0
      let p = next()
      while (p > limit) {
        k++
        p *= next()
      }
      return k
    },
  }
}
