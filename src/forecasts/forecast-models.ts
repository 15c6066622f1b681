import {
  type BgNbdFit,
  type BgNbdParams,
  bgNbdConditionalExpected,
  bgNbdProbabilityAlive,
  fitBgNbd,
} from './bgnbd.js'
import { type ClvOptions, customerLifetimeValue } from './clv.js'
import { FitNotConvergedError } from './fit-result.js'
import {
  fitGammaGamma,
  type GammaGammaFit,
  type GammaGammaParams,
  gammaGammaExpectedSpend,
} from './gamma-gamma.js'
import {
  fitParetoNbd,
  type ParetoNbdFit,
  type ParetoNbdParams,
  paretoNbdConditionalExpected,
  paretoNbdProbabilityAlive,
} from './pareto-nbd.js'
import { groupSummaries } from './summary-groups.js'

export interface SummaryRow {
  x: number
  tx: number
  T: number
  /** Mean repeat-transaction value; undefined when spend is not known. */
  mx?: number
}

export interface ForecastModels {
  bgnbd: BgNbdFit
  paretoNbd: ParetoNbdFit
  /** Null when spend is unknown or the spend model could not be fitted (see `warnings`). */
  gammaGamma: GammaGammaFit | null
  /** The purchase model used for per-customer predictions: the one with the higher log-likelihood. */
  chosen: 'bgnbd' | 'paretoNbd'
  warnings: string[]
}

/** Fits BG/NBD, Pareto/NBD and (when spend is known) Gamma-Gamma; throws FitNotConvergedError for a purchase model. */
export function fitForecastModels(rows: readonly SummaryRow[]): ForecastModels {
  if (rows.length === 0) throw new RangeError('there are no customers to fit')
  const groups = groupSummaries({
    x: rows.map((r) => r.x),
    tx: rows.map((r) => r.tx),
    T: rows.map((r) => r.T),
  })
  const bgnbd = fitBgNbd(groups)
  const paretoNbd = fitParetoNbd(groups)
  const warnings: string[] = []
  let gammaGamma: GammaGammaFit | null = null
  const repeaters = rows.filter((r) => r.x > 0 && r.mx !== undefined && r.mx > 0)
  if (repeaters.length >= 2) {
    try {
      gammaGamma = fitGammaGamma({ x: repeaters.map((r) => r.x), mx: repeaters.map((r) => r.mx!) })
      if (gammaGamma.q <= 1) {
        warnings.push('the Gamma-Gamma fit has q ≤ 1 (no finite mean spend); spend predictions are left out')
        gammaGamma = null
      }
    } catch (error) {
      if (!(error instanceof FitNotConvergedError)) throw error
      warnings.push(error.message)
    }
  } else if (rows.some((r) => r.mx !== undefined)) {
    warnings.push('fewer than two customers with repeat purchases: no spend model')
  }
  const chosen = paretoNbd.logLikelihood > bgnbd.logLikelihood ? 'paretoNbd' : 'bgnbd'
  return { bgnbd, paretoNbd, gammaGamma, chosen, warnings }
}

export interface CustomerPrediction {
  pAliveBgNbd: number
  pAliveParetoNbd: number
  expectedBgNbd: number
  expectedParetoNbd: number
  /** The chosen model's P(alive) and expected purchases. */
  pAlive: number
  expectedPurchases: number
  expectedSpend: number | null
  clv: number | null
}

/** Per-customer predictions over `horizon` units, and CLV with the chosen model when spend is modelled. */
export function predictCustomer(
  models: Pick<ForecastModels, 'bgnbd' | 'paretoNbd' | 'gammaGamma' | 'chosen'>,
  c: SummaryRow,
  horizon: number,
  clv: ClvOptions & { unitsPerMonth: number },
): CustomerPrediction {
  const bg: BgNbdParams = models.bgnbd
  const pn: ParetoNbdParams = models.paretoNbd
  const pAliveBgNbd = bgNbdProbabilityAlive(bg, c.x, c.tx, c.T)
  const pAliveParetoNbd = paretoNbdProbabilityAlive(pn, c.x, c.tx, c.T)
  const expectedBgNbd = bgNbdConditionalExpected(bg, horizon, c.x, c.tx, c.T)
  const expectedParetoNbd = paretoNbdConditionalExpected(pn, horizon, c.x, c.tx, c.T)
  const expected =
    models.chosen === 'bgnbd'
      ? (t: number) => bgNbdConditionalExpected(bg, t, c.x, c.tx, c.T)
      : (t: number) => paretoNbdConditionalExpected(pn, t, c.x, c.tx, c.T)
  const gg: GammaGammaParams | null = models.gammaGamma
  const expectedSpend = gg ? gammaGammaExpectedSpend(gg, c.x, c.mx ?? 0) : null
  return {
    pAliveBgNbd,
    pAliveParetoNbd,
    expectedBgNbd,
    expectedParetoNbd,
    pAlive: models.chosen === 'bgnbd' ? pAliveBgNbd : pAliveParetoNbd,
    expectedPurchases: models.chosen === 'bgnbd' ? expectedBgNbd : expectedParetoNbd,
    expectedSpend,
    clv:
      expectedSpend === null ? null : customerLifetimeValue(expected, expectedSpend, clv.unitsPerMonth, clv),
  }
}
