import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import { type Db, one } from '../db/db.js'
import { openDuckDb } from '../db/duckdb.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { currentResults } from './current-results.js'
import { recomputeSegments } from './recompute-segments.js'
import {
  defaultSegmentSettings,
  type SegmentSettings,
  saveSegmentSettings,
  segmentSettingsSchema,
} from './segment-settings.js'
import { segmentRowsSql } from './segments.sql.js'
import { duckdbDialect } from './sql-dialect.js'
import { type SeedOrder, seedOrders } from './test-seed-orders.js'

// Every expected value below is worked out by hand from the rules in issue 3 (the arithmetic is in the comments).
// The rules run on every engine: stored and recomputed on PGlite and PostgreSQL, and straight from an orders
// table on DuckDB, as the file analyses run them.

interface Row {
  id: string
  first_purchase: string
  last_purchase: string
  recency_days: number
  frequency: number
  monetary: string
  r: number
  f: number
  m: number
  segment: string
  abc: string
  xyz: string | null
  cv: string | null
  median: string | null
  interval_cv: string | null
  next_due: string | null
  habit_broken: boolean
}

async function results(db: Db, ws: string): Promise<Record<string, Row>> {
  const rows =
    await db.query<Row>(sql`select c.external_id as id, s.first_purchase::text, s.last_purchase::text,
      s.recency_days, s.frequency, trim_scale(s.monetary)::text as monetary, s.r, s.f, s.m, s.segment, s.abc, s.xyz,
      s.cv::text, trim_scale(s.median_interval_days)::text as median, s.interval_cv::text, s.next_due::text,
      s.habit_broken
    from ${currentResults(ws)} s join customers c on c.id = s.customer_id`)
  return Object.fromEntries(rows.map((r) => [r.id, r]))
}

interface Analysed {
  run: { asOf: string | null; customers: number }
  r: Record<string, Row>
  /** The workspace the orders were stored in, on the engines that store them. */
  stored?: { db: Db; ws: string }
}

interface AnalyseOptions {
  asOf?: string
  settings?: SegmentSettings
}

interface Engine {
  name: string
  stored: boolean
  available: () => Promise<boolean>
  open: () => Promise<void>
  close: () => Promise<void>
  analyse: (orders: SeedOrder[], options?: AnalyseOptions) => Promise<Analysed>
  /** The stored engines' database, and a workspace of the orders there. */
  db: () => Promise<Db>
  workspace: (orders: SeedOrder[]) => Promise<string>
}

function storedEngine(driver: (typeof testDrivers)[number]): Engine {
  let db: Db
  let org: string
  const workspace = async (orders: SeedOrder[]) => {
    const ws = (await createWorkspace(db, org, 'Shop')).id
    await seedOrders(db, ws, orders)
    return ws
  }
  return {
    name: driver.name,
    stored: true,
    available: driver.available,
    open: async () => {
      db = await driver.open()
      org = (await createOrganization(db, 'Org')).id
    },
    close: async () => {
      await db?.close()
    },
    analyse: async (orders, options = {}) => {
      const ws = await workspace(orders)
      if (options.settings) await saveSegmentSettings(db, ws, options.settings)
      const run = await recomputeSegments(db, ws, { asOf: options.asOf })
      return { run, r: await results(db, ws), stored: { db, ws } }
    },
    db: async () => db,
    workspace,
  }
}

/** DuckDB: the rules' SQL over a table of the orders, the text of each value made as on the stored engines. */
const duckdbEngine: Engine = {
  name: 'duckdb',
  stored: false,
  available: async () => true,
  open: async () => {},
  close: async () => {},
  analyse: async (orders, options = {}) => {
    const duck = await openDuckDb()
    try {
      await duck.run(sql`create table orders as
        select customer_id, day::date as day, year(day::date) * 12 + month(day::date) - 1 as month_no,
          amount::decimal(38, 8) as amount, status
        from (values ${sql.join(
          orders.map((o) => sql`(${o[0]}, ${o[1]}, ${o[2]}, ${o[3] ?? 'completed'})`),
          ', ',
        )}) as t(customer_id, day, amount, status)`)
      const rules = segmentRowsSql(
        { orders: sql`select * from orders` },
        options.asOf ?? null,
        options.settings ?? defaultSegmentSettings,
        duckdbDialect,
      )
      const trimmed = (v: string) => sql.raw(`rtrim(rtrim(${v}::varchar, '0'), '.')`)
      const rows = await duck.rows<Row & { as_of: string }>(sql`select customer_id as id,
          first_purchase::varchar as first_purchase, last_purchase::varchar as last_purchase,
          recency_days::integer as recency_days, frequency, ${trimmed('monetary')} as monetary, r::integer as r,
          f::integer as f, m::integer as m, segment, abc, xyz, printf('%.4f', cv) as cv,
          ${trimmed('median_interval_days')} as median, printf('%.4f', interval_cv) as interval_cv,
          next_due::varchar as next_due, habit_broken, as_of::varchar as as_of
        from (${rules}) s`)
      const asOf = options.asOf ?? rows[0]?.as_of ?? null
      return {
        run: { asOf, customers: rows.length },
        r: Object.fromEntries(rows.map(({ as_of: _, ...row }) => [row.id, row])),
      }
    } finally {
      duck.close()
    }
  },
  db: () => Promise.reject(new Error('DuckDB stores nothing')),
  workspace: () => Promise.reject(new Error('DuckDB stores nothing')),
}

for (const engine of [...testDrivers.map(storedEngine), duckdbEngine]) {
  describe.skipIf(!(await engine.available()))(`segment rules on ${engine.name}`, () => {
    beforeAll(() => engine.open())
    afterAll(() => engine.close())
    const analyse = engine.analyse

    test('recency ties share a score; returns count in monetary only; cancelled orders are not purchases', async () => {
      const { run, r } = await analyse(
        [
          ['a', '2024-06-01', '50'],
          ['a', '2024-06-30', '100'],
          ['b', '2024-06-30', '100'],
          ['c', '2024-01-10', '30'],
          ['c', '2024-01-10', '20'],
          ['d', '2024-03-01', '500'],
          ['d', '2024-03-05', '-600', 'returned'],
          ['e', '2024-05-01', '-20', 'returned'],
          ['f', '2024-02-01', '80'],
          ['f', '2024-06-15', '200', 'cancelled'],
        ],
        { asOf: '2024-07-01' },
      )
      expect(run).toMatchObject({ asOf: '2024-07-01', customers: 5 })
      // e only returned something: not analysed.
      expect(Object.keys(r).sort()).toEqual(['a', 'b', 'c', 'd', 'f'])
      // recency: a 1, b 1, c 173, d 122, f 151 days. n = 5, score = min(5, 1 + floor(5 (rank - 1) / 4)).
      // R ranks (1 + customers with more days): c 1, f 2, d 3, a 4, b 4 → scores 1, 2, 3, 4, 4.
      expect(r.c).toMatchObject({ recency_days: 173, r: 1, frequency: 2, monetary: '50' })
      expect(r.f).toMatchObject({ recency_days: 151, r: 2, frequency: 1, monetary: '80' })
      expect(r.d).toMatchObject({ recency_days: 122, r: 3, frequency: 1, monetary: '-100' })
      expect(r.a).toMatchObject({ recency_days: 1, r: 4, frequency: 2, monetary: '150' })
      expect(r.b).toMatchObject({ recency_days: 1, r: 4, frequency: 1, monetary: '100' })
      // F: b, d, f have 1 order (rank 1 → 1); a, c have 2 (rank 4 → 4). M ranks d, c, f, b, a → 1…5.
      expect([r.a!.f, r.b!.f, r.c!.f, r.d!.f, r.f!.f]).toEqual([4, 1, 4, 1, 1])
      expect([r.d!.m, r.c!.m, r.f!.m, r.b!.m, r.a!.m]).toEqual([1, 2, 3, 4, 5])
      expect(r.a!.segment).toBe('loyal') // R4 F4
      expect(r.b!.segment).toBe('promising') // R4 F1
      expect(r.c!.segment).toBe('at_risk') // R1 F4
      expect(r.d!.segment).toBe('about_to_sleep') // R3 F1
      expect(r.f!.segment).toBe('hibernating') // R2 F1
      // ABC over total 280: a before 0 → A, b 150 < 224 → A, f 250 < 266 → B, c 330 → C, d 380 → C.
      expect([r.a!.abc, r.b!.abc, r.f!.abc, r.c!.abc, r.d!.abc]).toEqual(['A', 'A', 'B', 'C', 'C'])
      // Same-day orders count twice in frequency; first and last purchase exclude returns and cancellations.
      expect(r.c).toMatchObject({ first_purchase: '2024-01-10', last_purchase: '2024-01-10' })
      expect(r.f).toMatchObject({ first_purchase: '2024-02-01', last_purchase: '2024-02-01' })
      // XYZ up to June: c has 50, 0, 0, 0, 0, 0 → CV √(6·2500 − 2500)/50 = 2.2361 → Z; d's mean is negative → Z;
      // f 80, 0, 0, 0, 0 (the cancelled June order counts 0) → √(5·6400 − 6400)/80 = 2 → Z; a and b: one month.
      expect([r.c!.xyz, r.c!.cv]).toEqual(['Z', '2.2361'])
      expect([r.d!.xyz, r.d!.cv]).toEqual(['Z', null])
      expect([r.f!.xyz, r.f!.cv]).toEqual(['Z', '2.0000'])
      expect([r.a!.xyz, r.b!.xyz]).toEqual([null, null])
    })

    test('one customer scores 5 everywhere: a champion in class A', async () => {
      const { run, r } = await analyse([['solo', '2024-05-05', '10']])
      // The default analysis date is the day after the latest order.
      expect(run.asOf).toBe('2024-05-06')
      expect(r.solo).toMatchObject({
        recency_days: 1,
        r: 5,
        f: 5,
        m: 5,
        segment: 'champions',
        abc: 'A',
        xyz: null,
      })
    })

    test('the default analysis date follows the latest order of any kind, a return included', async () => {
      const { run, r, stored } = await analyse([
        ['a', '2024-03-01', '10'],
        ['b', '2024-03-05', '20'],
        ['b', '2024-03-10', '-5', 'returned'],
      ])
      expect(run).toMatchObject({ asOf: '2024-03-11', customers: 2 })
      expect([r.a!.recency_days, r.b!.recency_days]).toEqual([10, 6])
      if (!stored) return
      const { db, ws } = stored
      const snapshots = () =>
        db.query<{ as_of: string; customers: number }>(
          sql`select as_of::text, sum(customers)::int as customers from segment_snapshots
            where workspace_id = ${ws} group by as_of`,
        )
      expect(await snapshots()).toEqual([{ as_of: '2024-03-11', customers: 2 }])
      // Recomputing the same date replaces its segment sizes instead of adding to them.
      await recomputeSegments(db, ws)
      expect(await snapshots()).toEqual([{ as_of: '2024-03-11', customers: 2 }])
    })

    test('a workspace whose only orders are returns has no analysed customer and no analysis date', async () => {
      const { run } = await analyse([['r', '2024-03-10', '-5', 'returned']])
      expect(run).toMatchObject({ asOf: null, customers: 0 })
    })

    test('a return larger than the purchases leaves monetary negative and frequency unchanged', async () => {
      const { r } = await analyse(
        [
          ['p', '2024-01-05', '40'],
          ['p', '2024-01-20', '-90', 'returned'],
          ['q', '2024-01-10', '10'],
        ],
        { asOf: '2024-02-01' },
      )
      // n = 2: the better of two gets 1 + floor(5·1/1) = 6 → capped at 5; the worse 1.
      expect(r.p).toMatchObject({ frequency: 1, monetary: '-50', m: 1, recency_days: 27, r: 1 })
      expect(r.q).toMatchObject({ frequency: 1, monetary: '10', m: 5, recency_days: 22, r: 5 })
      // Both have frequency 1: a tie, both rank 1 → F 1. ABC: total −40; q's before 0 is not < −32 nor < −38.
      expect([r.p!.f, r.q!.f]).toEqual([1, 1])
      expect([r.q!.abc, r.p!.abc]).toEqual(['C', 'C'])
    })

    test('ABC ties on monetary are broken by customer id', async () => {
      // Five customers of 20 each: before = 0, 20, 40, 60, 80 of 100; 80 % is not below 80 % → B, in id order.
      const { r } = await analyse([
        ['k3', '2024-03-01', '20'],
        ['k5', '2024-03-01', '20'],
        ['k1', '2024-03-01', '20'],
        ['k4', '2024-03-01', '20'],
        ['k2', '2024-03-01', '20'],
      ])
      expect([r.k1!.abc, r.k2!.abc, r.k3!.abc, r.k4!.abc, r.k5!.abc]).toEqual(['A', 'A', 'A', 'A', 'B'])
      // All tied on everything: every rank is 1, so every score is 1.
      expect(Object.values(r).map((x) => [x.r, x.f, x.m])).toEqual(Array(5).fill([1, 1, 1]))
    })

    test('XYZ classes at the exact CV boundaries, with months without orders counting 0', async () => {
      const { r } = await analyse(
        [
          ['x', '2024-04-10', '100'],
          ['x', '2024-05-10', '100'],
          ['x', '2024-06-10', '100'],
          // 100, 100, 300, 300: mean 200, sd 100 → CV exactly 0.5 → X.
          ['half', '2024-03-02', '100'],
          ['half', '2024-04-02', '100'],
          ['half', '2024-05-02', '300'],
          ['half', '2024-06-02', '300'],
          // 200, 200, 0, 0: mean 100, sd 100 → CV exactly 1 → Y (only above 1 is Z).
          ['one', '2024-03-03', '200'],
          ['one', '2024-04-03', '200'],
          // 100, 0, 200: √(3·50000 − 90000)/300 = 0.8165 → Y.
          ['y', '2024-04-04', '100'],
          ['y', '2024-06-04', '200'],
          // 300, 0, 0 → √(3·90000 − 90000)/300 = 1.4142 → Z.
          ['z', '2024-04-05', '300'],
          // Two months only: no class.
          ['two', '2024-05-06', '100'],
          ['two', '2024-06-06', '100'],
        ],
        { asOf: '2024-07-01' },
      )
      const classes = Object.fromEntries(Object.entries(r).map(([id, x]) => [id, [x.xyz, x.cv]]))
      expect(classes).toEqual({
        x: ['X', '0.0000'],
        half: ['X', '0.5000'],
        one: ['Y', '1.0000'],
        y: ['Y', '0.8165'],
        z: ['Z', '1.4142'],
        two: [null, null],
      })
    })

    test('habits: median and CV of the days between purchase days, next due date, broken habit', async () => {
      const { r } = await analyse(
        [
          // Gaps 30 and 31: median 30.5, CV √(2·1861 − 61²)/61 = 0.0164; due June 10 + 30; 21 days ≤ 61: kept.
          ['h1', '2024-04-10', '10'],
          ['h1', '2024-05-10', '10'],
          ['h1', '2024-06-10', '10'],
          // Gaps 10, 10, 20: median 10, CV √(3·600 − 40²)/40 = 0.3536; due Feb 20; 142 days > 20: broken.
          ['h2', '2024-01-01', '10'],
          ['h2', '2024-01-11', '10'],
          ['h2', '2024-01-21', '10'],
          ['h2', '2024-01-25', '-5', 'returned'],
          ['h2', '2024-02-10', '10'],
          // Three orders on two days are two purchase days: no habit yet.
          ['h3', '2024-06-01', '10'],
          ['h3', '2024-06-01', '10'],
          ['h3', '2024-06-20', '10'],
        ],
        { asOf: '2024-07-01' },
      )
      expect(r.h1).toMatchObject({
        median: '30.5',
        interval_cv: '0.0164',
        next_due: '2024-07-10',
        habit_broken: false,
      })
      expect(r.h2).toMatchObject({
        recency_days: 142,
        median: '10',
        interval_cv: '0.3536',
        next_due: '2024-02-20',
        habit_broken: true,
      })
      expect(r.h3).toMatchObject({ frequency: 3, median: null, next_due: null, habit_broken: false })
    })

    test('workspace thresholds change the classes; snapshots keep segment sizes per analysis date', async () => {
      const orders: SeedOrder[] = [
        ['y', '2024-04-04', '100'],
        ['y', '2024-06-04', '200'],
        ['b', '2024-06-04', '60'],
      ]
      const before = await analyse(orders, { asOf: '2024-07-01' })
      expect(before.r.y).toMatchObject({ xyz: 'Y', abc: 'A' })
      // CV 0.8165 is X under a 0.9 limit; y holds 300 of 360, b's before is 300/360 = 83 % < 85 % → A.
      const settings = segmentSettingsSchema.parse({ xyzX: 0.9, abcA: 0.85 })
      const { r } = await analyse(orders, { asOf: '2024-08-01', settings })
      expect([r.y!.xyz, r.b!.abc]).toEqual(['X', 'A'])
      if (!before.stored) return
      const { db, ws } = before.stored
      await saveSegmentSettings(db, ws, settings)
      await recomputeSegments(db, ws, { asOf: '2024-08-01' })
      expect((await results(db, ws)).y!.xyz).toBe('X')
      const snapshots = await db.query<{ as_of: string; customers: number }>(
        sql`select as_of::text, sum(customers)::int as customers from segment_snapshots
          where workspace_id = ${ws} group by as_of order by as_of`,
      )
      expect(snapshots).toEqual([
        { as_of: '2024-07-01', customers: 2 },
        { as_of: '2024-08-01', customers: 2 },
      ])
    })

    test.skipIf(!engine.stored)(
      'a result needs its customer in its workspace; deleting a customer or its workspace deletes its results',
      async () => {
        const db = await engine.db()
        const ws = await engine.workspace([
          ['p', '2024-04-04', '100'],
          ['q', '2024-05-04', '50'],
        ])
        const other = await engine.workspace([['o', '2024-04-04', '10']])
        await recomputeSegments(db, ws, { asOf: '2024-07-01' })
        await recomputeSegments(db, other, { asOf: '2024-07-01' })
        const id = async (w: string, externalId: string) =>
          one(
            await db.query<{ id: string }>(
              sql`select id from customers where workspace_id = ${w} and external_id = ${externalId}`,
            ),
            `customer ${externalId}`,
          ).id
        const copy = (w: string, customer: string) =>
          db.query(sql`insert into segment_results (workspace_id, customer_id, as_of, first_purchase, last_purchase,
            recency_days, frequency, monetary, r, f, m, segment, abc, purchase_months, generation)
          select ${w}, ${customer}, as_of, first_purchase, last_purchase, recency_days, frequency, monetary, r, f, m,
            segment, abc, purchase_months, generation
          from segment_results where workspace_id = ${ws} limit 1`)
        await expect(copy(ws, await id(other, 'o'))).rejects.toMatchObject({ code: '23503' })
        await expect(copy(ws, '00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
          code: '23503',
        })
        await db.query(sql`delete from customers where id = ${await id(ws, 'p')}`)
        expect(Object.keys(await results(db, ws))).toEqual(['q'])
        await db.query(sql`delete from workspaces where id = ${ws}`)
        expect(await db.query(sql`select 1 from segment_results where workspace_id = ${ws}`)).toEqual([])
        expect(Object.keys(await results(db, other))).toEqual(['o'])
      },
    )
  })
}
