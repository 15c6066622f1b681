import { FitNotConvergedError } from './fit-result.js'
import { type Minimum, minimizeBfgs, minimizeNelderMead, type ObjectiveWithGradient } from './optimize.js'

/**
 * Maximises a log-likelihood over log-parameters from each start in turn until one converges: BFGS first,
 * and when it does not converge, Nelder–Mead followed by BFGS from where the simplex stopped.
 * `negMeanLl` is the negative mean log-likelihood per customer (so tolerances do not depend on data size).
 * Throws FitNotConvergedError rather than return a point that is not a maximum.
 */
export function maximizeLogParams(
  model: string,
  names: readonly string[],
  negMeanLl: ObjectiveWithGradient,
  starts: readonly (readonly number[])[],
  maxIterations = 500,
): Minimum {
  const objective = (x: readonly number[]) => negMeanLl(x, new Array<number>(x.length).fill(0))
  let last: Minimum | undefined
  for (const start of starts) {
    const logStart = start.map(Math.log)
    let result = minimizeBfgs(negMeanLl, logStart, { gradTol: 1e-8, maxIterations })
    if (!result.converged) {
      const simplex = minimizeNelderMead(objective, Number.isFinite(result.value) ? result.x : logStart, {
        maxIterations: maxIterations * 10,
      })
      result = minimizeBfgs(negMeanLl, simplex.x, { gradTol: 1e-8, maxIterations })
    }
    const params = result.x.map(Math.exp)
    // A parameter run off towards 0 or infinity is a boundary, not a maximum: the data do not identify it.
    if (result.converged && params.every((p) => p > 1e-8 && p < 1e8)) return result
    last = result
  }
  const stopped = Object.fromEntries(names.map((n, i) => [n, Math.exp(last?.x[i] ?? Number.NaN)]))
  const edge = last?.converged ? names.filter((n) => !(stopped[n]! > 1e-8 && stopped[n]! < 1e8)) : []
  throw new FitNotConvergedError(
    model,
    stopped,
    edge.length > 0
      ? `the likelihood is highest at the edge of the parameter space (${edge.join(', ')} → 0 or ∞): these data do not identify the model (for example, nobody seems to stop buying)`
      : undefined,
  )
}
