import type { FitRow } from './queries.js'

/** The facts behind a fit's plain-language explanation; the dashboard words them in the user's language. */
export interface FitExplanation {
  model: 'bgnbd' | 'paretoNbd'
  /** Mean purchases per week of an active customer (r/α). */
  purchasesPerWeek: number
  /** BG/NBD: chance of dropping out after each repeat purchase, a/(a+b). */
  dropoutPerPurchase: number | null
  /** Pareto/NBD: mean active lifetime in weeks, β/(s−1) (null when s ≤ 1: no finite mean). */
  lifetimeWeeks: number | null
  /** Gamma-Gamma: mean spend per transaction, pγ/(q−1); or the fixed amount when spend never varies. */
  meanSpend: number | null
  /** Holdout: predicted ÷ actual repeat purchases − 1 for the chosen model (null without a holdout). */
  holdoutError: number | null
  correlation: number | null
  /** English, for API users. */
  text: string
}

/** What a fit says about the customers, in numbers and one English paragraph. */
export function explainFit(fit: FitRow): FitExplanation | null {
  const model = fit.chosen
  const p = model && fit[model]
  if (fit.status !== 'fitted' || !model || !p) return null
  const purchasesPerWeek = p.r! / p.alpha!
  const dropoutPerPurchase = model === 'bgnbd' ? p.a! / (p.a! + p.b!) : null
  const lifetimeWeeks = model === 'paretoNbd' && p.s! > 1 ? p.beta! / (p.s! - 1) : null
  const gg = fit.gammaGamma
  const meanSpend = gg && gg.q! > 1 ? (gg.p! * gg.gamma!) / (gg.q! - 1) : fit.constantSpend
  const v = fit.validation as {
    actual?: number
    predicted?: Record<string, number | null>
    correlation?: Record<string, number | null>
  } | null
  const predicted = v?.predicted?.[model]
  const holdoutError = v?.actual && typeof predicted === 'number' ? predicted / v.actual - 1 : null
  const correlation = v?.correlation?.[model] ?? null
  const name = model === 'bgnbd' ? 'BG/NBD' : 'Pareto/NBD'
  const parts = [
    fit.bgnbd && fit.paretoNbd
      ? `${name} fits these ${fit.customers} customers best.`
      : `${name} is the model that could be fitted to these ${fit.customers} customers.`,
    `While active, a customer buys about ${(purchasesPerWeek * 52).toFixed(1)} times a year.`,
    dropoutPerPurchase !== null
      ? `After each repeat purchase, about ${(dropoutPerPurchase * 100).toFixed(0)}% of customers stop buying.`
      : lifetimeWeeks !== null
        ? `A customer stays active for about ${lifetimeWeeks.toFixed(0)} weeks on average.`
        : 'Many customers stay active for a very long time.',
    meanSpend !== null
      ? `A transaction is worth ${meanSpend.toFixed(2)} ${fit.currency ?? ''} on average.`
      : '',
    holdoutError !== null
      ? `On the holdout period the model was off by ${(holdoutError * 100).toFixed(0)}% in total repeat purchases.`
      : '',
  ]
  return {
    model,
    purchasesPerWeek,
    dropoutPerPurchase,
    lifetimeWeeks,
    meanSpend,
    holdoutError,
    correlation,
    text: parts.filter(Boolean).join(' '),
  }
}
