import { type UnitAccess, unitScope } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'

/**
 * The net sentiment of every scale answer at a touchpoint, as sums that pool exactly across touchpoints: each answer
 * counts +2 when positive, −2 when negative and 0 in between, NPS's logic on every scale (NPS 9–10 / 0–6, CSAT
 * 4–5 / 1–2, CES 5–7 / 1–3, a rating in the top / bottom quarter of its scale). The mean lies on −2…+2 and is
 * 2 × (share positive − share negative), NPS / 50 for NPS answers.
 */
export interface TouchpointScores {
  touchpoint: string
  /** Scale answers (NPS of either kind, CSAT, CES, rating). */
  n: number
  /** Σy and Σy² of the answers' values y ∈ {−2, 0, +2}. */
  sumY: number
  sumY2: number
  /** NPS, CSAT and CES answers, and of them the negative ones: detractors 0–6, CSAT 1–2, CES 1–3. */
  banded: number
  negatives: number
}

const scores = Array.from({ length: 11 }, (_, k) => k)

/** The sum of the counts c0…c10 whose score passes `keep`, as SQL text over the rollup row r. */
const countWhere = (keep: (k: number) => string) =>
  scores.map((k) => `case when ${keep(k)} then r.c${k} else 0 end`).join(' + ')

/**
 * Per touchpoint key, from the insight rollup (so over any number of answers it sums a few thousand rows), within
 * the caller's org unit and the local dates from–to (both included, either open).
 */
export async function getTouchpointScores(
  db: Db,
  access: UnitAccess,
  window: { from: string | null; to: string | null },
): Promise<TouchpointScores[]> {
  const positive = sql.raw(`case r.question_type when 'nps' then r.c9 + r.c10 when 'csat' then r.c4 + r.c5
    when 'ces' then r.c5 + r.c6 + r.c7
    else ${countWhere((k) => `(${k} - r.scale_min) * 4 >= 3 * (r.scale_max - r.scale_min) and ${k} <= r.scale_max`)} end`)
  const negative =
    sql.raw(`case r.question_type when 'nps' then r.c0 + r.c1 + r.c2 + r.c3 + r.c4 + r.c5 + r.c6
    when 'csat' then r.c1 + r.c2 when 'ces' then r.c1 + r.c2 + r.c3
    else ${countWhere((k) => `(${k} - r.scale_min) * 4 <= r.scale_max - r.scale_min and ${k} >= r.scale_min`)} end`)
  const rows = await db.query<{
    touchpoint: string
    n: string
    positives: string
    negatives: string
    banded: string
    bandedNegatives: string
  }>(sql`select r.touchpoint, sum(r.n) as n, sum(${positive}) as positives, sum(${negative}) as negatives,
      coalesce(sum(r.n) filter (where r.question_type in ('nps', 'csat', 'ces')), 0) as banded,
      coalesce(sum(${negative}) filter (where r.question_type in ('nps', 'csat', 'ces')), 0) as "bandedNegatives"
    from insight_rollup r
    where r.workspace_id = ${access.workspaceId} and r.scale_max > r.scale_min
      and ${unitScope(access, sql`r.org_unit_id`)}
      ${window.from ? sql`and r.day >= ${window.from}::date` : sql.empty}
      ${window.to ? sql`and r.day <= ${window.to}::date` : sql.empty}
    group by r.touchpoint`)
  return rows.map((r) => {
    const [positives, negatives] = [Number(r.positives), Number(r.negatives)]
    return {
      touchpoint: r.touchpoint,
      n: Number(r.n),
      sumY: 2 * (positives - negatives),
      sumY2: 4 * (positives + negatives),
      banded: Number(r.banded),
      negatives: Number(r.bandedNegatives),
    }
  })
}
