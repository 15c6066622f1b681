import { openDuckDb } from '../db/duckdb.js'
import { sql } from '../db/sql.js'
import {
  type CustomerSummary,
  type Purchase,
  type PurchaseSummaries,
  type TimeUnit,
  unitDays,
} from './summarize-purchases.js'

/**
 * summarizePurchases in DuckDB's SQL, for the files of `rapport analyze forecast --orders`: the same summaries
 * (x, t_x, T, m_x, the holdout count and the repeat days), the customers in the order first seen.
 */
export async function summarizePurchasesInDuckDb(
  purchases: Iterable<Purchase>,
  options: { calibrationEnd: number; holdoutEnd?: number | null; unit: TimeUnit },
): Promise<PurchaseSummaries> {
  const { calibrationEnd, unit } = options
  const holdoutEnd = options.holdoutEnd ?? null
  if (holdoutEnd !== null && holdoutEnd <= calibrationEnd) {
    throw new RangeError('the holdout end must be after the calibration end')
  }
  const duck = await openDuckDb()
  try {
    await duck.connection.run('create table purchases (customer integer, day integer, amount double)')
    const ids: string[] = []
    const numbers = new Map<string, number>()
    const appender = await duck.connection.createAppender('purchases')
    for (const p of purchases) {
      let no = numbers.get(p.customerId)
      if (no === undefined) {
        no = ids.push(p.customerId) - 1
        numbers.set(p.customerId, no)
      }
      appender.appendInteger(no)
      appender.appendInteger(p.day)
      appender.appendDouble(p.amount)
      appender.endRow()
    }
    appender.closeSync()
    // Same-day purchases are one transaction; negative amounts (returns) are none.
    await duck.run(sql`create table days as
      select customer, day, sum(amount) as amount, min(day) over (partition by customer) as first
      from purchases where amount >= 0 and day <= ${holdoutEnd ?? calibrationEnd}::integer
      group by customer, day`)
    const end = sql`${calibrationEnd}::integer`
    const rows = await duck.rows<{
      customer: number
      first: number
      x: number
      last: number
      spend: number
      x_star: number
    }>(
      sql`select customer, first, count(*) filter (where day > first and day <= ${end})::integer as x,
          coalesce(max(day) filter (where day > first and day <= ${end}), first) as last,
          coalesce(sum(amount) filter (where day > first and day <= ${end}), 0) as spend,
          count(*) filter (where day > ${end})::integer as x_star
        from days where first <= ${end} group by customer, first order by customer`,
    )
    const repeats = await duck.rows<{ day: number }>(
      sql`select day from days where first <= ${end} and day > first order by customer, day`,
    )
    const perUnit = unitDays[unit]
    const customers = rows.map(
      (r): CustomerSummary => ({
        id: ids[r.customer]!,
        x: r.x,
        tx: (r.last - r.first) / perUnit,
        T: (calibrationEnd - r.first) / perUnit,
        mx: r.x > 0 ? r.spend / r.x : 0,
        firstDay: r.first,
        xStar: r.x_star,
      }),
    )
    return { unit, calibrationEnd, holdoutEnd, customers, repeatDays: repeats.map((r) => r.day) }
  } finally {
    duck.close()
  }
}
