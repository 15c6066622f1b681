import type { SummaryGroups } from './summary-groups.js'

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
  /** Why, without the model's name. */
  readonly reason: string

  constructor(
    readonly model: string,
    readonly lastParams: Record<string, number>,
    reason?: string,
  ) {
    const why =
      reason ??
      `the fit did not converge (stopped at ${Object.entries(lastParams)
        .map(([k, v]) => `${k}=${v.toPrecision(4)}`)
        .join(', ')}); the data may not fit this model`
    super(
      reason ? `the ${model} model cannot be fitted: ${reason}` : `the ${model} ${why.slice('the '.length)}`,
    )
    this.reason = why
  }
}

/** Neither purchase model could be fitted; the message gives each one's reason (once when they agree). */
export class NoPurchaseModelError extends FitNotConvergedError {
  constructor(readonly failures: readonly FitNotConvergedError[]) {
    const reasons = new Set(failures.map((f) => f.reason))
    super(
      'purchase',
      {},
      reasons.size === 1 ? [...reasons][0] : failures.map((f) => `${f.model}: ${f.reason}`).join('; '),
    )
    this.message = `no purchase model can be fitted: ${this.reason}`
  }
}

/** Refuses data in which no customer bought twice: no purchase process can be estimated from it. */
export function requireRepeatPurchases(model: string, data: Pick<SummaryGroups, 'x'>): void {
  if (!data.x.some((x) => x > 0)) {
    throw new FitNotConvergedError(
      model,
      {},
      'no customer made a repeat purchase, so the purchase process cannot be estimated',
    )
  }
}
