/** What a fit returns besides its parameters: how well it fits and whether the optimiser converged. */
export interface FitQuality {
  logLikelihood: number
  customers: number
  iterations: number
  converged: boolean
  method: 'bfgs' | 'nelder-mead'
}

/** A fit whose optimiser did not converge: the parameters it stopped at are not a maximum-likelihood estimate. */
export class FitNotConvergedError extends Error {
  constructor(
    readonly model: string,
    readonly lastParams: Record<string, number>,
    reason?: string,
  ) {
    super(
      reason
        ? `the ${model} model cannot be fitted: ${reason}`
        : `the ${model} fit did not converge (stopped at ${Object.entries(lastParams)
            .map(([k, v]) => `${k}=${v.toPrecision(4)}`)
            .join(', ')}); the data may not fit this model`,
    )
  }
}
