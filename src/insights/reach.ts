import { type UnitAccess, unitScope, visibleCustomers } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { answeredAt, inLocalWindow } from './local-window.js'
import { type Estimate, shareEstimate } from './metric-math.js'

export interface ResponseRateRow {
  /** Null for invitations made one by one, outside any program. */
  programId: string | null
  programName: string | null
  surveyId: string
  surveyName: string
  channel: string
  /** Invitations made in the window (sent or suppressed). */
  eligible: number
  /** Sent, or shown by the widget. */
  invited: number
  completed: number
  /** completed / invited in percent, with its SE and interval. */
  responseRate: Estimate
}

export interface Reach {
  from: string | null
  to: string | null
  rates: ResponseRateRow[]
  /** Customers with an order in the window, those of them with an answer in the window, and the share. */
  heard: { active: number; heard: number; share: Estimate }
}

/**
 * Response rate per program and channel, from the delivery funnel of invitations made in the window, and the
 * share of active customers (an order in the window) heard from (a response answered in the window).
 */
export async function getReach(
  db: Db,
  access: UnitAccess,
  from: string | null,
  to: string | null,
): Promise<Reach> {
  const ws = access.workspaceId
  const counts = await db.query<Omit<ResponseRateRow, 'responseRate'>>(sql`
    select i.program_id as "programId", p.name as "programName", s.id as "surveyId", s.name as "surveyName",
      i.channel, count(*)::int as eligible,
      count(*) filter (where i.sent_at is not null or i.opened_at is not null)::int as invited,
      count(*) filter (where i.completed_at is not null)::int as completed
    from invitations i join surveys s on s.id = i.survey_id
    left join survey_programs p on p.id = i.program_id
    where i.workspace_id = ${ws} and ${unitScope(access, sql`i.org_unit_id`)}
      and ${inLocalWindow(ws, sql`i.created_at`, from, to)}
    group by i.program_id, p.name, s.id, s.name, i.channel
    order by p.name nulls last, s.name, i.channel`)
  const [heard] = await db.query<{ active: number; heard: number }>(sql`
    select count(*)::int as active, count(*) filter (where exists (select 1 from responses r
        where r.workspace_id = ${ws} and r.customer_id = c.id
          and ${inLocalWindow(ws, answeredAt, from, to)}))::int as heard
    from customers c
    where ${visibleCustomers(access)} and exists (select 1 from orders o where o.workspace_id = ${ws}
      and o.customer_id = c.id and ${inLocalWindow(ws, sql`o.ordered_at`, from, to)})`)
  const active = heard?.active ?? 0
  const heardCount = heard?.heard ?? 0
  return {
    from,
    to,
    rates: counts.map((row) => ({ ...row, responseRate: shareEstimate(row.completed, row.invited) })),
    heard: { active, heard: heardCount, share: shareEstimate(heardCount, active) },
  }
}
