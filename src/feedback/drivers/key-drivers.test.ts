import { Matrix, SingularValueDecomposition, solve } from 'ml-matrix'
import { describe, expect, test } from 'vitest'
import { correlationMatrix } from './correlation.js'
import { analyzeKeyDrivers } from './key-drivers.js'
import { relativeWeights } from './relative-weights.js'
import { shapleyWeights } from './shapley.js'
import { mtcars } from './test-mtcars.js'

const [mpg, cyl, disp, hp, wt, gear] = [0, 1, 2, 3, 4, 5]
const rowsOf = (columns: number[], data: readonly (readonly number[])[] = mtcars) =>
  data.map((r) => ({ y: r[mpg]!, x: columns.map((c) => r[c]!) }))

/** R² of an ordinary least-squares fit with an intercept, by the normal equations on the raw data. */
function olsR2(y: readonly number[], xs: readonly (readonly number[])[]): number {
  if (xs[0]!.length === 0) return 0
  const design = new Matrix(xs.map((x) => [1, ...x]))
  const coef = solve(design.transpose().mmul(design), design.transpose().mmul(Matrix.columnVector([...y])))
  const fitted = design.mmul(coef).to1DArray()
  const mean = y.reduce((s, v) => s + v, 0) / y.length
  const sse = y.reduce((s, v, i) => s + (v - fitted[i]!) ** 2, 0)
  const sst = y.reduce((s, v) => s + (v - mean) ** 2, 0)
  return 1 - sse / sst
}

/** Relative weights by a second route: the SVD of the standardised data matrix (Johnson 2000, eq. 2–5). */
function relativeWeightsBySvd(y: readonly number[], xs: readonly (readonly number[])[]): number[] {
  const standardise = (col: number[]) => {
    const m = col.reduce((s, v) => s + v, 0) / col.length
    const norm = Math.sqrt(col.reduce((s, v) => s + (v - m) ** 2, 0))
    return col.map((v) => (v - m) / norm)
  }
  const k = xs[0]!.length
  const x = new Matrix(xs.map(() => new Array<number>(k).fill(0)))
  for (let j = 0; j < k; j++) x.setColumn(j, standardise(xs.map((r) => r[j]!)))
  const svd = new SingularValueDecomposition(x, { autoTranspose: true })
  const z = svd.leftSingularVectors.mmul(svd.rightSingularVectors.transpose())
  const lambda = svd.rightSingularVectors
    .mmul(Matrix.diag(svd.diagonal))
    .mmul(svd.rightSingularVectors.transpose())
  const beta = z
    .transpose()
    .mmul(Matrix.columnVector(standardise([...y])))
    .to1DArray()
  return Array.from({ length: k }, (_, j) => beta.reduce((s, b, m) => s + lambda.get(j, m) ** 2 * b ** 2, 0))
}

function permutations(items: number[]): number[][] {
  if (items.length <= 1) return [items]
  return items.flatMap((first, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [first, ...rest]),
  )
}

describe('relative weights', () => {
  test('mtcars mpg on cyl, disp, hp, gear gives the weights published with the rwa package', () => {
    // Published: R package rwa (Martin Chan), vignette "Bootstrap Confidence Intervals for Relative Weights
    // Analysis" (2025-07-16), rwa(mtcars, outcome = "mpg", predictors = c("cyl", "disp", "hp", "gear")):
    // Raw.RelWeight hp 0.2321744, cyl 0.2284797, disp 0.2221469, gear 0.0963886;
    // Rescaled.RelWeight 29.79691, 29.32274, 28.50999, 12.37037 (per cent).
    const result = analyzeKeyDrivers('mpg', ['cyl', 'disp', 'hp', 'gear'], rowsOf([cyl, disp, hp, gear]), {
      resamples: 0,
    })
    const byName = Object.fromEntries(result.drivers.map((d) => [d.driver, d]))
    expect(byName.hp!.weight).toBeCloseTo(0.2321744, 7)
    expect(byName.cyl!.weight).toBeCloseTo(0.2284797, 7)
    expect(byName.disp!.weight).toBeCloseTo(0.2221469, 7)
    expect(byName.gear!.weight).toBeCloseTo(0.0963886, 7)
    expect(byName.hp!.share * 100).toBeCloseTo(29.79691, 5)
    expect(byName.cyl!.share * 100).toBeCloseTo(29.32274, 5)
    expect(byName.disp!.share * 100).toBeCloseTo(28.50999, 5)
    expect(byName.gear!.share * 100).toBeCloseTo(12.37037, 5)
    expect(result.n).toBe(32)
  })

  test('agree with the SVD route on the data matrix and sum to the R² of a separate OLS fit', () => {
    const columns = [cyl, disp, hp, wt, gear]
    const xs = mtcars.map((r) => columns.map((c) => r[c]!))
    const y = mtcars.map((r) => r[mpg]!)
    const correlations = correlationMatrix(mtcars.map((r) => [...columns.map((c) => r[c]!), r[mpg]!]))
    const rxx = correlations.subMatrix(0, 4, 0, 4)
    const rxy = [0, 1, 2, 3, 4].map((j) => correlations.get(j, 5))
    const eigen = relativeWeights(rxx, rxy)
    const svd = relativeWeightsBySvd(y, xs)
    for (let j = 0; j < 5; j++) expect(eigen.raw[j]).toBeCloseTo(svd[j]!, 10)
    expect(eigen.r2).toBeCloseTo(olsR2(y, xs), 10)
  })
})

describe('Shapley weights', () => {
  test('equal the gains in R² averaged over all 120 entry orders, each fitted by its own OLS', () => {
    const columns = [cyl, disp, hp, wt, gear]
    const y = mtcars.map((r) => r[mpg]!)
    const r2Of = (members: number[]) =>
      olsR2(
        y,
        mtcars.map((r) => members.map((j) => r[columns[j]!]!)),
      )
    const orders = permutations([0, 1, 2, 3, 4])
    const brute = new Array<number>(5).fill(0)
    for (const order of orders)
      order.forEach((j, i) => {
        brute[j]! += (r2Of(order.slice(0, i + 1)) - r2Of(order.slice(0, i))) / orders.length
      })
    const result = analyzeKeyDrivers('mpg', ['cyl', 'disp', 'hp', 'wt', 'gear'], rowsOf(columns), {
      resamples: 0,
    })
    result.drivers.forEach((d, j) => {
      expect(d.shapley).toBeCloseTo(brute[j]!, 10)
    })
    expect(result.drivers.reduce((s, d) => s + d.shapley!, 0)).toBeCloseTo(result.r2, 10)
  })

  test('of two uncorrelated drivers are their squared correlations (hand-worked)', () => {
    // r_xx = I: R²(S) = Σ r², so each driver's gain is its own r² in every order.
    expect(
      shapleyWeights(
        [
          [1, 0],
          [0, 1],
        ],
        [0.6, 0.3],
      ),
    ).toEqual([expect.closeTo(0.36, 12), expect.closeTo(0.09, 12)])
  })

  test('refuse more than twelve drivers', () => {
    const k = 13
    const identity = Matrix.eye(k).to2DArray()
    expect(() => shapleyWeights(identity, new Array(k).fill(0.1))).toThrow(/at most 12/)
  })
})

describe('key drivers', () => {
  test('standardised betas match the OLS coefficients on z-scores, with R² and n', () => {
    const result = analyzeKeyDrivers('mpg', ['wt', 'hp'], rowsOf([wt, hp]), { resamples: 0 })
    // Published: R's summary(lm(mpg ~ wt + hp, mtcars)) as printed in countless tutorials: wt −3.87783,
    // hp −0.03177, Multiple R-squared 0.8268; sd(mpg) 6.026948, sd(wt) 0.9784574, sd(hp) 68.56287 (R's sd()).
    expect(result.drivers[0]!.beta).toBeCloseTo((-3.87783 * 0.9784574) / 6.026948, 4)
    expect(result.drivers[1]!.beta).toBeCloseTo((-0.03177 * 68.56287) / 6.026948, 4)
    expect(result.r2).toBeCloseTo(0.8268, 4)
    expect(result.drivers.every((d) => !d.signFlip)).toBe(true)
  })

  test('a coefficient whose sign goes against its correlation is flagged', () => {
    // y = 2a − b with b ≈ a: b correlates positively with y but its coefficient is negative.
    const rows = Array.from({ length: 60 }, (_, i) => {
      const a = Math.sin(i) * 3
      const b = a + Math.cos(i * 7) * 0.6
      return { y: 2 * a - b + Math.sin(i * 13) * 0.2, x: [a, b] }
    })
    const result = analyzeKeyDrivers('y', ['a', 'b'], rows, { resamples: 0 })
    const b = result.drivers[1]!
    expect(b.correlation).toBeGreaterThan(0)
    expect(b.beta).toBeLessThan(0)
    expect(b.signFlip).toBe(true)
    expect(result.drivers[0]!.signFlip).toBe(false)
  })

  test('uses complete cases only and reports their number', () => {
    const rows = rowsOf([wt, hp])
    const holed = rows.map((r, i) =>
      i % 4 === 0 ? { y: r.y, x: [null, r.x[1]!] } : i % 4 === 1 ? { y: null, x: r.x } : r,
    )
    const result = analyzeKeyDrivers('mpg', ['wt', 'hp'], holed, { resamples: 0 })
    expect(result.n).toBe(16)
    const expected = analyzeKeyDrivers(
      'mpg',
      ['wt', 'hp'],
      rows.filter((_, i) => i % 4 > 1),
      { resamples: 0 },
    )
    expect(result.r2).toBeCloseTo(expected.r2, 12)
  })

  test('a driver that does not vary is left out and named', () => {
    const rows = rowsOf([wt, hp]).map((r) => ({ y: r.y, x: [...r.x, 5] }))
    const result = analyzeKeyDrivers('mpg', ['wt', 'hp', 'flat'], rows, { resamples: 0 })
    expect(result.constant).toEqual(['flat'])
    expect(result.drivers.map((d) => d.driver)).toEqual(['wt', 'hp'])
  })
})

describe('bootstrap intervals', () => {
  const run = (seed: number) =>
    analyzeKeyDrivers('mpg', ['cyl', 'disp', 'hp', 'gear'], rowsOf([cyl, disp, hp, gear]), {
      resamples: 400,
      seed,
    })

  test('are the same under the same seed and differ under another', () => {
    const a = run(7)
    const b = run(7)
    const c = run(8)
    expect(a.drivers.map((d) => [d.ciLow, d.ciHigh])).toEqual(b.drivers.map((d) => [d.ciLow, d.ciHigh]))
    expect(a.drivers.map((d) => d.ciLow)).not.toEqual(c.drivers.map((d) => d.ciLow))
    expect(a.bootstrap).toEqual({ resamples: 400, used: 400, seed: 7 })
  })

  test('bracket the point weights and are near the published ones', () => {
    const result = run(7)
    for (const d of result.drivers) {
      expect(d.ciLow!).toBeLessThan(d.weight)
      expect(d.ciHigh!).toBeGreaterThan(d.weight)
    }
    // Published lower bounds (rwa vignette above, 1000 resamples with R's RNG): hp 0.17918452, gear 0.04436607.
    // Another generator and 400 resamples land within 0.03 of them.
    const hp = result.drivers.find((d) => d.driver === 'hp')!
    const gear = result.drivers.find((d) => d.driver === 'gear')!
    expect(Math.abs(hp.ciLow! - 0.17918452)).toBeLessThan(0.03)
    expect(Math.abs(gear.ciLow! - 0.04436607)).toBeLessThan(0.03)
  })
})
