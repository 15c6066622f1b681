import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { getPromiseResult } from './experience.js'
import { addCustomers, addEvents, journeyWorkspace, makeJourney, touchpointOf } from './journey-fixture.js'
import { buildJourneyPaths, buildPendingJourneyData, rebuildPaths } from './path-builds.js'
import { getPaths } from './paths.js'
import type { Journey } from './schemas.js'

// The precomputed tables (journey_paths, journey_promise_pairs) against a brute force over every event, worked in
// TypeScript here from the events read back: after random inserts, updates and deletes kept by the triggers, and
// after a background build in small chunks.

interface Event {
  customer: string
  type: string
  at: number
}

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const types = ['visit', 'order_placed', 'order_delivered', 'ticket_opened', 'agent_reply', 'other']
// Map: stage 1 = visit; stage 2 = order_placed; stage 3 = order_delivered and agent_reply (one touchpoint each).
const ordOf: Record<string, [number, number]> = {
  visit: [1, 1],
  order_placed: [2, 2],
  order_delivered: [3, 3],
  agent_reply: [4, 3],
}

function byCustomer(events: Event[]): Map<string, Event[]> {
  const out = new Map<string, Event[]>()
  for (const e of events) out.set(e.customer, [...(out.get(e.customer) ?? []), e])
  return out
}

/** Paths by brute force: the rules of journey_paths written out for one customer at a time. */
function brutePaths(events: Event[]) {
  const out = new Map<
    string,
    { path: number[]; touched: number[]; gaps: [number, number][]; entered: number }
  >()
  for (const [customer, list] of byCustomer(events.filter((e) => ordOf[e.type]))) {
    const seq = list
      .map((e) => ({ at: e.at, ord: ordOf[e.type]?.[0] ?? 0, stage: ordOf[e.type]?.[1] ?? 0 }))
      .sort((a, b) => a.at - b.at || a.ord - b.ord)
    const path = seq.map((e) => e.ord).filter((ord, i, all) => i === 0 || all[i - 1] !== ord)
    const firstAt = new Map<number, number>()
    for (const e of seq) if (!firstAt.has(e.stage)) firstAt.set(e.stage, e.at)
    const stages = [...firstAt.keys()].sort((a, b) => a - b)
    const gaps: [number, number][] = []
    for (const [i, s] of stages.entries()) {
      const next = stages[i + 1]
      const from = firstAt.get(s) ?? 0
      const to = next === undefined ? undefined : firstAt.get(next)
      if (next === s + 1 && to !== undefined && to >= from) gaps.push([s, (to - from) / 3_600_000])
    }
    out.set(customer, {
      path,
      touched: [...new Set(seq.map((e) => e.ord))].sort((a, b) => a - b),
      gaps,
      entered: seq[0]?.at ?? 0,
    })
  }
  return out
}

/** Pairs by brute force: each start with the first end after it (same instant counts) before the next start. */
function brutePairs(events: Event[], start: string, end: string) {
  const out: string[] = []
  for (const [customer, list] of byCustomer(events)) {
    const seq = list
      .filter((e) => e.type === start || e.type === end)
      .map((e) => ({ at: e.at, isStart: e.type === start }))
      .sort((a, b) => a.at - b.at || Number(b.isStart) - Number(a.isStart))
    for (const [i, e] of seq.entries()) {
      if (!e.isStart) continue
      const next = seq[i + 1]
      out.push(`${customer} ${e.at} ${next && !next.isStart ? next.at : null}`)
    }
  }
  return out.sort()
}

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`precomputed journey tables on ${driver.name}`, () => {
    let db: Db
    let ws: string
    let journey: Journey
    let customers: string[]
    const next = random(23)
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T
    const base = Date.parse('2026-03-02T00:00:00Z')

    const events = async () =>
      (
        await db.query<{ customer: string; type: string; at: Date }>(sql`select customer_id as customer, type,
          occurred_at as at from events where workspace_id = ${ws}`)
      ).map((e) => ({ customer: e.customer, type: e.type, at: new Date(e.at).getTime() }))
    const keptPaths = async () => {
      const rows = await db.query<{
        customer: string
        path: number[]
        touched: number[]
        gapStages: number[]
        gapHours: number[]
        entered: Date
      }>(sql`select customer_id as customer, path, touched, gap_stages as "gapStages", gap_hours as "gapHours",
          entered_at as entered from journey_paths where journey_id = ${journey.id}`)
      return new Map(
        rows.map((r) => [
          r.customer,
          {
            path: r.path,
            touched: r.touched,
            gaps: r.gapStages.map((s, i) => [s, r.gapHours[i] ?? 0] as [number, number]),
            entered: new Date(r.entered).getTime(),
          },
        ]),
      )
    }
    const expectPathsExact = async () => {
      const want = brutePaths(await events())
      const got = await keptPaths()
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort())
      for (const [customer, w] of want) {
        const g = got.get(customer)
        expect({ ...g, gaps: undefined }).toEqual({ ...w, gaps: undefined })
        // gap_hours is a real (single precision).
        expect(g?.gaps.map(([s]) => s)).toEqual(w.gaps.map(([s]) => s))
        for (const [i, [, hours]] of w.gaps.entries()) expect(g?.gaps[i]?.[1]).toBeCloseTo(hours, 2)
      }
    }
    const keptPairs = async (start: string, end: string) =>
      (
        await db.query<{
          customer: string
          started: Date
          ended: Date | null
        }>(sql`select customer_id as customer,
          started_at as started, ended_at as ended from journey_promise_pairs
          where workspace_id = ${ws} and start_event = ${start} and end_event = ${end}`)
      )
        .map(
          (p) =>
            `${p.customer} ${new Date(p.started).getTime()} ${p.ended ? new Date(p.ended).getTime() : null}`,
        )
        .sort()
    const expectPairsExact = async () => {
      const all = await events()
      expect(await keptPairs('order_placed', 'order_delivered')).toEqual(
        brutePairs(all, 'order_placed', 'order_delivered'),
      )
      expect(await keptPairs('ticket_opened', 'agent_reply')).toEqual(
        brutePairs(all, 'ticket_opened', 'agent_reply'),
      )
    }
    const randomEvents = (n: number): [string, string, string][] =>
      Array.from({ length: n }, () => [
        pick(customers),
        pick(types),
        // Whole hours over two weeks: ties at the same instant happen.
        new Date(base + Math.floor(next() * 336) * 3_600_000).toISOString(),
      ])

    beforeAll(async () => {
      db = await driver.open()
      ;({ workspaceId: ws } = await journeyWorkspace(db))
      customers = Object.values(
        await addCustomers(
          db,
          ws,
          Array.from({ length: 12 }, (_, i) => `r${i}`),
        ),
      )
      await addEvents(db, ws, randomEvents(60))
      journey = await makeJourney(db, ws, {
        name: 'Random',
        description: null,
        stages: [
          { name: 'Visit', touchpoints: [touchpointOf('V', ['visit'])] },
          { name: 'Order', touchpoints: [touchpointOf('O', ['order_placed'])] },
          {
            name: 'After',
            touchpoints: [
              touchpointOf('D', ['order_delivered'], {
                promises: [
                  {
                    name: 'Next day',
                    startEvent: 'order_placed',
                    endEvent: 'order_delivered',
                    limitMinutes: 1440,
                    businessHours: null,
                  },
                ],
              }),
              touchpointOf('R', ['agent_reply'], {
                promises: [
                  {
                    name: 'Reply',
                    startEvent: 'ticket_opened',
                    endEvent: 'agent_reply',
                    limitMinutes: 240,
                    businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
                  },
                ],
              }),
            ],
          },
        ],
      })
    })
    afterAll(async () => {
      await db?.close()
    })

    test('a new journey and new promises over few events are built at once', async () => {
      const [paths] = await db.query<{ built: boolean }>(sql`select built from journey_path_builds
        where journey_id = ${journey.id}`)
      expect(paths?.built).toBe(true)
      const kinds = await db.query<{ built: boolean }>(sql`select built from journey_promise_kinds
        where workspace_id = ${ws}`)
      expect(kinds.map((k) => k.built)).toEqual([true, true])
      await expectPathsExact()
      await expectPairsExact()
    })

    test('after random inserts, updates and deletes the triggers keep both tables equal to a brute force', async () => {
      for (let round = 0; round < 6; round++) {
        await addEvents(db, ws, randomEvents(1 + Math.floor(next() * 15)))
        const ids = (
          await db.query<{ id: string }>(sql`select id from events where workspace_id = ${ws}`)
        ).map((e) => e.id)
        const moved = [pick(ids), pick(ids)]
        await db.query(sql`update events set type = ${pick(types)},
          occurred_at = occurred_at + ${Math.floor(next() * 48) - 24} * interval '1 hour'
          where id = any(${moved}::uuid[])`)
        await db.query(sql`delete from events where id = ${pick(ids)}`)
        await expectPathsExact()
        await expectPairsExact()
      }
    })

    test('a background build in small chunks rebuilds both tables exactly, with events arriving meanwhile', async () => {
      // As after a map change over many events: the paths marked rebuilding, the pairs' kinds not built.
      await db.transaction((tx) => rebuildPaths(tx, ws, journey.id, 0))
      await db.query(sql`update journey_promise_kinds set built = false where workspace_id = ${ws}`)
      await db.query(sql`delete from journey_promise_pairs where workspace_id = ${ws}`)
      await db.query(
        sql`update journey_paths set path = '{9}', touched = '{9}' where journey_id = ${journey.id}`,
      )
      const during = await getPaths(db, { workspaceId: ws, unitPath: null }, journey, {
        from: null,
        to: null,
        limit: 3,
        steps: 4,
      })
      expect(during).toMatchObject({ rebuilding: true, customers: 0, topPaths: [] })
      await addEvents(db, ws, randomEvents(10))
      await buildPendingJourneyData(db, 5)
      await expectPathsExact()
      await expectPairsExact()
      const after = await getPaths(db, { workspaceId: ws, unitPath: null }, journey, {
        from: null,
        to: null,
        limit: 3,
        steps: 4,
      })
      expect(after.rebuilding).toBe(false)
      expect(after.customers).toBe(brutePaths(await events()).size)
      // A second build finds nothing to do and changes nothing.
      await buildJourneyPaths(db, journey.id, 5)
      await expectPathsExact()
    })

    test('a promise read from the kept pairs equals the same promise paired from the events', async () => {
      const promise = journey.stages[2]?.touchpoints[1]?.promises[0]
      if (!promise) throw new Error('no promise')
      const access = { workspaceId: ws, unitPath: null }
      const now = new Date('2026-03-20T00:00:00Z')
      const window = { from: '2026-03-03', to: '2026-03-12' }
      const kept = await getPromiseResult(db, access, promise, window, now)
      await db.query(sql`update journey_promise_kinds set built = false where workspace_id = ${ws}`)
      const paired = await getPromiseResult(db, access, promise, window, now)
      await db.query(sql`update journey_promise_kinds set built = true where workspace_id = ${ws}`)
      expect(kept.made).toBeGreaterThan(0)
      expect(kept).toEqual(paired)
    })
  })
}
