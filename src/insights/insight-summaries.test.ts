import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOrgUnit } from '../access/org-units.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { createTestSurvey, insightWorkspace, seededRandom } from './insight-fixture.js'
import { rebuildInsightRollup } from './metric-rollup.js'
import { getPainPoints } from './pain-points.js'

// The pre-aggregates of migration 040 are kept by triggers; after random inserts, updates and deletes of responses
// and orders they must equal what a recomputation in TypeScript makes from the raw rows (the independent oracle),
// and what the database's own full rebuild makes.

interface RawResponse {
  touchpoint: string
  org_unit_id: string | null
  customer_id: string | null
  answers: Record<string, unknown>
  answered_at: Date
}

/** The local date of an instant in a time zone, by the platform's own zone data. */
function localDay(at: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at)
}

const add = (map: Map<string, number[]>, key: string, values: number[]) => {
  const sums = map.get(key) ?? values.map(() => 0)
  map.set(
    key,
    sums.map((s, i) => s + (values[i] ?? 0)),
  )
}

/** Rated and negative responses per unit, touchpoint and day, and negative ones per customer, recounted here. */
function recount(responses: RawResponse[], zone: string) {
  const days = new Map<string, number[]>()
  const negatives = new Map<string, number[]>()
  const answered = new Map<string, number[]>()
  for (const r of responses) {
    if (r.customer_id) add(answered, r.customer_id, [1])
    const score = (id: string) => (typeof r.answers[id] === 'number' ? (r.answers[id] as number) : null)
    const [nps, csat, ces] = [score('nps'), score('csat'), score('ces')]
    if (nps === null && csat === null && ces === null) continue
    const negative = (nps !== null && nps <= 6) || (csat !== null && csat <= 2) || (ces !== null && ces <= 3)
    const day = localDay(r.answered_at, zone)
    add(days, JSON.stringify([r.org_unit_id, r.touchpoint, day]), [1, negative ? 1 : 0])
    if (negative && r.customer_id)
      add(negatives, JSON.stringify([r.org_unit_id, r.touchpoint, r.customer_id, day]), [1])
  }
  return { days, negatives, answered }
}

const nonZero = (map: Map<string, number[]>) =>
  [...map.entries()].filter(([, v]) => v.some((x) => x !== 0)).sort(([a], [b]) => (a < b ? -1 : 1))

describe.each(testDrivers)('the insight summaries on $name', (driver) => {
  let db: Db
  let workspaceId: string
  let northPath: string
  const zone = 'Europe/Riga'

  beforeAll(async () => {
    if (!(await driver.available())) return
    db = await driver.open()
    ;({ workspaceId } = await insightWorkspace(db))
    await db.query(
      sql`insert into survey_delivery_settings (workspace_id, timezone) values (${workspaceId}, ${zone})`,
    )
    const north = await createOrgUnit(db, workspaceId, { code: 'north', name: 'North' })
    const south = await createOrgUnit(db, workspaceId, { code: 'south', name: 'South' })
    northPath = north.path
    const surveys = [
      await createTestSurvey(db, workspaceId, 'delivery'),
      await createTestSurvey(db, workspaceId, 'store'),
    ]
    const customers = await db.query<{ id: string }>(sql`insert into customers (workspace_id, external_id)
      select ${workspaceId}, 'c' || g from generate_series(1, 40) g returning id`)
    const next = seededRandom(40)
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)] as T
    const score = (min: number, max: number) =>
      next() < 0.25 ? undefined : min + Math.floor(next() * (max - min + 1))
    const at = () => new Date(Date.UTC(2026, 1, 20) + Math.floor(next() * 240 * 24) * 3_600_000).toISOString()
    const responses = Array.from({ length: 400 }, (_, i) => {
      const survey = pick(surveys)
      return {
        survey_id: survey.id,
        client_id: `r-${i}`,
        org_unit_id: pick([null, north.id, south.id]),
        customer_id: next() < 0.2 ? null : pick(customers).id,
        touchpoint: survey.touchpoint,
        answers: { nps: score(0, 10), csat: score(1, 5), ces: score(1, 7), comment: 'x' },
        at: at(),
      }
    })
    await db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, org_unit_id,
        customer_id, language, channel, touchpoint, nps_kind, answers, started_at, updated_at, completed_at)
      select ${workspaceId}, x.survey_id, 1, x.client_id, x.org_unit_id, x.customer_id, 'en', 'link', x.touchpoint,
        'transactional', x.answers, x.at, x.at, x.at
      from jsonb_to_recordset(${JSON.stringify(responses)}::jsonb) as x(survey_id uuid, client_id text,
        org_unit_id uuid, customer_id uuid, touchpoint text, answers jsonb, at timestamptz)`)
    const orders = Array.from({ length: 150 }, (_, i) => ({
      customer_id: pick(customers).id,
      external_id: `o-${i}`,
      at: at(),
      // Returns are negative amounts.
      amount: (Math.floor(next() * 40000) / 100 - (next() < 0.1 ? 500 : 0)).toFixed(2),
    }))
    await db.query(sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount)
      select ${workspaceId}, x.customer_id, x.external_id, x.at, 'EUR', x.amount
      from jsonb_to_recordset(${JSON.stringify(orders)}::jsonb) as x(customer_id uuid, external_id text,
        at timestamptz, amount numeric)`)
    // Answers changed (a detractor becomes a promoter, CSAT dropped), moved to another customer, unit and day;
    // some deleted; a customer deleted (their responses lose the customer, their orders go).
    await db.query(sql`update responses set answers = (answers || '{"nps": 10}'::jsonb) - 'csat'
      where workspace_id = ${workspaceId} and client_id like 'r-1%'`)
    await db.query(sql`update responses set customer_id = ${customers[0]!.id}, org_unit_id = ${south.id},
        completed_at = completed_at + interval '20 hours'
      where workspace_id = ${workspaceId} and client_id like 'r-2%'`)
    await db.query(sql`delete from responses where workspace_id = ${workspaceId} and client_id like 'r-3%'`)
    await db.query(sql`update orders set amount = amount * 2, customer_id = ${customers[1]!.id}
      where workspace_id = ${workspaceId} and external_id like 'o-1%'`)
    await db.query(sql`delete from orders where workspace_id = ${workspaceId} and external_id like 'o-2%'`)
    await db.query(sql`delete from customers where id = ${customers[2]!.id}`)
    for (let i = 0; i < 5; i++)
      await db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, customer_id,
          language, channel, touchpoint, nps_kind, answers, completed_at)
        values (${workspaceId}, ${surveys[0]!.id}, 1, ${`one-${i}`}, ${customers[3 + i]!.id}, 'en', 'link', 'delivery',
          'transactional', ${JSON.stringify({ nps: i })}::jsonb, '2026-06-01T12:00:00Z')`)
    // A forecast values a third of the customers by CLV (a third more have a prediction without one); its commit
    // re-values the customers affected, then its predictions arrive. After it: an order, a changed CLV, a detractor.
    const [fit] = await db.query<{ id: string }>(sql`insert into forecast_fits (workspace_id, status, unit,
        calibration_end, horizon_days, clv_options)
      values (${workspaceId}, 'fitted', 'week', '2026-09-01', 365, '{}') returning id`)
    await db.query(sql`insert into forecast_predictions (fit_id, workspace_id, customer_id, x, t_x, t, revenue,
        p_alive, expected_purchases, clv)
      select ${fit!.id}, ${workspaceId}, id, 1, 1, 2, 0, 0.5, 1,
        case when substr(external_id, 2)::int % 3 = 0 then substr(external_id, 2)::int * 10.125 end
      from customers where workspace_id = ${workspaceId} and substr(external_id, 2)::int % 3 <> 2`)
    await db.query(sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount)
      values (${workspaceId}, ${customers[4]!.id}, 'after-fit', '2026-07-01', 'EUR', 123.45)`)
    await db.query(sql`update forecast_predictions set clv = 7.5 where fit_id = ${fit!.id} and customer_id in
      (select id from customers where workspace_id = ${workspaceId} and external_id in ('c3', 'c6'))`)
    await db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, customer_id,
        language, channel, touchpoint, nps_kind, answers, completed_at)
      values (${workspaceId}, ${surveys[1]!.id}, 1, 'after-fit', ${customers[6]!.id}, 'en', 'link', 'store',
        'transactional', '{"nps": 2}', '2026-05-10T08:00:00Z')`)
  })
  afterAll(async () => {
    await db?.close()
  })

  async function stored() {
    const days = await db.query<{ key: string; rated: number; negatives: number }>(sql`
      select json_build_array(org_unit_id, touchpoint, to_char(day, 'YYYY-MM-DD'))::text as key, rated, negatives
      from insight_touchpoint_days where workspace_id = ${workspaceId} and (rated <> 0 or negatives <> 0)`)
    const negatives = await db.query<{ key: string; n: number }>(sql`
      select json_build_array(org_unit_id, touchpoint, customer_id, to_char(day, 'YYYY-MM-DD'))::text as key, n
      from insight_negative_days where workspace_id = ${workspaceId} and n <> 0`)
    const customers = await db.query<{ customer: string; responses: number; revenue: string }>(sql`
      select customer_id as customer, responses, revenue::numeric(20, 2)::text as revenue from insight_customers
      where workspace_id = ${workspaceId} and (responses <> 0 or revenue <> 0) order by customer_id`)
    const affected = await db.query(sql`select touchpoint, to_char(day, 'YYYY-MM-DD') as day,
        to_char(previous_day, 'YYYY-MM-DD') as previous, customers, value::numeric(20, 4)::text as value
      from insight_affected_cells where workspace_id = ${workspaceId} and (customers <> 0 or value <> 0)
      order by touchpoint, day, previous_day nulls first`)
    const compact = (key: string) => JSON.stringify(JSON.parse(key))
    return {
      days: days.map((d) => [compact(d.key), [d.rated, d.negatives]]).sort(([a], [b]) => (a! < b! ? -1 : 1)),
      negatives: negatives.map((d) => [compact(d.key), [d.n]]).sort(([a], [b]) => (a! < b! ? -1 : 1)),
      customers,
      affected,
    }
  }

  test('responses per touchpoint and day, negatives per customer, and customers’ answers and revenue', async (ctx) => {
    if (!db) ctx.skip()
    const responses = await db.query<RawResponse>(sql`select touchpoint, org_unit_id, customer_id, answers,
        coalesce(completed_at, updated_at) as answered_at
      from responses where workspace_id = ${workspaceId}`)
    const oracle = recount(responses, zone)
    const orders = await db.query<{
      customer_id: string
      amount: string
    }>(sql`select customer_id, amount::text as amount
      from orders where workspace_id = ${workspaceId}`)
    // Revenue in cents, summed here.
    const revenue = new Map<string, number>()
    for (const o of orders)
      revenue.set(o.customer_id, (revenue.get(o.customer_id) ?? 0) + Math.round(Number(o.amount) * 100))
    const customerIds = [...new Set([...oracle.answered.keys(), ...revenue.keys()])].sort()
    const expected = customerIds
      .map((customer) => ({
        customer,
        responses: oracle.answered.get(customer)?.[0] ?? 0,
        revenue: ((revenue.get(customer) ?? 0) / 100).toFixed(2),
      }))
      .filter((c) => c.responses !== 0 || c.revenue !== '0.00')
    const now = await stored()
    expect(now.days.length).toBeGreaterThan(50)
    expect(now.days).toEqual(nonZero(oracle.days))
    expect(now.negatives).toEqual(nonZero(oracle.negatives))
    expect(now.customers).toEqual(expected)
  })

  test('pain points’ customers affected and their value equal a recount from the raw rows, in and out of a unit', async (ctx) => {
    if (!db) ctx.skip()
    const responses = await db.query<RawResponse & { unit_path: string | null }>(sql`select r.touchpoint,
        r.org_unit_id, u.path as unit_path, r.customer_id, r.answers, coalesce(r.completed_at, r.updated_at) as answered_at
      from responses r left join org_units u on u.id = r.org_unit_id where r.workspace_id = ${workspaceId}`)
    // Values in ten-thousandths: CLV of the newest fit where it has one, else net revenue, else 0.
    const values = new Map<string, number>()
    for (const o of await db.query<{ customer_id: string; amount: string }>(sql`select customer_id,
        amount::text as amount from orders where workspace_id = ${workspaceId}`))
      values.set(o.customer_id, (values.get(o.customer_id) ?? 0) + Math.round(Number(o.amount) * 10_000))
    for (const p of await db.query<{
      customer_id: string
      clv: string
    }>(sql`select customer_id, clv::text as clv
        from forecast_predictions where workspace_id = ${workspaceId} and clv is not null`))
      values.set(p.customer_id, Math.round(Number(p.clv) * 10_000))
    const cents = (tenThousandths: number) =>
      ((Math.sign(tenThousandths) * Math.round(Math.abs(tenThousandths) / 100)) / 100).toFixed(2)
    const negative = (a: Record<string, unknown>) =>
      (typeof a.nps === 'number' && a.nps <= 6) ||
      (typeof a.csat === 'number' && a.csat <= 2) ||
      (typeof a.ces === 'number' && a.ces <= 3)
    const recountAffected = (from: string, to: string, unitPath: string | null) => {
      const affected = new Map<string, Set<string>>()
      for (const r of responses) {
        const day = localDay(r.answered_at, zone)
        if (!r.customer_id || day < from || day > to || !negative(r.answers)) continue
        if (unitPath !== null && !r.unit_path?.startsWith(unitPath)) continue
        affected.set(r.touchpoint, (affected.get(r.touchpoint) ?? new Set()).add(r.customer_id))
      }
      return [...affected.entries()]
        .map(([touchpoint, ids]) => ({
          touchpoint,
          customersAffected: ids.size,
          valueAffected: cents([...ids].reduce((sum, id) => sum + (values.get(id) ?? 0), 0)),
        }))
        .sort((a, b) => (a.touchpoint < b.touchpoint ? -1 : 1))
    }
    // The whole workspace reads the cells, valued by the newest fit; a unit reads the negatives per customer.
    const [basis] = await db.query<{
      current: boolean
    }>(sql`select b.fit_id = insight_newest_fit(b.workspace_id)
        as current from insight_value_basis b where b.workspace_id = ${workspaceId}`)
    expect(basis?.current).toBe(true)
    const next = seededRandom(49)
    const day = (offset: number) =>
      new Date(Date.UTC(2026, 1, 18) + offset * 86_400_000).toISOString().slice(0, 10)
    const windows = [[day(0), day(250)] as const]
    for (let i = 0; i < 8; i++) {
      const from = Math.floor(next() * 240)
      windows.push([day(from), day(from + Math.floor(next() * 90))])
    }
    for (const [from, to] of windows)
      for (const unitPath of [null, northPath]) {
        const points = await getPainPoints(db, { workspaceId, unitPath }, { from, to, limit: 100 })
        const got = points
          .filter((p) => p.customersAffected > 0)
          .map(({ touchpoint, customersAffected, valueAffected }) => ({
            touchpoint,
            customersAffected,
            valueAffected,
          }))
          .sort((a, b) => (a.touchpoint < b.touchpoint ? -1 : 1))
        expect(got, `${from}…${to} ${unitPath ?? 'workspace'}`).toEqual(recountAffected(from, to, unitPath))
      }
    expect(recountAffected(day(0), day(250), null).length).toBe(2)
  })

  test('the monthly rollups are the daily ones summed per month', async (ctx) => {
    if (!db) ctx.skip()
    const compare = async (table: string, keys: string[], values: string[]) => {
      const key = keys.map((k) => `coalesce(${k}::text, '') as ${k}`).join(', ')
      const ordinals = keys
        .map((_, i) => i + 1)
        .concat(keys.length + 1)
        .join(', ')
      const monthly = await db.query(sql`select ${sql.raw(key)}, to_char(month, 'YYYY-MM-DD') as m,
          ${sql.raw(values.map((v) => `${v}::text as ${v}`).join(', '))}
        from ${sql.raw(`${table}_month`)} where workspace_id = ${workspaceId} and n <> 0 order by ${sql.raw(ordinals)}`)
      const summed =
        await db.query(sql`select ${sql.raw(key)}, to_char(date_trunc('month', day), 'YYYY-MM-DD') as m,
          ${sql.raw(values.map((v) => `sum(${v})::text as ${v}`).join(', '))}
        from ${sql.raw(table)} where workspace_id = ${workspaceId}
        group by ${sql.raw(ordinals)} having sum(n) <> 0 order by ${sql.raw(ordinals)}`)
      expect(monthly.length).toBeGreaterThan(10)
      expect(monthly).toEqual(summed)
    }
    const unitTouchpointSurvey = ['org_unit_id', 'touchpoint', 'survey_id']
    await compare(
      'insight_rollup',
      [...unitTouchpointSurvey, 'question_id', 'question_type', 'nps_kind'],
      ['n', ...Array.from({ length: 11 }, (_, k) => `c${k}`)],
    )
    await compare('insight_index_rollup', unitTouchpointSurvey, ['n', 'sum_x', 'sum_x2'])
  })

  test('a full rebuild of the summaries changes nothing', async (ctx) => {
    if (!db) ctx.skip()
    const before = await stored()
    await rebuildInsightRollup(db, workspaceId)
    await db.query(sql`select insight_revenue_rebuild(${workspaceId})`)
    expect(await stored()).toEqual(before)
  })

  test('deleting a workspace takes its summaries along, its cascaded deletes adding nothing back', async (ctx) => {
    if (!db) ctx.skip()
    const { workspaceId: gone } = await insightWorkspace(db)
    const survey = await createTestSurvey(db, gone, 'delivery')
    const [customer] = await db.query<{ id: string }>(sql`insert into customers (workspace_id, external_id)
      values (${gone}, 'x') returning id`)
    await db.query(sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount)
      values (${gone}, ${customer?.id}, 'o', now(), 'EUR', 10)`)
    await db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, customer_id, language,
        channel, touchpoint, nps_kind, answers, completed_at)
      values (${gone}, ${survey.id}, 1, 'r', ${customer?.id}, 'en', 'link', 'delivery', 'transactional',
        '{"nps": 1}', now())`)
    await db.query(sql`delete from workspaces where id = ${gone}`)
    const left = await db.query<{
      n: number
    }>(sql`select (select count(*) from insight_customers where workspace_id = ${gone})
      + (select count(*) from insight_negative_days where workspace_id = ${gone})
      + (select count(*) from insight_rollup_month where workspace_id = ${gone}) as n`)
    expect(Number(left[0]?.n)).toBe(0)
  })
})
