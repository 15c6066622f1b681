import { type ClvOptions, defaultClvOptions } from './clv.js'
import type { FitQuality } from './fit-result.js'
import {
  type CustomerPrediction,
  type FitData,
  type ForecastModels,
  fitDataOf,
  fitForecastModels,
  predictCustomer,
  type SummaryRow,
} from './forecast-models.js'
import { type PurchaseSummaries, type TimeUnit, unitDays } from './summarize-purchases.js'
import { type HoldoutValidation, validateHoldout } from './validate-holdout.js'

/** The `analyze forecast` JSON: parameters and fit quality of each model, customers counted, holdout checks. */
export interface ForecastReport {
  unit: TimeUnit | null
  customers: number
  /** Null for a purchase model that could not be fitted (the reason is among the warnings). */
  bgnbd: ({ r: number; alpha: number; a: number; b: number } & FitQuality) | null
  paretoNbd: ({ r: number; alpha: number; s: number; beta: number } & FitQuality) | null
  gammaGamma: ({ p: number; q: number; gamma: number } & FitQuality) | null
  /** The spend of every transaction when it never varies (then there is no Gamma-Gamma fit). */
  constantSpend: number | null
  chosen: 'bgnbd' | 'paretoNbd'
  warnings: string[]
  holdout?: HoldoutValidation
}

/** Fits the models to summaries and reports them; with purchase summaries that have a holdout, validates it. */
export function runForecast(
  customers: readonly SummaryRow[] | FitData,
  data?: PurchaseSummaries,
): { report: ForecastReport; models: ForecastModels } {
  const fit = 'groups' in customers ? customers : fitDataOf(customers)
  const models = fitForecastModels(fit)
  const report: ForecastReport = {
    unit: data?.unit ?? null,
    customers: fit.groups.customers,
    bgnbd: models.bgnbd,
    paretoNbd: models.paretoNbd,
    gammaGamma: models.gammaGamma,
    constantSpend: models.constantSpend,
    chosen: models.chosen,
    warnings: models.warnings,
  }
  if (data && data.holdoutEnd !== null) report.holdout = validateHoldout(data, models)
  return { report, models }
}

export const predictionColumns = [
  'id',
  'x',
  't_x',
  'T',
  'm_x',
  'p_alive_bgnbd',
  'p_alive_pareto_nbd',
  'expected_purchases_bgnbd',
  'expected_purchases_pareto_nbd',
  'expected_spend',
  'clv',
] as const

/** Per-customer predictions as CSV cells, over `horizon` units, CLV with the chosen model; a model that was not fitted leaves its cells empty. */
export function* predictionRows(
  models: ForecastModels,
  rows: readonly (SummaryRow & { id: string })[],
  horizon: number,
  unit: TimeUnit,
  clv: ClvOptions = defaultClvOptions,
): Generator<(string | number)[]> {
  const options = { ...clv, unitsPerMonth: unitDays.month / unitDays[unit] }
  for (const r of rows) {
    const p: CustomerPrediction = predictCustomer(models, r, horizon, options)
    yield [
      r.id,
      r.x,
      r.tx,
      r.T,
      r.mx ?? '',
      p.pAliveBgNbd ?? '',
      p.pAliveParetoNbd ?? '',
      p.expectedBgNbd ?? '',
      p.expectedParetoNbd ?? '',
      p.expectedSpend ?? '',
      p.clv === null ? '' : p.clv.toFixed(2),
    ]
  }
}
