import {
  type BgNbdFit,
  type BgNbdParams,
  bgNbdConditionalExpected,
  bgNbdExpected,
  bgNbdProbabilityAlive,
  fitBgNbd,
} from './bgnbd.js'
import { type ClvOptions, customerLifetimeValue } from './clv.js'
import { FitNotConvergedError, NoPurchaseModelError } from './fit-result.js'
import {
  fitGammaGamma,
  type GammaGammaFit,
  type GammaGammaParams,
  gammaGammaExpectedSpend,
  type SpendColumns,
} from './gamma-gamma.js'
import {
  fitParetoNbd,
  type ParetoNbdFit,
  type ParetoNbdParams,
  paretoNbdConditionalExpected,
  paretoNbdExpected,
  paretoNbdProbabilityAlive,
} from './pareto-nbd.js'
import { groupSummaries, type SummaryGroups } from './summary-groups.js'

export interface SummaryRow {
  x: number
  tx: number
  T: number
  /** Mean repeat-transaction value; undefined when spend is not known. */
  mx?: number
}

export type PurchaseModelName = 'bgnbd' | 'paretoNbd'

export interface ForecastModels {
  /** Null when it could not be fitted (the reason is in `warnings`); at least one purchase model is fitted. */
  bgnbd: BgNbdFit | null
  paretoNbd: ParetoNbdFit | null
  /** Null when spend is unknown or the spend model could not be fitted (see `warnings`). */
  gammaGamma: GammaGammaFit | null
  /**
   * When every repeat customer spends the same per transaction (a fixed price): that amount, the expected
   * spend of everybody. Gamma-Gamma is not identified there: its p and q run off to infinity.
   */
  constantSpend: number | null
  /** The purchase model used for per-customer predictions: the fitted one with the higher log-likelihood. */
  chosen: PurchaseModelName
  warnings: string[]
}

/**
 * The customers as the models take them: grouped by (x, t_x, T), and the repeat customers' spend (x > 0, m_x > 0)
 * in the order the customers come, or null when spend is not known.
 */
export interface FitData {
  groups: SummaryGroups
  spend: SpendColumns | null
}

/** The fit data of customers' summary rows. */
export function fitDataOf(rows: readonly SummaryRow[]): FitData {
  const groups = groupSummaries({
    x: rows.map((r) => r.x),
    tx: rows.map((r) => r.tx),
    T: rows.map((r) => r.T),
  })
  if (!rows.some((r) => r.mx !== undefined)) return { groups, spend: null }
  const repeaters = rows.filter((r) => r.x > 0 && r.mx !== undefined && r.mx > 0)
  return { groups, spend: { x: repeaters.map((r) => r.x), mx: repeaters.map((r) => r.mx!) } }
}

/**
 * Fits BG/NBD, Pareto/NBD and (when spend is known) Gamma-Gamma. A purchase model that cannot be fitted is
 * left out with a warning, since the other still forecasts (a young shop where nobody has stopped buying yet
 * does not identify Pareto/NBD's dropout); throws NoPurchaseModelError when neither can be fitted.
 */
export function fitForecastModels(customers: readonly SummaryRow[] | FitData): ForecastModels {
  const { groups, spend } = 'groups' in customers ? customers : fitDataOf(customers)
  if (groups.customers === 0) throw new RangeError('there are no customers to fit')
  const failures: FitNotConvergedError[] = []
  const attempt = <T>(fitModel: () => T): T | null => {
    try {
      return fitModel()
    } catch (error) {
      if (!(error instanceof FitNotConvergedError)) throw error
      failures.push(error)
      return null
    }
  }
  const bgnbd = attempt(() => fitBgNbd(groups))
  const paretoNbd = attempt(() => fitParetoNbd(groups))
  if (!bgnbd && !paretoNbd) throw new NoPurchaseModelError(failures)
  const chosen =
    !bgnbd || (paretoNbd && paretoNbd.logLikelihood > bgnbd.logLikelihood) ? 'paretoNbd' : 'bgnbd'
  const warnings = failures.map(
    (f) => `${f.message}; the predictions use ${chosen === 'bgnbd' ? 'BG/NBD' : 'Pareto/NBD'} alone`,
  )
  let gammaGamma: GammaGammaFit | null = null
  let constantSpend: number | null = null
  const mx = spend?.mx ?? []
  let repeaters = 0
  for (let i = 0; i < mx.length; i++) repeaters += spend?.weight?.[i] ?? 1
  const first = mx[0] ?? 0
  let constant = true
  for (let i = 1; constant && i < mx.length; i++) constant = Math.abs(mx[i]! - first) <= 1e-9 * first
  if (repeaters >= 2 && constant) {
    constantSpend = first
    warnings.push(
      `every repeat customer spends ${first.toFixed(2)} per transaction: no spend model is needed, each customer's expected spend is that amount`,
    )
  } else if (spend && repeaters >= 2) {
    try {
      gammaGamma = fitGammaGamma(spend)
      if (gammaGamma.q <= 1) {
        warnings.push('the Gamma-Gamma fit has q ≤ 1 (no finite mean spend); spend predictions are left out')
        gammaGamma = null
      }
    } catch (error) {
      if (!(error instanceof FitNotConvergedError)) throw error
      warnings.push(error.message)
    }
  } else if (spend) {
    warnings.push('fewer than two customers with repeat purchases: no spend model')
  }
  return { bgnbd, paretoNbd, gammaGamma, constantSpend, chosen, warnings }
}

/** A fitted purchase model's predictions from a customer's history (x, t_x, T in the fit's unit). */
export interface PurchasePredictor {
  pAlive(x: number, tx: number, T: number): number
  /** Expected purchases in the next t units. */
  expected(t: number, x: number, tx: number, T: number): number
  /** Expected repeat purchases of a customer in the first t units after their first purchase. */
  expectedSinceFirst(t: number): number
}

/** The purchase models' parameters; null for one that was not fitted. */
export interface PurchaseModels {
  bgnbd: BgNbdParams | null
  paretoNbd: ParetoNbdParams | null
}

/** The predictions of one purchase model, or null when it was not fitted. */
export function purchasePredictor(
  models: PurchaseModels,
  model: PurchaseModelName,
): PurchasePredictor | null {
  if (model === 'bgnbd') {
    const p = models.bgnbd
    return p
      ? {
          pAlive: (x, tx, T) => bgNbdProbabilityAlive(p, x, tx, T),
          expected: (t, x, tx, T) => bgNbdConditionalExpected(p, t, x, tx, T),
          expectedSinceFirst: (t) => bgNbdExpected(p, t),
        }
      : null
  }
  const p = models.paretoNbd
  return p
    ? {
        pAlive: (x, tx, T) => paretoNbdProbabilityAlive(p, x, tx, T),
        expected: (t, x, tx, T) => paretoNbdConditionalExpected(p, t, x, tx, T),
        expectedSinceFirst: (t) => paretoNbdExpected(p, t),
      }
    : null
}

export interface CustomerPrediction {
  /** Each purchase model's figures; null for a model that was not fitted. */
  pAliveBgNbd: number | null
  pAliveParetoNbd: number | null
  expectedBgNbd: number | null
  expectedParetoNbd: number | null
  /** The chosen model's P(alive) and expected purchases. */
  pAlive: number
  expectedPurchases: number
  expectedSpend: number | null
  clv: number | null
}

/** Per-customer predictions over `horizon` units, and CLV with the chosen model when spend is modelled or fixed. */
export function predictCustomer(
  models: PurchaseModels & {
    gammaGamma: GammaGammaParams | null
    constantSpend?: number | null
    chosen: PurchaseModelName
  },
  c: SummaryRow,
  horizon: number,
  clv: ClvOptions & { unitsPerMonth: number },
): CustomerPrediction {
  const bg = purchasePredictor(models, 'bgnbd')
  const pn = purchasePredictor(models, 'paretoNbd')
  const chosen = (models.chosen === 'bgnbd' ? bg : pn)!
  const pAliveBgNbd = bg?.pAlive(c.x, c.tx, c.T) ?? null
  const pAliveParetoNbd = pn?.pAlive(c.x, c.tx, c.T) ?? null
  const expectedBgNbd = bg?.expected(horizon, c.x, c.tx, c.T) ?? null
  const expectedParetoNbd = pn?.expected(horizon, c.x, c.tx, c.T) ?? null
  const gg = models.gammaGamma
  const expectedSpend = gg ? gammaGammaExpectedSpend(gg, c.x, c.mx ?? 0) : (models.constantSpend ?? null)
  return {
    pAliveBgNbd,
    pAliveParetoNbd,
    expectedBgNbd,
    expectedParetoNbd,
    pAlive: (models.chosen === 'bgnbd' ? pAliveBgNbd : pAliveParetoNbd)!,
    expectedPurchases: (models.chosen === 'bgnbd' ? expectedBgNbd : expectedParetoNbd)!,
    expectedSpend,
    clv:
      expectedSpend === null
        ? null
        : customerLifetimeValue(
            (t) => chosen.expected(t, c.x, c.tx, c.T),
            expectedSpend,
            clv.unitsPerMonth,
            clv,
          ),
  }
}
