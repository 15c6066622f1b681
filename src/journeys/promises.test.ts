import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { getPromiseResult } from './experience.js'
import { addCustomers, addEvents, journeyWorkspace } from './journey-fixture.js'
import type { JourneyPromise } from './schemas.js'

// Promise-kept on hand-made sequences. Every expected figure below is worked by hand from the events listed
// (minutes counted on the calendar, business hours from the weekday table); none is a regression value.

const nextDay: JourneyPromise = {
  id: 'p-next-day',
  name: 'Delivered within 24 h',
  startEvent: 'order_placed',
  endEvent: 'order_delivered',
  limitMinutes: 1440,
  businessHours: null,
}

const firstReply: JourneyPromise = {
  id: 'p-first-reply',
  name: 'First reply within 4 business hours',
  startEvent: 'ticket_opened',
  endEvent: 'agent_reply',
  limitMinutes: 240,
  businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
}

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`promises kept on ${driver.name}`, () => {
    let db: Db
    let ws: string
    const access = () => ({ workspaceId: ws, unitPath: null })

    beforeAll(async () => {
      db = await driver.open()
      ;({ workspaceId: ws } = await journeyWorkspace(db))
      const c = await addCustomers(db, ws, ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 't1', 't2', 't3', 't4'])
      const id = (x: string) => c[x] ?? ''
      await addEvents(db, ws, [
        // c1: delivered after 23 h — kept (1380 min).
        [id('c1'), 'order_placed', '2026-03-01T10:00:00Z'],
        [id('c1'), 'order_delivered', '2026-03-02T09:00:00Z'],
        // c2: after 25 h — broken (1500 min).
        [id('c2'), 'order_placed', '2026-03-01T10:00:00Z'],
        [id('c2'), 'order_delivered', '2026-03-02T11:00:00Z'],
        // c3: never delivered, long past the limit — broken.
        [id('c3'), 'order_placed', '2026-03-01T10:00:00Z'],
        // c4: not delivered yet, 12 h before "now" — pending.
        [id('c4'), 'order_placed', '2026-03-09T12:00:00Z'],
        // c5: a second order before the first was delivered: the first has no end (broken), the second is
        // delivered 2 h later (kept, 120 min).
        [id('c5'), 'order_placed', '2026-03-01T10:00:00Z'],
        [id('c5'), 'order_placed', '2026-03-03T10:00:00Z'],
        [id('c5'), 'order_delivered', '2026-03-03T12:00:00Z'],
        // c6: a delivery with no order — no promise was made.
        [id('c6'), 'order_delivered', '2026-03-02T10:00:00Z'],
        // c7: delivered at the same instant — kept (0 min).
        [id('c7'), 'order_placed', '2026-03-05T08:00:00Z'],
        [id('c7'), 'order_delivered', '2026-03-05T08:00:00Z'],
        // Business hours Mon–Fri 09:00–17:00 Europe/Kyiv (UTC+2 in early March 2026; 6 March is a Friday).
        // t1: Fri 15:00 → Mon 10:00 local = 120 + 60 = 180 business minutes — kept.
        [id('t1'), 'ticket_opened', '2026-03-06T13:00:00Z'],
        [id('t1'), 'agent_reply', '2026-03-09T08:00:00Z'],
        // t2: Fri 16:00 → Mon 13:30 local = 60 + 270 = 330 — broken.
        [id('t2'), 'ticket_opened', '2026-03-06T14:00:00Z'],
        [id('t2'), 'agent_reply', '2026-03-09T11:30:00Z'],
        // t3: Sat 12:00 → Mon 12:00 local = 0 + 180 = 180 — kept.
        [id('t3'), 'ticket_opened', '2026-03-07T10:00:00Z'],
        [id('t3'), 'agent_reply', '2026-03-09T10:00:00Z'],
        // t4: Mon 08:00 local, no reply; "now" Mon 12:30 local = 210 business minutes — pending.
        [id('t4'), 'ticket_opened', '2026-03-09T06:00:00Z'],
      ])
      await db.query(
        sql`insert into survey_delivery_settings (workspace_id, timezone) values (${ws}, 'Europe/Kyiv')`,
      )
    })
    afterAll(async () => {
      await db?.close()
    })

    test('pairs each start with the first end before the next start; a missing end is broken once the limit passed, pending before', async () => {
      const result = await getPromiseResult(
        db,
        access(),
        nextDay,
        { from: null, to: null },
        new Date('2026-03-10T00:00:00Z'),
      )
      expect({
        made: result.made,
        kept: result.kept,
        broken: result.broken,
        pending: result.pending,
      }).toEqual({
        made: 7,
        kept: 3,
        broken: 3,
        pending: 1,
      })
      expect(result.keptRate.value).toBe(50)
      // Ended times 0, 120, 1380, 1500: median (120 + 1380) / 2; p90 at rank 2.7 = 1380 + 0.7 × 120.
      expect(result.times.p50).toBe(750)
      expect(result.times.p90).toBeCloseTo(1464, 9)
      expect(result.times.buckets).toEqual([
        { upToMinutes: 360, count: 2 },
        { upToMinutes: 720, count: 0 },
        { upToMinutes: 1440, count: 1 },
        { upToMinutes: 2880, count: 1 },
        { upToMinutes: 5760, count: 0 },
        { upToMinutes: null, count: 0 },
      ])
    })

    test('the window picks promises by their start, and an earlier start outside it still closes the pairing', async () => {
      const result = await getPromiseResult(
        db,
        access(),
        nextDay,
        { from: '2026-03-02', to: null },
        new Date('2026-03-10T00:00:00Z'),
      )
      // c5's second order (its first, outside the window, is not counted), c7 and c4.
      expect({
        made: result.made,
        kept: result.kept,
        broken: result.broken,
        pending: result.pending,
      }).toEqual({
        made: 3,
        kept: 2,
        broken: 0,
        pending: 1,
      })
    })

    test('a pending promise becomes broken when "now" passes its limit', async () => {
      const later = await getPromiseResult(
        db,
        access(),
        nextDay,
        { from: '2026-03-09', to: null },
        new Date('2026-03-10T12:00:01Z'),
      )
      expect({ kept: later.kept, broken: later.broken, pending: later.pending }).toEqual({
        kept: 0,
        broken: 1,
        pending: 0,
      })
    })

    test('business hours count only the opening hours of working days in the workspace time zone', async () => {
      const result = await getPromiseResult(
        db,
        access(),
        firstReply,
        { from: null, to: null },
        new Date('2026-03-09T10:30:00Z'),
      )
      expect({
        made: result.made,
        kept: result.kept,
        broken: result.broken,
        pending: result.pending,
      }).toEqual({
        made: 4,
        kept: 2,
        broken: 1,
        pending: 1,
      })
      // Business minutes of the answered ones: 180, 330, 180.
      expect(result.times.p50).toBe(180)
      const calendar = await getPromiseResult(
        db,
        access(),
        { ...firstReply, businessHours: null },
        { from: null, to: null },
        new Date('2026-03-09T10:30:00Z'),
      )
      // On the calendar every weekend-crossing reply is far past 4 hours; t4 (4.5 h open) too.
      expect({ kept: calendar.kept, broken: calendar.broken, pending: calendar.pending }).toEqual({
        kept: 0,
        broken: 4,
        pending: 0,
      })
    })
  })
}
