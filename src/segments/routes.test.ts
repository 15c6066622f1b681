import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOrgUnit } from '../access/org-units.js'
import { createUser, setMembership } from '../access/users.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { client, setUp, testApp } from '../server/test-client.js'
import { seedFourCustomers } from './test-four-customers.js'

// The four customers of test-four-customers.ts, worked by hand.
let db: Db
let app: Awaited<ReturnType<typeof testApp>>['app']
let owner: ReturnType<typeof client>
let ws: string
let base: string

beforeAll(async () => {
  ;({ app, db } = await testApp())
  ;({ owner, workspaceId: ws } = await setUp(app))
  base = `/api/v1/workspaces/${ws}/segments`
  await seedFourCustomers(db, owner, ws)
})
afterAll(async () => {
  await db.close()
})

describe('segments API', () => {
  test('before any recomputation the summary is empty, and recompute analyses every customer', async () => {
    const empty = await owner.json<{ customers: number; asOf: string | null }>('GET', base)
    expect(empty.body).toMatchObject({ customers: 0, asOf: null })
    const run = await owner.json('POST', `${base}/recompute`, { asOf: '2024-04-01' })
    expect(run.status).toBe(200)
    expect(run.body).toMatchObject({ asOf: '2024-04-01', customers: 4 })
  })

  test('the summary counts customers, revenue and shares per segment, ABC×XYZ cell and R×F cell', async () => {
    const { body } = await owner.json<Record<string, unknown>>('GET', base)
    expect(body).toMatchObject({ asOf: '2024-04-01', customers: 4, revenue: '185', habitBroken: 1 })
    const segments = Object.fromEntries(
      (body.segments as { segment: string; customers: number; revenue: string; revenueShare: string }[]).map(
        (s) => [s.segment, [s.customers, s.revenue, s.revenueShare]],
      ),
    )
    expect(segments).toEqual({
      loyal: [1, '30', '0.1622'],
      potential_loyalist: [1, '40', '0.2162'],
      hibernating: [1, '100', '0.5405'],
      at_risk: [1, '15', '0.0811'],
    })
    const cells = (
      body.abcXyz as { abc: string; xyz: string | null; customers: number; revenue: string }[]
    ).map((c) => `${c.abc}${c.xyz ?? '-'}:${c.customers}:${c.revenue}`)
    expect(cells.sort()).toEqual(['A-:1:100', 'AX:1:30', 'AY:1:40', 'BZ:1:15'])
    // In the tables' order: ABC×XYZ by class (no XYZ class last), R×F from high R and F down.
    expect(
      (body.abcXyz as { abc: string; xyz: string | null }[]).map((c) => `${c.abc}${c.xyz ?? '-'}`),
    ).toEqual(['AX', 'AY', 'A-', 'BZ'])
    expect((body.rf as { r: number; f: number }[]).map((c) => `${c.r}${c.f}`)).toEqual([
      '52',
      '44',
      '21',
      '14',
    ])
    const rf = (body.rf as { r: number; f: number; segment: string; customerShare: string }[]).map(
      (c) => `${c.r}${c.f}:${c.segment}:${c.customerShare}`,
    )
    expect(rf.sort()).toEqual([
      '14:at_risk:0.2500',
      '21:hibernating:0.2500',
      '44:loyal:0.2500',
      '52:potential_loyalist:0.2500',
    ])
  })

  test('the customers list filters by segment, ABC class, org unit (with its sub-units) and language', async () => {
    await db.query(
      sql`update customers set language = 'uk' where workspace_id = ${ws} and external_id in ('a', 'c')`,
    )
    const [riga] = await db.query<{ id: string }>(
      sql`select id from org_units where workspace_id = ${ws} and code = 'riga'`,
    )
    await createOrgUnit(db, ws, { code: 'riga-old-town', name: 'Old Town', parentCode: 'riga' })
    await db.query(sql`update customers set org_unit_id = (select id from org_units where code = 'riga-old-town'
        and workspace_id = ${ws}) where workspace_id = ${ws} and external_id = 'b'`)
    const ids = async (query: string) => {
      const r = await owner.json<{ items: { externalId: string }[]; total: number }>(
        'GET',
        `/api/v1/workspaces/${ws}/customers?${query}`,
      )
      expect(r.status).toBe(200)
      expect(r.body.total).toBe(r.body.items.length)
      return r.body.items.map((i) => i.externalId)
    }
    // By name (Anna first), then the unnamed by id.
    expect(await ids('abc=A')).toEqual(['a', 'b', 'c'])
    expect(await ids('segment=at_risk')).toEqual(['d'])
    expect(await ids('segment=loyal&abc=A')).toEqual(['a'])
    expect(await ids('segment=loyal&abc=B')).toEqual([])
    expect(await ids(`orgUnitId=${riga!.id}`)).toEqual(['a', 'b'])
    expect(await ids('language=uk&abc=A')).toEqual(['a', 'c'])
    expect(await ids('language=uk&segment=hibernating&q=c')).toEqual(['c'])
    // Sorted: revenue 100, 40, 30, 15; the last order Jan 21, Feb 1, Mar 5, Mar 10; three orders each for a and d,
    // the tie going by external id in the same direction.
    expect(await ids('sort=revenue&dir=desc')).toEqual(['c', 'b', 'a', 'd'])
    expect(await ids('sort=last_order')).toEqual(['d', 'c', 'a', 'b'])
    expect(await ids('sort=orders&dir=desc')).toEqual(['d', 'a', 'b', 'c'])
    expect(await ids(`sort=external_id&dir=desc&orgUnitId=${riga!.id}`)).toEqual(['b', 'a'])
    const badSort = await owner.json('GET', `/api/v1/workspaces/${ws}/customers?sort=email`)
    expect(badSort.status).toBe(400)
    const unknown = await owner.json<{ error: { details: { field: string }[] } }>(
      'GET',
      `/api/v1/workspaces/${ws}/customers?segment=nope`,
    )
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.details.map((d) => d.field)).toEqual(['segment'])
    const csv = await (
      await owner.request('GET', `/api/v1/workspaces/${ws}/customers.csv?orgUnitId=${riga!.id}`)
    ).text()
    expect(
      csv
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['a', 'b'])
  })

  test('customer lists filter by segment and cell, page, and export as CSV', async () => {
    const page = await owner.json<{ items: { externalId: string }[]; total: number }>(
      'GET',
      `${base}/customers?abc=A&limit=2&offset=0`,
    )
    // By monetary descending: c 100, b 40, a 30.
    expect(page.body.total).toBe(3)
    expect(page.body.items.map((i) => i.externalId)).toEqual(['c', 'b'])
    const cell = await owner.json<{ items: { externalId: string; segment: string }[] }>(
      'GET',
      `${base}/customers?r=4&f=4`,
    )
    expect(cell.body.items.map((i) => [i.externalId, i.segment])).toEqual([['a', 'loyal']])
    const none = await owner.json<{ items: { externalId: string }[] }>('GET', `${base}/customers?xyz=none`)
    expect(none.body.items.map((i) => i.externalId)).toEqual(['c'])
    const csv = await owner.request('GET', `${base}/customers.csv?segment=at_risk`)
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/)
    const lines = (await csv.text()).trim().split('\n')
    expect(lines[0]).toBe(
      'customer_id,name,email,first_purchase,last_purchase,recency_days,frequency,monetary,r,f,m,segment,abc,xyz,cv,median_interval_days,next_due,habit_broken',
    )
    expect(lines.slice(1)).toEqual([
      'd,,,2024-01-01,2024-01-21,71,3,15,1,4,1,at_risk,B,Z,1.4142,10,2024-01-31,true',
    ])
    const bad = await owner.json<{ error: { message: string } }>('GET', `${base}/customers?segment=vip`)
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toMatch(/segment/)
  })

  test('the habit-broken list and one customer’s scores', async () => {
    const broken = await owner.json<{ items: { externalId: string; nextDue: string }[] }>(
      'GET',
      `${base}/habit-broken`,
    )
    expect(broken.body.items.map((i) => [i.externalId, i.nextDue])).toEqual([['d', '2024-01-31']])
    const list = await owner.json<{ items: { id: string; externalId: string }[] }>(
      'GET',
      `${base}/customers?segment=loyal`,
    )
    const anna = list.body.items[0]!
    const scores = await owner.json('GET', `${base}/customers/${anna.id}`)
    expect(scores.body).toMatchObject({
      externalId: 'a',
      r: 4,
      f: 4,
      m: 2,
      segment: 'loyal',
      abc: 'A',
      xyz: 'X',
      medianIntervalDays: '30',
      habitBroken: false,
    })
    expect((await owner.json('GET', `${base}/customers/not-a-uuid`)).status).toBe(404)
  })

  test('cohorts: share active per month since the first purchase, repeat rate, churn and retention', async () => {
    const { body } = await owner.json<{ cohorts: { cohort: string; periods: unknown[] }[] }>(
      'GET',
      `${base}/cohorts`,
    )
    // January: a, b, d all buy again (repeat 1). February: only a (churn 2/3). March: a and b; a came from
    // February, b did not, so of February's one buyer none churned.
    expect(body.cohorts).toEqual([
      {
        cohort: '2024-01',
        customers: 3,
        repeatRate: '1.0000',
        periods: [
          { period: 0, active: 3, activeShare: '1.0000', churnRate: null, retentionRate: null },
          { period: 1, active: 1, activeShare: '0.3333', churnRate: '0.6667', retentionRate: '0.3333' },
          { period: 2, active: 2, activeShare: '0.6667', churnRate: '0.0000', retentionRate: '1.0000' },
        ],
      },
      {
        cohort: '2024-02',
        customers: 1,
        repeatRate: '0.0000',
        periods: [
          { period: 0, active: 1, activeShare: '1.0000', churnRate: null, retentionRate: null },
          { period: 1, active: 0, activeShare: '0.0000', churnRate: '1.0000', retentionRate: '0.0000' },
        ],
      },
    ])
  })

  test('a member limited to an org unit sees only that unit’s customers, history included', async () => {
    const [unit] = await db.query<{ id: string; organization_id: string }>(sql`select u.id, w.organization_id
      from org_units u join workspaces w on w.id = u.workspace_id where u.code = 'riga'`)
    const user = await createUser(db, {
      organizationId: unit!.organization_id,
      email: 'riga@acme.test',
      name: 'Riga analyst',
      password: 'correct horse battery',
    })
    await setMembership(db, { workspaceId: ws, userId: user.id, role: 'analyst', orgUnitId: unit!.id })
    const riga = client(app)
    await riga.json('POST', '/api/v1/auth/login', {
      email: 'riga@acme.test',
      password: 'correct horse battery',
    })
    const summary = await riga.json<{ customers: number; revenue: string }>('GET', base)
    expect(summary.body).toMatchObject({ customers: 2, revenue: '70' })
    const list = await riga.json<{ items: { externalId: string }[]; total: number }>(
      'GET',
      `${base}/customers?limit=1`,
    )
    expect([list.body.total, list.body.items.length]).toEqual([2, 1])
    const history = await riga.json<{ items: { segment: string; customers: number }[] }>(
      'GET',
      `${base}/history`,
    )
    expect(history.body.items.map((h) => `${h.segment}:${h.customers}`).sort()).toEqual([
      'loyal:1',
      'potential_loyalist:1',
    ])
    const cohorts = await riga.json<{ cohorts: { cohort: string; customers: number }[] }>(
      'GET',
      `${base}/cohorts`,
    )
    expect(cohorts.body.cohorts.map((c) => [c.cohort, c.customers])).toEqual([['2024-01', 2]])
    // Settings are the workspace's: managing them takes an owner or admin.
    expect((await riga.json('PUT', `${base}/settings`, { abcA: 0.7 })).status).toBe(403)
  })

  test('settings: defaults, validation naming the field, and an owner’s change', async () => {
    const defaults = await owner.json('GET', `${base}/settings`)
    expect(defaults.body).toEqual({
      abcA: 0.8,
      abcB: 0.95,
      xyzX: 0.5,
      xyzY: 1,
      xyzMinMonths: 3,
      habitMinPurchases: 3,
      habitBrokenFactor: 2,
    })
    const bad = await owner.json<{ error: { message: string } }>('PUT', `${base}/settings`, {
      abcA: 0.9,
      abcB: 0.5,
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toMatch(/abcB/)
    const saved = await owner.json('PUT', `${base}/settings`, { abcA: 0.6 })
    expect(saved.body).toMatchObject({ abcA: 0.6, abcB: 0.95 })
    const badDate = await owner.json<{ error: { message: string } }>('POST', `${base}/recompute`, {
      asOf: '2024-02-30',
    })
    expect(badDate.status).toBe(400)
    expect(badDate.body.error.message).toMatch(/asOf/)
  })

  // Last: it adds thousands of customers to the workspace the tests above share.
  test('the CSV export holds every customer, in the list order, past the first batch of 5,000', async () => {
    // Customer bulk-i buys i + 0.5 on 2024-03-20.
    await db.query(sql`insert into customers (workspace_id, external_id)
      select ${ws}, 'bulk-' || lpad(g::text, 5, '0') from generate_series(0, 5002) g`)
    await db.query(sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount)
      select ${ws}, c.id, 'bulk-order-' || c.external_id, '2024-03-20T12:00:00Z', 'EUR',
        substr(c.external_id, 6)::numeric + 0.5
      from customers c where c.workspace_id = ${ws} and c.external_id like 'bulk-%'`)
    expect((await owner.json('POST', `${base}/recompute`, {})).status).toBe(200)
    const total = (await owner.json<{ total: number }>('GET', `${base}/customers?limit=1`)).body.total
    expect(total).toBe(5003 + 4)
    const lines = (await (await owner.request('GET', `${base}/customers.csv`)).text()).trim().split('\n')
    expect(lines).toHaveLength(1 + total)
    const rows = lines.slice(1).map((line) => line.split(','))
    expect(new Set(rows.map((r) => r[0])).size).toBe(total)
    // By monetary descending: bulk-05002 (5002.5) first, d (15) and the smallest bulk amounts last.
    const monetary = rows.map((r) => Number(r[7]))
    expect(monetary.every((m, i) => i === 0 || m <= (monetary[i - 1] ?? m))).toBe(true)
    expect([rows[0]?.[0], rows[0]?.[7]]).toEqual(['bulk-05002', '5002.5'])
    expect([rows.at(-1)?.[0], rows.at(-1)?.[7]]).toEqual(['bulk-00000', '0.5'])
  })
})
