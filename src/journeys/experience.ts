import { customerScope, type UnitAccess } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import { insightSettings } from '../insights/insight-settings.js'
import { inLocalWindow, workspaceZone } from '../insights/local-window.js'
import { type Estimate, meanEstimate, shareEstimate } from '../insights/metric-math.js'
import { getMetrics, type MetricRow } from '../insights/metrics.js'
import { getTouchpointScores, type TouchpointScores } from '../insights/touchpoint-scores.js'
import { pathsBuilt } from './path-builds.js'
import { promisePairs } from './promise-pairs.js'
import type {
  BusinessHours,
  Experience,
  Journey,
  JourneyPromise,
  PromiseResult,
  TouchpointExperience,
} from './schemas.js'

/** Open cases per touchpoint key, within the caller's org unit (the cases capability answers it). */
export type OpenCasesByTouchpoint = (db: Db, access: UnitAccess) => Promise<Map<string, number>>

export interface Window {
  /** Local dates in the workspace's time zone, both included; null: open. */
  from: string | null
  to: string | null
}

/** Events of the caller's customers (alias e): a join to customers only when the caller is limited to a unit. */
export function scopedEvents(access: UnitAccess): Sql {
  return sql`events e ${customerScope(access, sql`e.customer_id`)}`
}

/** Minutes since midnight of an HH:MM time. */
const minuteOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

/**
 * The business minutes from a fixed Monday to a local time given as `epoch`, its seconds since 1970-01-01 00:00 on
 * the local clock (float8), as plain arithmetic (no date functions per row, so a million promises take one quick
 * pass): whole weeks × the weekly minutes, the opening days before its weekday, and the part of its own day's
 * opening already passed. The business minutes between two instants are the difference of their clocks.
 */
export function businessClock(hours: BusinessHours, epoch: Sql): Sql {
  const open = minuteOf(hours.start)
  const daily = minuteOf(hours.end) - open
  const days = new Set(hours.days)
  // By ISO weekday d (1 = Monday) at index d: opening days of the week before d, and whether d opens.
  const daysBefore = [0, 1, 2, 3, 4, 5, 6, 7].map((d) => [...days].filter((x) => x < d).length)
  const isOpen = [0, 1, 2, 3, 4, 5, 6, 7].map((d) => days.has(d))
  const day = sql`floor(${epoch} / 86400)`
  // 1970-01-01 was a Thursday (ISO 4); 1970-01-05 a Monday. Arrays are 1-based: weekday d is at index d + 1.
  const index = sql`((((${day})::int + 3) % 7 + 7) % 7 + 2)`
  return sql`(floor((${day} - 4) / 7) * ${days.size * daily}::float8
    + (${daysBefore}::int[])[${index}] * ${daily}::float8
    + case when (${isOpen}::boolean[])[${index}]
        then least(greatest((${epoch} - ${day} * 86400) / 60 - ${open}, 0), ${daily}) else 0 end)`
}

/**
 * A promise over the caller's customers: each start event in the window is answered by the first end event that
 * follows it before the customer's next start event (an end at the same instant counts). Answered within the limit:
 * kept; answered later, or unanswered once the limit has passed by `now`: broken; unanswered within it: pending.
 * Times are minutes, or business minutes in the workspace's time zone when the promise counts business hours.
 * The pairs come from journey_promise_pairs (see promise-pairs.ts).
 */
export async function getPromiseResult(
  db: Db,
  access: UnitAccess,
  promise: JourneyPromise,
  window: Window,
  now: Date,
): Promise<PromiseResult> {
  const ws = access.workspaceId
  const limit = promise.limitMinutes
  const hours = promise.businessHours
  const [zone] = await db.query<{ name: string }>(sql`select ${workspaceZone(ws)} as name`)
  // Each end converted to local clock seconds once (the clock reads them several times); all float8, no numeric.
  const local = (at: string) => sql`date_part('epoch', ${sql.raw(at)} at time zone ${zone?.name ?? 'UTC'})`
  const minutes = hours
    ? sql`(${businessClock(hours, sql`to_local`)} - ${businessClock(hours, sql`from_local`)})`
    : sql`date_part('epoch', to_at - from_at) / 60`
  const locals = hours ? sql`, ${local('from_at')} as from_local, ${local('to_at')} as to_local` : sql.empty
  const edges = [limit / 4, limit / 2, limit, limit * 2, limit * 4]
  const pairs = await promisePairs(db, ws, promise)
  // No JIT (over many pairs the planner would compile for longer than the query runs), and room to sort the
  // times for the percentiles in memory.
  const [row] = await db.transaction(async (tx) => {
    await tx.query(sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`)
    return tx.query<{
      made: number
      kept: number
      broken: number
      pending: number
      quantiles: (number | null)[] | null
      buckets: number[]
    }>(sql`
    with ends as (
      select p.ended_at is not null as ended, p.started_at as from_at,
        coalesce(p.ended_at, greatest(p.started_at, ${now}::timestamptz)) as to_at
      from ${pairs} p ${customerScope(access, sql`p.customer_id`)}
      where ${inLocalWindow(ws, sql`p.started_at`, window.from, window.to)}),
    -- Each step materialized: else its expressions are inlined into, and computed by, every use in the next.
    localized as materialized (select ended, from_at, to_at ${locals} from ends),
    timed as materialized (select ended, (${minutes})::float8 as minutes from localized)
    select count(*)::int as made,
      count(*) filter (where ended and minutes <= ${limit})::int as kept,
      count(*) filter (where minutes > ${limit})::int as broken,
      count(*) filter (where not ended and minutes <= ${limit})::int as pending,
      percentile_cont(array[0.5, 0.9]) within group (order by minutes) filter (where ended) as quantiles,
      array[${sql.join(
        edges.map((edge, i) => {
          const lower = i === 0 ? sql`true` : sql`minutes > ${edges[i - 1]}::float8`
          return sql`count(*) filter (where ended and ${lower} and minutes <= ${edge}::float8)::int`
        }),
        ', ',
      )}, count(*) filter (where ended and minutes > ${edges[4]}::float8)::int] as buckets
    from timed`)
  })
  if (!row) throw new Error('no promise result')
  const [p50, p90] = row.quantiles ?? [null, null]
  return {
    ...promise,
    made: row.made,
    kept: row.kept,
    broken: row.broken,
    pending: row.pending,
    keptRate: shareEstimate(row.kept, row.kept + row.broken),
    times: {
      p50: p50 === null || p50 === undefined ? null : Number(p50),
      p90: p90 === null || p90 === undefined ? null : Number(p90),
      buckets: [...edges, null].map((upToMinutes, i) => ({ upToMinutes, count: row.buckets[i] ?? 0 })),
    },
  }
}

/**
 * Per touchpoint: its events in the window (from the hourly counts, or from the events themselves for a caller
 * limited to an org unit) and the customers who entered the journey in the window and reached it.
 */
async function getVolumes(
  db: Db,
  access: UnitAccess,
  journey: Journey,
  window: Window,
  pathsBuilt: boolean,
): Promise<Map<string, { volume: number; customers: number }>> {
  const touchpoints = journey.stages.flatMap((s) => s.touchpoints)
  const ids = touchpoints.map((t) => t.id)
  const types = [...new Set(touchpoints.flatMap((t) => t.eventTypes))]
  if (types.length === 0) return new Map()
  const ws = access.workspaceId
  // Counted per type first (one pass over the counts), then spread over the touchpoints naming each type.
  const mapping = sql`(select id, unnest(event_types) as type from touchpoints where id = any(${ids}::uuid[])) m`
  const volumes = await db.query<{ id: string; n: number }>(
    access.unitPath === null
      ? sql`select m.id, sum(v.n)::int as n from (
            select h.type, sum(h.n) as n from journey_event_hours h
            where h.workspace_id = ${ws} and h.type = any(${types}::text[])
              and ${inLocalWindow(ws, sql`h.hour`, window.from, window.to)}
            group by h.type) v
          join ${mapping} on m.type = v.type group by m.id`
      : sql`select m.id, count(*)::int as n from ${scopedEvents(access)} join ${mapping} on m.type = e.type
          where e.workspace_id = ${ws} and e.type = any(${types}::text[])
            and ${inLocalWindow(ws, sql`e.occurred_at`, window.from, window.to)}
          group by m.id`,
  )
  // A touchpoint's ordinal in journey_paths is its place on the map, from 1. Customers are counted per distinct
  // set of touchpoints reached first, so only those few sets are unnested.
  const reached = !pathsBuilt
    ? []
    : await db.query<{ ord: number; n: number }>(sql`
    select u.ord, sum(t.n)::int as n from (
      select jp.touched, count(*) as n from journey_paths jp ${customerScope(access, sql`jp.customer_id`)}
      where jp.journey_id = ${journey.id} and jp.workspace_id = ${ws}
        and ${inLocalWindow(ws, sql`jp.entered_at`, window.from, window.to)}
      group by jp.touched) t, unnest(t.touched) as u(ord)
    group by u.ord`)
  const customersOf = new Map(reached.map((r) => [ids[r.ord - 1], r.n]))
  const volumeOf = new Map(volumes.map((v) => [v.id, v.n]))
  return new Map(
    ids.map((id) => [id, { volume: volumeOf.get(id) ?? 0, customers: customersOf.get(id) ?? 0 }]),
  )
}

/** The estimate of the mean of pooled −2…+2 scores. */
function emotionOf(scores: readonly TouchpointScores[]): Estimate {
  const n = scores.reduce((sum, s) => sum + s.n, 0)
  if (n === 0) return meanEstimate(0, null, null, [-2, 2])
  const sumY = scores.reduce((sum, s) => sum + s.sumY, 0)
  const sumY2 = scores.reduce((sum, s) => sum + s.sumY2, 0)
  const mean = sumY / n
  const variance = n > 1 ? Math.max(0, (sumY2 - n * mean * mean) / (n - 1)) : null
  return meanEstimate(n, mean, variance, [-2, 2])
}

const metricOf = (row: MetricRow | undefined) =>
  row ? { n: row.n, value: row.value, se: row.se, ci95: row.ci95, belowMinN: row.belowMinN } : null

/**
 * The experience layer of a journey, per touchpoint within the caller's org unit: volume, Insight's metrics of the
 * answers given there, promises kept, intended against measured emotion, negative answers and open cases; and the
 * emotion curve across stages.
 */
export async function getExperience(
  db: Db,
  access: UnitAccess,
  journey: Journey,
  window: Window,
  openCases: OpenCasesByTouchpoint,
  now: Date = new Date(),
): Promise<Experience> {
  const metric = (m: Parameters<typeof getMetrics>[2]['metric']) =>
    getMetrics(db, access, { metric: m, dimension: 'touchpoint', period: null, compare: false, ...window })
  const built = await pathsBuilt(db, journey.id)
  const [settings, volumes, scores, nps, csat, ces, cases] = await Promise.all([
    insightSettings(db, access.workspaceId),
    getVolumes(db, access, journey, window, built),
    getTouchpointScores(db, access, window),
    metric({ kind: 'nps', npsKind: 'transactional' }),
    metric({ kind: 'csat' }),
    metric({ kind: 'ces' }),
    openCases(db, access),
  ])
  const scoresOf = new Map(scores.map((s) => [s.touchpoint, s]))
  const byKey = (rows: MetricRow[]) => new Map(rows.map((r) => [r.touchpoint ?? '', r]))
  const [npsOf, csatOf, cesOf] = [byKey(nps), byKey(csat), byKey(ces)]
  const touchpoints: TouchpointExperience[] = []
  for (const stage of journey.stages)
    for (const t of stage.touchpoints) {
      const score = scoresOf.get(t.key)
      const measured = emotionOf(score ? [score] : [])
      const promises: PromiseResult[] = []
      for (const promise of t.promises)
        promises.push(await getPromiseResult(db, access, promise, window, now))
      touchpoints.push({
        touchpointId: t.id,
        key: t.key,
        name: t.name,
        stageId: stage.id,
        volume: volumes.get(t.id)?.volume ?? 0,
        customers: volumes.get(t.id)?.customers ?? 0,
        metrics: {
          nps: metricOf(npsOf.get(t.key)),
          csat: metricOf(csatOf.get(t.key)),
          ces: metricOf(cesOf.get(t.key)),
        },
        emotion: {
          intended: t.intendedEmotion,
          measured,
          gap:
            measured.value === null || t.intendedEmotion === null ? null : measured.value - t.intendedEmotion,
        },
        promises,
        painPoint: {
          negatives: score?.negatives ?? 0,
          negativeShare: shareEstimate(score?.negatives ?? 0, score?.banded ?? 0),
        },
        openCases: cases.get(t.key) ?? 0,
      })
    }
  const emotionCurve = journey.stages.map((stage) => {
    const intended = stage.touchpoints.flatMap((t) => (t.intendedEmotion === null ? [] : [t.intendedEmotion]))
    return {
      stageId: stage.id,
      name: stage.name,
      intended: intended.length === 0 ? null : intended.reduce((a, b) => a + b, 0) / intended.length,
      measured: emotionOf(stage.touchpoints.flatMap((t) => scoresOf.get(t.key) ?? [])),
    }
  })
  return {
    journeyId: journey.id,
    from: window.from,
    to: window.to,
    minN: settings.minN,
    pathsRebuilding: !built,
    touchpoints,
    emotionCurve,
  }
}
