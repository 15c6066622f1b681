import { customerScope, type UnitAccess } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { inLocalWindow } from '../insights/local-window.js'
import { currentResults } from '../segments/current-results.js'
import type { Window } from './experience.js'
import { pathsBuilt } from './path-builds.js'
import type { Journey, Paths } from './schemas.js'

// A customer's path: their events of the journey's touchpoints' types in time order, each event read as its
// touchpoint (an event type on two touchpoints counts for the first on the map), repeats in a row counted once.
// The window picks customers by when they entered the journey (their first such event); their whole path counts.
// Paths are read from journey_paths, which migration 032's triggers keep in step with the events.

interface PathRow {
  customers: number
  top: { path: number[]; customers: number }[] | null
  /** [step from 1, touchpoint ordinal, next ordinal or null, customers] */
  steps: [number, number, number | null, number][] | null
  /** [path length, customers] */
  lengths: [number, number][] | null
  /** [stage ordinal, hours to the next stage in tenths, customers] */
  stageHours: [number, number, number][] | null
  segments:
    | { segment: string; customers: number; path: number[]; pathCustomers: number; rank: number }[]
    | null
}

/**
 * The p-quantile of counted values with linear interpolation between order statistics, as percentile_cont.
 * @example percentile([{ value: 1, n: 1 }, { value: 2, n: 1 }, { value: 3, n: 1 }], 0.9) // 2.8
 */
export function percentile(counts: readonly { value: number; n: number }[], p: number): number | null {
  const sorted = [...counts].filter((c) => c.n > 0).sort((a, b) => a.value - b.value)
  const total = sorted.reduce((a, c) => a + c.n, 0)
  if (total === 0) return null
  const at = p * (total - 1)
  const valueAt = (rank: number) => {
    let seen = 0
    for (const c of sorted) {
      seen += c.n
      if (rank < seen) return c.value
    }
    return sorted.at(-1)?.value ?? 0
  }
  const low = valueAt(Math.floor(at))
  return low + (at - Math.floor(at)) * (valueAt(Math.ceil(at)) - low)
}

export interface PathQuery extends Window {
  /** How many of the most common paths to list (and per segment, at most 3). */
  limit: number
  /** Steps of a path shown as Sankey nodes; the drop-out table covers them too. */
  steps: number
}

/** The journey's touchpoints in map order (stage, then place in the stage), each with its 1-based ordinal. */
function ordinals(journey: Journey) {
  return journey.stages.flatMap((stage, s) => stage.touchpoints.map((t) => ({ ...t, stageOrdinal: s + 1 })))
}

/**
 * The paths customers take through a journey's touchpoints: Sankey nodes (touchpoint at step) and links, the most
 * common whole paths, drop-out per step, the time from first reaching one stage to first reaching the next, and
 * the most common paths per RFM segment.
 */
export async function getPaths(
  db: Db,
  access: UnitAccess,
  journey: Journey,
  query: PathQuery,
): Promise<Paths> {
  const touchpoints = ordinals(journey)
  const empty: Paths = {
    journeyId: journey.id,
    rebuilding: false,
    customers: 0,
    nodes: [],
    links: [],
    topPaths: [],
    dropOff: [],
    stageTimes: [],
    segments: [],
  }
  if (!touchpoints.some((t) => t.eventTypes.length > 0)) return empty
  if (!(await pathsBuilt(db, journey.id))) return { ...empty, rebuilding: true }
  const ws = access.workspaceId
  const steps = query.steps
  // An analysis over up to a million paths: more sort and hash memory than a request's default, and no JIT
  // (the planner's row guesses for generate_subscripts would have it compile for longer than the query runs).
  // The customers' rows, read once per part below; each part groups first, so arrays are hashed once per customer
  // and unnested once per distinct path.
  const scoped = sql`(select jp.customer_id, jp.path, jp.gap_stages, jp.gap_hours
    from journey_paths jp ${customerScope(access, sql`jp.customer_id`)}
    where jp.journey_id = ${journey.id} and jp.workspace_id = ${ws}
      and ${inLocalWindow(ws, sql`jp.entered_at`, query.from, query.to)}) jp`
  const row = await db.transaction(async (tx) => {
    await tx.query(sql`select set_config('work_mem', '128MB', true), set_config('jit', 'off', true)`)
    const [result] = await tx.query<PathRow>(sql`
    with shapes as materialized (select jp.path, count(*)::int as n from ${scoped} group by jp.path)
    select
      (select coalesce(sum(n), 0)::int from shapes) as customers,
      (select json_agg(json_build_object('path', path, 'customers', n) order by n desc, path) from (
        select path, n from shapes order by n desc, path limit ${query.limit}) x) as top,
      -- The first steps of each distinct path: each step's touchpoint and the next one (null at a path's end).
      (select json_agg(json_build_array(step, ord, next, n)) from (
        select u.step, u.ord, u.next, sum(s.n)::int as n
        from shapes s, unnest(s.path[1:${steps}], s.path[2:${steps + 1}]) with ordinality as u(ord, next, step)
        group by 1, 2, 3) x) as steps,
      (select json_agg(json_build_array(len, n)) from (
        select cardinality(path) as len, sum(n)::int as n from shapes group by 1) x) as lengths,
      -- Hours from one stage to the next, to the tenth of an hour, counted: the percentiles are read from these.
      (select json_agg(json_build_array(stage, tenths, n)) from (
        select u.stage, round(u.hours * 10)::bigint as tenths, count(*)::int as n
        from ${scoped}, unnest(jp.gap_stages, jp.gap_hours) as u(stage, hours) group by 1, 2) x) as "stageHours",
      (select json_agg(json_build_object('segment', segment, 'customers', total, 'path', path,
          'pathCustomers', n, 'rank', rank) order by total desc, segment, rank) from (
        select segment, path, n, sum(n) over (partition by segment)::int as total,
          row_number() over (partition by segment order by n desc, path) as rank from (
          select s.segment, jp.path, count(*)::int as n from ${scoped} join ${currentResults(ws)} s on s.customer_id = jp.customer_id
          group by s.segment, jp.path) g) r
        where rank <= 3) as segments`)
    return result
  })
  if (!row) return empty
  const idOf = (ordinal: number) => touchpoints[ordinal - 1]?.id ?? ''
  const total = row.customers
  const share = (n: number) => (total === 0 ? 0 : (100 * n) / total)
  const asPath = (path: number[], customers: number) => ({
    touchpointIds: path.map(idOf),
    customers,
    share: share(customers),
  })
  const nodeId = (step: number, ordinal: number) => `${step}:${idOf(ordinal)}`
  const stepRows = row.steps ?? []
  const nodes = new Map<string, Paths['nodes'][number]>()
  const links: Paths['links'] = []
  for (const [step, ord, next, n] of stepRows) {
    const id = nodeId(step - 1, ord)
    const node = nodes.get(id) ?? { id, step: step - 1, touchpointId: idOf(ord), customers: 0 }
    node.customers += n
    nodes.set(id, node)
    if (next !== null && step < steps) links.push({ source: id, target: nodeId(step, next), customers: n })
  }
  const byStepAndOrdinal = (a: { step: number; id: string }, b: { step: number; id: string }) =>
    a.step - b.step || ordinalOf(a.id) - ordinalOf(b.id)
  const stepOf = (id: string) => Number(id.split(':')[0])
  const ordinalOf = (id: string) => touchpoints.findIndex((t) => id.endsWith(`:${t.id}`))
  const lengths = (row.lengths ?? []).map(([length, customers]) => ({ length, customers }))
  const reaching = (step: number) =>
    lengths.filter((l) => l.length >= step).reduce((a, l) => a + l.customers, 0)
  const dropOff = Array.from({ length: query.steps }, (_, i) => i + 1)
    .map((step) => {
      const customers = reaching(step)
      const droppedOut = lengths.find((l) => l.length === step)?.customers ?? 0
      return { step: step - 1, customers, droppedOut, rate: customers === 0 ? null : droppedOut / customers }
    })
    .filter((d) => d.customers > 0)
  const stages = journey.stages
  const segments = new Map<string, Paths['segments'][number]>()
  for (const s of row.segments ?? []) {
    const entry = segments.get(s.segment) ?? { segment: s.segment, customers: s.customers, topPaths: [] }
    entry.topPaths.push({
      touchpointIds: s.path.map(idOf),
      customers: s.pathCustomers,
      share: s.customers === 0 ? 0 : (100 * s.pathCustomers) / s.customers,
    })
    segments.set(s.segment, entry)
  }
  return {
    journeyId: journey.id,
    rebuilding: false,
    customers: total,
    nodes: [...nodes.values()].sort(byStepAndOrdinal),
    links: links.sort(
      (a, b) =>
        byStepAndOrdinal(
          { step: stepOf(a.source), id: a.source },
          { step: stepOf(b.source), id: b.source },
        ) || ordinalOf(a.target) - ordinalOf(b.target),
    ),
    topPaths: (row.top ?? []).map((p) => asPath(p.path, p.customers)),
    dropOff,
    stageTimes: stages.slice(0, -1).flatMap((from, i) => {
      const to = stages[i + 1]
      const counts = (row.stageHours ?? [])
        .filter(([stage]) => stage === i + 1)
        .map(([, tenths, n]) => ({ value: tenths / 10, n }))
      const customers = counts.reduce((a, c) => a + c.n, 0)
      return to && customers > 0
        ? [
            {
              fromStageId: from.id,
              toStageId: to.id,
              customers,
              medianHours: percentile(counts, 0.5),
              p90Hours: percentile(counts, 0.9),
            },
          ]
        : []
    }),
    segments: [...segments.values()],
  }
}
