import type { ReadImportOptions } from '../customers/import-file.js'
import { openDuckDb } from '../db/duckdb.js'
import { sql } from '../db/sql.js'
import { foldOrdersFile } from '../segments/fold-orders.js'
import { readFileHead } from '../segments/fold-orders-in-duckdb.js'
import type { CustomerSummary, PurchaseSummaries, TimeUnit } from './summarize-purchases.js'
import { unitDays } from './summarize-purchases.js'

export interface OrdersFileSummaries extends PurchaseSummaries {
  /** Rows the import refused, and the first of them with their lines. */
  badRows: number
  errors: { line: number; field: string | null; message: string }[]
  /** Rows without a customer id (guest purchases): skipped, as the models are per customer. */
  rowsWithoutCustomer: number
}

/**
 * summarizePurchases in DuckDB's SQL, of the purchases of an orders file (`rapport analyze forecast --orders`):
 * the same summaries (x, t_x, T, m_x, the holdout count and the repeat days), the customers in id order. The
 * file is read as `analyze segments` reads it (foldOrdersFile).
 */
export async function summarizeOrdersFile(
  path: string,
  options: Pick<ReadImportOptions, 'columns' | 'dateFormat' | 'onProgress'> & {
    calibrationEnd: number
    holdoutEnd?: number | null
    unit: TimeUnit
  },
): Promise<OrdersFileSummaries> {
  const { calibrationEnd, unit } = options
  const holdoutEnd = options.holdoutEnd ?? null
  const head = await readFileHead(path, options)
  const duck = await openDuckDb()
  try {
    const folded = head.empty ? null : await foldOrdersFile(duck, path, head, { ...options, purchases: true })
    const { rowsRejected: badRows = 0, errors = [], rowsWithoutCustomer = 0 } = folded?.report ?? {}
    const none = {
      unit,
      calibrationEnd,
      holdoutEnd,
      customers: [],
      repeatDays: [],
      badRows,
      errors,
      rowsWithoutCustomer,
    }
    if (!folded) return none
    // Same-day purchases are one transaction; negative amounts (returns) are none.
    await duck.run(sql`create table days as
      select customer_id, day, sum(amount) as amount, min(day) over (partition by customer_id) as first
      from file_purchases where day <= ${holdoutEnd ?? calibrationEnd}::integer
      group by customer_id, day`)
    const end = sql`${calibrationEnd}::integer`
    const rows = await duck.rows<{
      id: string
      first: number
      x: number
      last: number
      spend: number
      x_star: number
    }>(
      sql`select customer_id as id, first, count(*) filter (where day > first and day <= ${end})::integer as x,
          coalesce(max(day) filter (where day > first and day <= ${end}), first) as last,
          coalesce(sum(amount) filter (where day > first and day <= ${end}), 0)::double as spend,
          count(*) filter (where day > ${end})::integer as x_star
        from days where first <= ${end} group by customer_id, first order by customer_id`,
    )
    const repeats = await duck.rows<{ day: number }>(
      sql`select day from days where first <= ${end} and day > first order by customer_id, day`,
    )
    const perUnit = unitDays[unit]
    const customers = rows.map(
      (r): CustomerSummary => ({
        id: r.id,
        x: r.x,
        tx: (r.last - r.first) / perUnit,
        T: (calibrationEnd - r.first) / perUnit,
        mx: r.x > 0 ? r.spend / r.x : 0,
        firstDay: r.first,
        xStar: r.x_star,
      }),
    )
    return { ...none, customers, repeatDays: repeats.map((r) => r.day) }
  } finally {
    duck.close()
  }
}
