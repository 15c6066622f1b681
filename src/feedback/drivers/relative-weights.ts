import { EigenvalueDecomposition, Matrix } from 'ml-matrix'

/** Johnson's (2000) relative weights: each driver's share of R², from the drivers' correlations and theirs with the outcome. */
export interface RelativeWeights {
  /** Raw weights, one per driver; they sum to R². */
  raw: number[]
  r2: number
}

/**
 * Johnson (2000): the drivers are replaced by their closest orthogonal counterparts Z = X (XᵀX)^-½; the outcome is
 * regressed on Z (β = Λ⁻¹ r_xy with Λ = R_xx^½) and each Z's explained variance is handed back to the drivers by
 * the squared loadings Λ².
 * @example relativeWeights([[1, 0.5], [0.5, 1]], [0.6, 0.4]).raw
 */
export function relativeWeights(rxx: Matrix | number[][], rxy: readonly number[]): RelativeWeights {
  const r = Matrix.isMatrix(rxx) ? rxx : new Matrix(rxx)
  const eig = new EigenvalueDecomposition(r, { assumeSymmetric: true })
  const vectors = eig.eigenvectorMatrix
  // Rounding can leave a tiny negative eigenvalue on a singular matrix; it carries no variance.
  const root = eig.realEigenvalues.map((v) => Math.sqrt(Math.max(v, 0)))
  const k = root.length
  const lambda = Matrix.zeros(k, k)
  const lambdaInverse = Matrix.zeros(k, k)
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) {
      let s = 0
      let si = 0
      for (let m = 0; m < k; m++) {
        const vv = vectors.get(a, m) * vectors.get(b, m)
        s += vv * root[m]!
        if (root[m]! > 1e-12) si += vv / root[m]!
      }
      lambda.set(a, b, s)
      lambdaInverse.set(a, b, si)
    }
  const beta = lambdaInverse.mmul(Matrix.columnVector([...rxy])).to1DArray()
  const raw = new Array<number>(k).fill(0)
  for (let j = 0; j < k; j++) for (let m = 0; m < k; m++) raw[j]! += lambda.get(j, m) ** 2 * beta[m]! ** 2
  return { raw, r2: raw.reduce((s, w) => s + w, 0) }
}
