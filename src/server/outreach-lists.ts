import { visibleCustomers } from '../access/unit-scope.js'
import type { ReadOutreachList } from '../cases/outreach.js'
import { sql } from '../db/sql.js'
import { latestFit } from '../forecasts/queries.js'
import { allSilentCustomers } from '../insights/silent-customers.js'
import { currentResults } from '../segments/current-results.js'

// The outreach lists, read from what the insights, segments and forecasts capabilities keep: customers who
// bought in the last 180 days and never answered, customers whose purchase habit broke, and customers whose
// P(alive) in the newest fit is below one half. Most valuable first.

const DAY = 86_400_000

export const readOutreachList: ReadOutreachList = async (db, access, list, limit) => {
  const ws = access.workspaceId
  if (list === 'silent') {
    const today = new Date().toISOString().slice(0, 10)
    const from = new Date(Date.now() - 180 * DAY).toISOString().slice(0, 10)
    const ids: string[] = []
    for await (const batch of allSilentCustomers(db, access, { from, to: today, silence: 'never' })) {
      ids.push(...batch.map((c) => c.customerId))
      if (ids.length >= limit) break
    }
    return ids.slice(0, limit)
  }
  if (list === 'habit_broken') {
    const rows = await db.query<{ id: string }>(sql`select c.id from ${currentResults(ws)} s
      join customers c on c.id = s.customer_id
      where s.habit_broken and ${visibleCustomers(access)} and c.erased_at is null
      order by s.monetary desc, c.external_id limit ${limit}`)
    return rows.map((r) => r.id)
  }
  const fit = await latestFit(db, ws, true)
  if (!fit) return []
  const rows = await db.query<{ id: string }>(sql`select c.id from forecast_predictions p
    join customers c on c.id = p.customer_id
    where p.fit_id = ${fit.id} and p.p_alive < 0.5 and ${visibleCustomers(access)} and c.erased_at is null
    order by p.revenue desc, c.external_id limit ${limit}`)
  return rows.map((r) => r.id)
}
