import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { inLocalWindow } from '../insights/local-window.js'
import { currentResults } from '../segments/current-results.js'
import { type Access, customerScope, type Window } from './experience.js'
import type { Journey, Paths } from './schemas.js'

// A customer's path: their events of the journey's touchpoints' types in time order, each event read as its
// touchpoint (an event type on two touchpoints counts for the first on the map), repeats in a row counted once.
// The window picks customers by when they entered the journey (their first such event); their whole path counts.
// Paths are read from journey_paths, which migration 032's triggers keep in step with the events.

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
export async function getPaths(db: Db, access: Access, journey: Journey, query: PathQuery): Promise<Paths> {
  const touchpoints = ordinals(journey)
  const empty: Paths = {
    journeyId: journey.id,
    customers: 0,
    nodes: [],
    links: [],
    topPaths: [],
    dropOff: [],
    stageTimes: [],
    segments: [],
  }
  if (!touchpoints.some((t) => t.eventTypes.length > 0)) return empty
  const ws = access.workspaceId
  const steps = query.steps
  const [row] = await db.query<{
    customers: number
    top: { path: number[]; customers: number }[] | null
    nodes: { step: number; ordinal: number; customers: number }[] | null
    links: { step: number; source: number; target: number; customers: number }[] | null
    lengths: { length: number; customers: number }[] | null
    stageTimes: { stage: number; customers: number; p50: number | null; p90: number | null }[] | null
    segments:
      | { segment: string; customers: number; path: number[]; pathCustomers: number; rank: number }[]
      | null
  }>(sql`
    with p as materialized (
      select jp.customer_id, jp.path, jp.stages, jp.stage_firsts
      from journey_paths jp ${customerScope(access, sql`jp.customer_id`)}
      where jp.journey_id = ${journey.id} and jp.workspace_id = ${ws}
        and ${inLocalWindow(ws, sql`jp.entered_at`, query.from, query.to)})
    select
      (select count(*)::int from p) as customers,
      (select json_agg(json_build_object('path', path, 'customers', n) order by n desc, path) from (
        select path, count(*)::int as n from p group by path order by n desc, path limit ${query.limit}) x) as top,
      (select json_agg(json_build_object('step', step, 'ordinal', ord, 'customers', n) order by step, ord) from (
        select i as step, p.path[i] as ord, count(*)::int as n
        from p, generate_subscripts(p.path, 1) as i where i <= ${steps} group by 1, 2) x) as nodes,
      (select json_agg(json_build_object('step', step, 'source', source, 'target', target, 'customers', n)
          order by step, source, target) from (
        select i as step, p.path[i] as source, p.path[i + 1] as target, count(*)::int as n
        from p, generate_subscripts(p.path, 1) as i where i < ${steps} and i < cardinality(p.path)
        group by 1, 2, 3) x) as links,
      (select json_agg(json_build_object('length', len, 'customers', n) order by len) from (
        select cardinality(path) as len, count(*)::int as n from p group by 1) x) as lengths,
      (select json_agg(json_build_object('stage', stage, 'customers', n, 'p50', p50, 'p90', p90) order by stage)
        from (
          select p.stages[i] as stage, count(*)::int as n,
            percentile_cont(0.5) within group (order by hours) as p50,
            percentile_cont(0.9) within group (order by hours) as p90
          from p, generate_subscripts(p.stages, 1) as i,
            lateral (select extract(epoch from p.stage_firsts[i + 1] - p.stage_firsts[i]) / 3600 as hours) h
          where p.stages[i + 1] = p.stages[i] + 1 and p.stage_firsts[i + 1] >= p.stage_firsts[i]
          group by 1) x) as "stageTimes",
      (select json_agg(json_build_object('segment', segment, 'customers', total, 'path', path,
          'pathCustomers', n, 'rank', rank) order by total desc, segment, rank) from (
        select segment, path, n, sum(n) over (partition by segment)::int as total,
          row_number() over (partition by segment order by n desc, path) as rank from (
          select s.segment, p.path, count(*)::int as n from p
          join ${currentResults(ws)} s on s.customer_id = p.customer_id group by s.segment, p.path) g) r
        where rank <= 3) as segments`)
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
  const lengths = row.lengths ?? []
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
    customers: total,
    nodes: (row.nodes ?? []).map((n) => ({
      id: nodeId(n.step - 1, n.ordinal),
      step: n.step - 1,
      touchpointId: idOf(n.ordinal),
      customers: n.customers,
    })),
    links: (row.links ?? []).map((l) => ({
      source: nodeId(l.step - 1, l.source),
      target: nodeId(l.step, l.target),
      customers: l.customers,
    })),
    topPaths: (row.top ?? []).map((p) => asPath(p.path, p.customers)),
    dropOff,
    stageTimes: (row.stageTimes ?? []).flatMap((t) => {
      const from = stages[t.stage - 1]
      const to = stages[t.stage]
      return from && to
        ? [
            {
              fromStageId: from.id,
              toStageId: to.id,
              customers: t.customers,
              medianHours: t.p50 === null ? null : Number(t.p50),
              p90Hours: t.p90 === null ? null : Number(t.p90),
            },
          ]
        : []
    }),
    segments: [...segments.values()],
  }
}
