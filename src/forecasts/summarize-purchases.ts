export type TimeUnit = 'day' | 'week' | 'month'

/** Days per unit; a month is a twelfth of a mean Gregorian year. */
export const unitDays: Record<TimeUnit, number> = { day: 1, week: 7, month: 365.25 / 12 }

/** One purchase: the customer, the UTC calendar day (days since 1970-01-01) and the amount. */
export interface Purchase {
  customerId: string
  day: number
  amount: number
}

/** A customer's calibration summary in the chosen unit, and the holdout count when there is a holdout. */
export interface CustomerSummary {
  id: string
  /** Repeat transactions (purchase days after the first) up to the calibration end. */
  x: number
  /** Time from the first purchase to the last repeat purchase (0 when x = 0). */
  tx: number
  /** Time from the first purchase to the calibration end. */
  T: number
  /** Mean value of the repeat transactions in the calibration period (0 when x = 0). */
  mx: number
  firstDay: number
  /** Repeat transactions in the holdout period. */
  xStar: number
}

export interface PurchaseSummaries {
  unit: TimeUnit
  calibrationEnd: number
  holdoutEnd: number | null
  customers: CustomerSummary[]
  /** Days of every repeat transaction up to the holdout end (or calibration end), for the tracking curve. */
  repeatDays: number[]
}

export const dayOf = (date: Date): number => Math.floor(date.getTime() / 86_400_000)
export const dateOfDay = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10)

/**
 * Calibration (and holdout) summaries from purchases. Purchases on the same day count as one transaction,
 * as in Fader, Hardie & Lee (2005); negative amounts are returns and not transactions (a zero amount is a
 * purchase of free goods: CDNOW has such first purchases). Customers whose first
 * purchase is after the calibration end are left out.
 */
export function summarizePurchases(
  purchases: Iterable<Purchase>,
  options: { calibrationEnd: number; holdoutEnd?: number | null; unit: TimeUnit },
): PurchaseSummaries {
  const { calibrationEnd, unit } = options
  const holdoutEnd = options.holdoutEnd ?? null
  if (holdoutEnd !== null && holdoutEnd <= calibrationEnd) {
    throw new RangeError('the holdout end must be after the calibration end')
  }
  const last = holdoutEnd ?? calibrationEnd
  const byCustomer = new Map<string, Map<number, number>>()
  for (const p of purchases) {
    if (!(p.amount >= 0) || p.day > last) continue
    let days = byCustomer.get(p.customerId)
    if (!days) {
      days = new Map()
      byCustomer.set(p.customerId, days)
    }
    days.set(p.day, (days.get(p.day) ?? 0) + p.amount)
  }
  const perUnit = unitDays[unit]
  const customers: CustomerSummary[] = []
  const repeatDays: number[] = []
  for (const [id, days] of byCustomer) {
    const sorted = [...days.keys()].sort((a, b) => a - b)
    const first = sorted[0]!
    if (first > calibrationEnd) continue
    let x = 0
    let lastRepeat = first
    let spend = 0
    let xStar = 0
    for (let i = 1; i < sorted.length; i++) {
      const day = sorted[i]!
      repeatDays.push(day)
      if (day <= calibrationEnd) {
        x++
        lastRepeat = day
        spend += days.get(day)!
      } else xStar++
    }
    customers.push({
      id,
      x,
      tx: (lastRepeat - first) / perUnit,
      T: (calibrationEnd - first) / perUnit,
      mx: x > 0 ? spend / x : 0,
      firstDay: first,
      xStar,
    })
  }
  return { unit, calibrationEnd, holdoutEnd, customers, repeatDays }
}
