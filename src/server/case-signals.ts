import type { BehaviourSignal, ReadSignals } from '../cases/work.js'
import { sql } from '../db/sql.js'
import { latestFit } from '../forecasts/queries.js'
import { currentResults } from '../segments/current-results.js'

// The behavioural signals that open cases, read from what the segments and forecasts capabilities stored: an
// A-class customer whose purchase habit broke, and an A-class customer whose P(alive) fell by a fifth or more
// to below one half within the latest fit.

/** The A-class customers' broken habits and falling P(alive), the most valuable first. */
export const readCaseSignals: ReadSignals = async (db, workspaceId, limit) => {
  const habits = await db.query<{ customerId: string; nextDue: string }>(sql`
    select s.customer_id as "customerId", s.next_due::text as "nextDue" from ${currentResults(workspaceId)} s
    where s.habit_broken and s.abc = 'A' order by s.monetary desc, s.customer_id limit ${limit}`)
  const signals: BehaviourSignal[] = habits.map((h) => ({
    customerId: h.customerId,
    kind: 'habit_broken',
    key: h.nextDue,
    detail: `Habit broken: an A-class customer's next purchase was due ${h.nextDue}`,
  }))
  const fit = await latestFit(db, workspaceId, true)
  if (!fit) return signals
  const falling = await db.query<{ customerId: string; pAlive: number; before: number }>(sql`
    select p.customer_id as "customerId", p.p_alive as "pAlive", p.p_alive_before as before
    from forecast_predictions p join ${currentResults(workspaceId)} s on s.customer_id = p.customer_id
    where p.fit_id = ${fit.id} and s.abc = 'A' and p.p_alive < 0.5 and p.p_alive_before - p.p_alive >= 0.2
    order by p.p_alive_before - p.p_alive desc, p.customer_id limit ${limit}`)
  for (const f of falling)
    signals.push({
      customerId: f.customerId,
      kind: 'p_alive_falling',
      key: fit.id,
      detail: `P(alive) falling: an A-class customer from ${Math.round(f.before * 100)}% to ${Math.round(f.pAlive * 100)}%`,
    })
  return signals
}
