import { Matrix } from 'ml-matrix'

/** Pearson correlations of the columns of `data` (rows × columns); NaN where a column does not vary. */
export function correlationMatrix(data: readonly (readonly number[])[]): Matrix {
  const n = data.length
  const k = data[0]?.length ?? 0
  const means = new Array<number>(k).fill(0)
  for (const row of data) for (let j = 0; j < k; j++) means[j]! += row[j]! / n
  const cross = Matrix.zeros(k, k)
  for (const row of data)
    for (let a = 0; a < k; a++) {
      const da = row[a]! - means[a]!
      for (let b = a; b < k; b++) cross.set(a, b, cross.get(a, b) + da * (row[b]! - means[b]!))
    }
  const out = Matrix.zeros(k, k)
  for (let a = 0; a < k; a++)
    for (let b = a; b < k; b++) {
      const r = cross.get(a, b) / Math.sqrt(cross.get(a, a) * cross.get(b, b))
      out.set(a, b, a === b && Number.isFinite(r) ? 1 : r)
      out.set(b, a, out.get(a, b))
    }
  return out
}

/** The mean of each column. */
export function columnMeans(data: readonly (readonly number[])[]): number[] {
  const k = data[0]?.length ?? 0
  const sums = new Array<number>(k).fill(0)
  for (const row of data) for (let j = 0; j < k; j++) sums[j]! += row[j]!
  return sums.map((s) => s / data.length)
}
