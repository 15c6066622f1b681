import { unitScope } from '../access/unit-scope.js'
import type { WorkspaceAccess } from '../access/workspace-access.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'

type Access = Pick<WorkspaceAccess, 'workspaceId' | 'unitPath'>

/** Every scale answer at a touchpoint, mapped onto −2…+2, as sums that pool exactly across touchpoints. */
export interface TouchpointScores {
  touchpoint: string
  /** Scale answers (NPS, CSAT, CES, rating). */
  n: number
  /** Σy and Σy² of the answers mapped linearly from their scale onto −2 (worst) … +2 (best). */
  sumY: number
  sumY2: number
  /** NPS, CSAT and CES answers, and of them the negative ones: detractors 0–6, CSAT 1–2, CES 1–3. */
  banded: number
  negatives: number
}

const scores = Array.from({ length: 11 }, (_, k) => k)

/**
 * Per touchpoint key, from the insight rollup (so over any number of answers it sums a few thousand rows), within
 * the caller's org unit and the local dates from–to (both included, either open).
 */
export async function getTouchpointScores(
  db: Db,
  access: Access,
  window: { from: string | null; to: string | null },
): Promise<TouchpointScores[]> {
  const y = (k: number) => `((${k} - r.scale_min) * 4.0 / (r.scale_max - r.scale_min) - 2)`
  const sumY = sql.raw(scores.map((k) => `${y(k)} * r.c${k}`).join(' + '))
  const sumY2 = sql.raw(scores.map((k) => `${y(k)} ^ 2 * r.c${k}`).join(' + '))
  const negative =
    sql.raw(`case r.question_type when 'nps' then r.c0 + r.c1 + r.c2 + r.c3 + r.c4 + r.c5 + r.c6
    when 'csat' then r.c1 + r.c2 when 'ces' then r.c1 + r.c2 + r.c3 else 0 end`)
  const rows = await db.query<{
    touchpoint: string
    n: string
    sumY: string | null
    sumY2: string | null
    banded: string
    negatives: string
  }>(sql`select r.touchpoint, sum(r.n) as n,
      sum(${sumY}) as "sumY", sum(${sumY2}) as "sumY2",
      coalesce(sum(r.n) filter (where r.question_type in ('nps', 'csat', 'ces')), 0) as banded,
      sum(${negative}) as negatives
    from insight_rollup r
    where r.workspace_id = ${access.workspaceId} and r.scale_max > r.scale_min
      and (r.question_type <> 'nps' or r.nps_kind = 'transactional')
      and ${unitScope(access, sql`r.org_unit_id`)}
      ${window.from ? sql`and r.day >= ${window.from}::date` : sql.empty}
      ${window.to ? sql`and r.day <= ${window.to}::date` : sql.empty}
    group by r.touchpoint`)
  return rows.map((r) => ({
    touchpoint: r.touchpoint,
    n: Number(r.n),
    sumY: Number(r.sumY ?? 0),
    sumY2: Number(r.sumY2 ?? 0),
    banded: Number(r.banded),
    negatives: Number(r.negatives),
  }))
}
