export interface ClvOptions {
  /** Horizon in months. */
  months: number
  /** Discount rate per month, e.g. 0.01. */
  monthlyDiscount: number
  /** Share of revenue that is profit, in (0, 1]. */
  margin: number
}

export const defaultClvOptions: ClvOptions = { months: 12, monthlyDiscount: 0.01, margin: 1 }

/**
 * Customer lifetime value over a horizon: expected purchases month by month (from the conditional expectation
 * `expected(t)` in model units) times expected spend and margin, discounted monthly.
 * @example customerLifetimeValue((t) => bgNbdConditionalExpected(p, t, x, tx, T), spend, 30.4375 / 7, defaultClvOptions)
 */
export function customerLifetimeValue(
  expected: (t: number) => number,
  spendPerTransaction: number,
  unitsPerMonth: number,
  options: ClvOptions,
): number {
  let value = 0
  let previous = 0
  for (let month = 1; month <= options.months; month++) {
    const cumulative = expected(month * unitsPerMonth)
    value +=
      ((cumulative - previous) * spendPerTransaction * options.margin) /
      (1 + options.monthlyDiscount) ** month
    previous = cumulative
  }
  return value
}
