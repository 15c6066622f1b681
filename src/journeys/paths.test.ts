import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { getExperience } from './experience.js'
import { addCustomers, addEvents, journeyWorkspace, makeJourney, touchpointOf } from './journey-fixture.js'
import { changeTouchpoint, getJourney } from './journeys.js'
import { getPaths } from './paths.js'
import type { Journey } from './schemas.js'

// Paths, drop-out and time between stages on hand-made sequences; every expected figure is worked by hand from
// the events below (no regression values).
//
// Map: stage 1 = A (visit), B (product_view); stage 2 = C (order_placed); stage 3 = D (order_delivered).
// p1: A B B C D → A B C D   p2: A B   p3: A C D   p4: A B C D   p5: B A   p6: only other events (no path).

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`journey paths on ${driver.name}`, () => {
    let db: Db
    let ws: string
    let journey: Journey
    let c: Record<string, string>
    const access = () => ({ workspaceId: ws, unitPath: null })
    const all = { from: null, to: null, limit: 10, steps: 8 }
    const ids = () =>
      Object.fromEntries(journey.stages.flatMap((s) => s.touchpoints.map((t) => [t.key, t.id])))
    const named = (touchpointIds: string[]) => {
      const keyOf = Object.fromEntries(Object.entries(ids()).map(([k, id]) => [id, k]))
      return touchpointIds.map((id) => keyOf[id]).join(' ')
    }

    beforeAll(async () => {
      db = await driver.open()
      ;({ workspaceId: ws } = await journeyWorkspace(db))
      c = await addCustomers(db, ws, ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'])
      const id = (x: string) => c[x] ?? ''
      // The journey first, then the events: the insert trigger builds the paths as events arrive.
      journey = await makeJourney(db, ws, {
        name: 'Shop',
        description: null,
        stages: [
          {
            name: 'Browse',
            touchpoints: [touchpointOf('A', ['visit']), touchpointOf('B', ['product_view'])],
          },
          { name: 'Buy', touchpoints: [touchpointOf('C', ['order_placed'])] },
          { name: 'Receive', touchpoints: [touchpointOf('D', ['order_delivered'])] },
        ],
      })
      await addEvents(db, ws, [
        [id('p1'), 'visit', '2026-03-01T10:00:00Z'],
        [id('p1'), 'product_view', '2026-03-01T10:05:00Z'],
        [id('p1'), 'product_view', '2026-03-01T10:10:00Z'],
        [id('p1'), 'order_placed', '2026-03-01T12:00:00Z'],
        [id('p1'), 'order_delivered', '2026-03-02T12:00:00Z'],
        [id('p2'), 'visit', '2026-03-05T10:00:00Z'],
        [id('p2'), 'product_view', '2026-03-05T10:30:00Z'],
        [id('p3'), 'visit', '2026-03-01T09:00:00Z'],
        [id('p3'), 'order_placed', '2026-03-01T10:00:00Z'],
      ])
      // A second batch, as a later ingest: p3's delivery and the rest.
      await addEvents(db, ws, [
        [id('p3'), 'order_delivered', '2026-03-03T10:00:00Z'],
        [id('p4'), 'visit', '2026-03-01T08:00:00Z'],
        [id('p4'), 'product_view', '2026-03-01T08:30:00Z'],
        [id('p4'), 'order_placed', '2026-03-01T11:00:00Z'],
        [id('p4'), 'order_delivered', '2026-03-02T05:00:00Z'],
        [id('p5'), 'product_view', '2026-03-06T10:00:00Z'],
        [id('p5'), 'visit', '2026-03-06T11:00:00Z'],
        [id('p6'), 'newsletter_open', '2026-03-01T10:00:00Z'],
      ])
    })
    afterAll(async () => {
      await db?.close()
    })

    test('the most common paths collapse repeats in a row and count each customer once', async () => {
      const paths = await getPaths(db, access(), journey, all)
      expect(paths.customers).toBe(5)
      expect(paths.topPaths.map((p) => [named(p.touchpointIds), p.customers, p.share])).toEqual([
        ['A B C D', 2, 40],
        ['A B', 1, 20],
        ['A C D', 1, 20],
        ['B A', 1, 20],
      ])
    })

    test('Sankey nodes are touchpoints at steps and links join consecutive steps', async () => {
      const paths = await getPaths(db, access(), journey, all)
      const node = (id: string) => {
        const [step, tp] = id.split(':')
        return `${step}:${named([tp ?? ''])}`
      }
      expect(paths.nodes.map((n) => [node(n.id), n.customers])).toEqual([
        ['0:A', 4],
        ['0:B', 1],
        ['1:A', 1],
        ['1:B', 3],
        ['1:C', 1],
        ['2:C', 2],
        ['2:D', 1],
        ['3:D', 2],
      ])
      expect(paths.links.map((l) => [node(l.source), node(l.target), l.customers])).toEqual([
        ['0:A', '1:B', 3],
        ['0:A', '1:C', 1],
        ['0:B', '1:A', 1],
        ['1:B', '2:C', 2],
        ['1:C', '2:D', 1],
        ['2:C', '3:D', 2],
      ])
    })

    test('drop-out per step: who reached it and whose path ends there', async () => {
      const paths = await getPaths(db, access(), journey, all)
      expect(paths.dropOff).toEqual([
        { step: 0, customers: 5, droppedOut: 0, rate: 0 },
        { step: 1, customers: 5, droppedOut: 2, rate: 0.4 },
        { step: 2, customers: 3, droppedOut: 1, rate: 1 / 3 },
        { step: 3, customers: 2, droppedOut: 2, rate: 1 },
      ])
    })

    test('time between stages is from first reaching one to first reaching the next', async () => {
      const paths = await getPaths(db, access(), journey, all)
      const [browse, buy, receive] = journey.stages.map((s) => s.id)
      // Browse → Buy: p1 2 h, p3 1 h, p4 3 h. Buy → Receive: p1 24 h, p3 48 h, p4 18 h.
      expect(paths.stageTimes).toEqual([
        {
          fromStageId: browse,
          toStageId: buy,
          customers: 3,
          medianHours: 2,
          p90Hours: expect.closeTo(2.8, 9),
        },
        {
          fromStageId: buy,
          toStageId: receive,
          customers: 3,
          medianHours: 24,
          p90Hours: expect.closeTo(43.2, 9),
        },
      ])
    })

    test('the window picks customers by when they entered the journey', async () => {
      const paths = await getPaths(db, access(), journey, { ...all, from: '2026-03-05', to: '2026-03-06' })
      expect(paths.customers).toBe(2)
      expect(paths.topPaths.map((p) => named(p.touchpointIds))).toEqual(['A B', 'B A'])
    })

    test('paths per segment come from the current segmentation', async () => {
      await db.query(sql`insert into segment_generations (workspace_id, generation, as_of, customers)
        values (${ws}, 1, '2026-03-10', 3)`)
      await db.query(sql`insert into segment_results (workspace_id, generation, customer_id, as_of, first_purchase,
          last_purchase, recency_days, frequency, monetary, r, f, m, segment, abc, purchase_months)
        select ${ws}, 1, id, '2026-03-10', '2026-03-01', '2026-03-01', 9, 1, 10, 5, 1, 1, seg, 'A', '{}'
        from unnest(${[c.p1, c.p4, c.p2]}::uuid[], ${['champions', 'champions', 'at_risk']}::text[]) as x(id, seg)`)
      const paths = await getPaths(db, access(), journey, all)
      expect(
        paths.segments.map((s) => [
          s.segment,
          s.customers,
          s.topPaths.map((p) => [named(p.touchpointIds), p.share]),
        ]),
      ).toEqual([
        ['champions', 2, [['A B C D', 100]]],
        ['at_risk', 1, [['A B', 100]]],
      ])
    })

    test('a new event extends its customer path, and a changed map rebuilds every path', async () => {
      await addEvents(db, ws, [[c.p2 ?? '', 'order_placed', '2026-03-07T10:00:00Z']])
      const extended = await getPaths(db, access(), journey, all)
      expect(extended.topPaths.map((p) => [named(p.touchpointIds), p.customers])).toContainEqual(['A B C', 1])
      // B also counts visits' product views as A: now B names no event type and drops out of every path.
      const b = ids().B ?? ''
      await db.transaction((tx) => changeTouchpoint(tx, ws, b, { eventTypes: [] }))
      journey = (await getJourney(db, ws, journey.id)) as Journey
      const rebuilt = await getPaths(db, access(), journey, all)
      expect(rebuilt.topPaths.map((p) => [named(p.touchpointIds), p.customers])).toEqual([
        ['A C D', 3],
        ['A', 1],
        ['A C', 1],
      ])
    })

    test('the experience layer counts each touchpoint events and the customers who reached it', async () => {
      const experience = await getExperience(
        db,
        access(),
        journey,
        { from: null, to: null },
        async () => new Map(),
      )
      const volume = Object.fromEntries(experience.touchpoints.map((t) => [t.key, [t.volume, t.customers]]))
      // A: five visits by five customers; C: four orders (p1, p3, p4, p2's late one) by four customers.
      expect(volume.A).toEqual([5, 5])
      expect(volume.C).toEqual([4, 4])
      expect(volume.D).toEqual([3, 3])
    })
  })
}
