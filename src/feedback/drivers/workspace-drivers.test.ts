import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { OrgUnit } from '../../access/org-units.js'
import type { Db } from '../../db/db.js'
import { testDrivers } from '../../db/test-db.js'
import { currentResults } from '../../segments/current-results.js'
import { client, setUp, type TestClient, testApp } from '../../server/test-client.js'
import { analyzeKeyDrivers } from './key-drivers.js'
import { type Generated, seedDriverAnswers } from './test-driver-answers.js'
import { getBatteryProfile, getCustomerProfiles, getWorkspaceDrivers } from './workspace-drivers.js'

// The workspace analysis reads what the SQL should: each customer's latest battery answer averaged per dimension
// and their latest relational NPS. The oracle pivots the same generated answers in the test, independently.

describe.each(testDrivers)('key drivers over a workspace on $name', (driver) => {
  let db: Db
  let owner: TestClient
  let workspaceId: string
  let units: Record<'north' | 'south', OrgUnit>
  let generated: Generated[]

  beforeAll(async () => {
    if (!(await driver.available())) return
    const made = await testApp(await driver.open())
    db = made.db
    ;({ owner, workspaceId } = await setUp(made.app))
    ;({ units, generated } = await seedDriverAnswers(db, workspaceId))
  }, 60_000)
  afterAll(async () => {
    await db?.close()
  })

  // In the order the analysis reads them (by customer id), so that the seeded bootstrap draws the same rows.
  const oracle = (rows: Generated[]) =>
    analyzeKeyDrivers(
      'nps',
      ['pleasure', 'clarity', 'fairness'],
      [...rows]
        .sort((a, b) => (a.customer < b.customer ? -1 : 1))
        .map((g) => ({ y: g.nps, x: [g.forces.pleasure!, g.forces.clarity!, g.forces.fairness!] })),
      { resamples: 200, seed: 5 },
    )

  describe('workspace drivers', () => {
    test('the forces drive the latest relational NPS: the same analysis as on the answers as generated', async (ctx) => {
      if (!db) ctx.skip()
      const result = await getWorkspaceDrivers(
        db,
        { workspaceId, unitPath: null },
        {
          battery: 'forces',
          outcome: 'nps',
          groupBy: 'org_unit',
          resamples: 200,
          seed: 5,
          segmentResults: currentResults,
        },
      )
      const expected = oracle(generated)
      expect(result.answered).toBe(90)
      expect(result.overall!.n).toBe(81)
      expect(result.overall!.drivers.map((d) => d.driver)).toEqual(['pleasure', 'clarity', 'fairness'])
      result.overall!.drivers.forEach((d, j) => {
        expect(d.weight).toBeCloseTo(expected.drivers[j]!.weight, 10)
        expect(d.ciLow).toBeCloseTo(expected.drivers[j]!.ciLow!, 10)
        expect(d.mean).toBeCloseTo(expected.drivers[j]!.mean, 10)
      })
      const [pleasure, clarity, fairness] = result.overall!.drivers
      expect(pleasure!.weight).toBeGreaterThan(fairness!.weight)
      expect(fairness!.weight).toBeGreaterThan(clarity!.weight)
      // Per org unit: the quadrant chart's points.
      expect(result.groups.map((g) => [g.label, g.n])).toEqual([
        ['North', generated.filter((g) => g.unit === 'north' && g.nps !== null).length],
        ['South', generated.filter((g) => g.unit === 'south' && g.nps !== null).length],
      ])
      const south = oracle(generated.filter((g) => g.unit === 'south'))
      expect(result.groups[1]!.drivers[0]!.weight).toBeCloseTo(south.drivers[0]!.weight, 10)
    })

    test('touchpoint scores as drivers: the transactional delivery NPS, which mirrors the relational one', async (ctx) => {
      if (!db) ctx.skip()
      const result = await getWorkspaceDrivers(
        db,
        { workspaceId, unitPath: null },
        {
          battery: 'touchpoints',
          outcome: 'nps',
          groupBy: 'org_unit',
          resamples: 0,
          seed: 1,
          segmentResults: currentResults,
        },
      )
      // Hand-worked: delivery = 10 − relational NPS for everyone who gave one, so r = −1 and it carries all of R².
      expect(result.overall!.n).toBe(81)
      expect(result.overall!.drivers.map((d) => d.driver)).toEqual(['delivery'])
      expect(result.overall!.drivers[0]!.correlation).toBeCloseTo(-1, 10)
      expect(result.overall!.r2).toBeCloseTo(1, 10)
    })

    test('a member of one unit analyses only its customers', async (ctx) => {
      if (!db) ctx.skip()
      const result = await getWorkspaceDrivers(
        db,
        { workspaceId, unitPath: units.south.path },
        {
          battery: 'forces',
          outcome: 'nps',
          groupBy: 'org_unit',
          resamples: 0,
          seed: 1,
          segmentResults: currentResults,
        },
      )
      expect(result.answered).toBe(30)
      expect(result.overall!.n).toBe(oracle(generated.filter((g) => g.unit === 'south')).n)
      expect(result.groups.map((g) => g.label)).toEqual(['South'])
    })

    test('too few complete cases give no overall analysis, and a small group is named, not analysed', async (ctx) => {
      if (!db) ctx.skip()
      const result = await getWorkspaceDrivers(
        db,
        { workspaceId, unitPath: null },
        {
          battery: 'forces',
          outcome: 'csat',
          groupBy: 'org_unit',
          resamples: 0,
          seed: 1,
          segmentResults: currentResults,
        },
      )
      expect(result.overall).toBeNull()
      expect(result.smallGroups.map((g) => [g.label, g.n])).toEqual([
        ['North', 0],
        ['South', 0],
      ])
    })
  })

  describe('profiles', () => {
    test('commitment per org unit: the unit held by price and lack of choice is flagged', async (ctx) => {
      if (!db) ctx.skip()
      const profile = await getBatteryProfile(
        db,
        { workspaceId, unitPath: null },
        'commitment',
        'org_unit',
        currentResults,
      )
      expect(profile.dimensions).toEqual(['affective', 'economic', 'forced'])
      const byLabel = Object.fromEntries(profile.groups.map((g) => [g.label, g]))
      expect(byLabel.South).toMatchObject({
        n: 30,
        means: { affective: 2.5, economic: 6, forced: 5 },
        heldWithoutAttachment: true,
      })
      expect(byLabel.North).toMatchObject({
        n: 60,
        means: { affective: 5.5, economic: 3, forced: 2 },
        heldWithoutAttachment: false,
      })
    })

    test('forces per touchpoint: the means of the latest answers', async (ctx) => {
      if (!db) ctx.skip()
      const profile = await getBatteryProfile(
        db,
        { workspaceId, unitPath: null },
        'forces',
        'touchpoint',
        currentResults,
      )
      const mean = (key: 'pleasure' | 'clarity') =>
        generated.reduce((s, g) => s + g.forces[key]!, 0) / generated.length
      expect(profile.groups).toHaveLength(1)
      expect(profile.groups[0]!.group).toBe('relationship')
      expect(profile.groups[0]!.means.pleasure).toBeCloseTo(mean('pleasure'), 10)
      expect(profile.groups[0]!.means.clarity).toBeCloseTo(mean('clarity'), 10)
    })
  })

  describe('routes', () => {
    test('GET drivers, its CSV, the profiles and the customer profiles answer for the owner', async (ctx) => {
      if (!db) ctx.skip()
      const base = `/api/v1/workspaces/${workspaceId}/drivers`
      const drivers = await owner.json<{ overall: { n: number } }>(
        'GET',
        `${base}?groupBy=org_unit&resamples=50`,
      )
      expect(drivers.status).toBe(200)
      expect(drivers.body.overall.n).toBe(81)
      const csv = await owner.request('GET', `${base}.csv?resamples=0`)
      expect(csv.status).toBe(200)
      const lines = (await csv.text()).trim().split('\n')
      expect(lines[0]).toBe('driver,weight,share,shapley,beta,ci_low,ci_high,mean,n,r2')
      expect(lines).toHaveLength(4)
      const profiles = await owner.json<{ groups: unknown[] }>(
        'GET',
        `${base}/profiles?battery=commitment&groupBy=org_unit`,
      )
      expect([profiles.status, profiles.body.groups.length]).toEqual([200, 2])
      const people = await owner.json<{ total: number; items: { scores: Record<string, number> }[] }>(
        'GET',
        `${base}/profiles/customers?battery=commitment&limit=5`,
      )
      expect([people.status, people.body.total, people.body.items.length]).toEqual([200, 90, 5])
      expect(Object.keys(people.body.items[0]!.scores).sort()).toEqual(['affective', 'economic', 'forced'])
      const profileCsv = await (
        await owner.request('GET', `${base}/profiles.csv?battery=commitment&groupBy=org_unit`)
      ).text()
      expect(profileCsv.trim().split('\n')).toEqual([
        'group,n,affective,economic,forced,held_without_attachment',
        'North,60,5.5,3,2,false',
        'South,30,2.5,6,5,true',
      ])
      const peopleCsv = (
        await (await owner.request('GET', `${base}/profiles/customers.csv?battery=commitment`)).text()
      )
        .trim()
        .split('\n')
      expect(peopleCsv[0]).toBe('external_id,name,answered_at,affective,economic,forced')
      expect(peopleCsv).toHaveLength(91)
    })

    test("a customer's own commitment and forces profiles: held without attachment in South, not in North", async (ctx) => {
      if (!db) ctx.skip()
      const base = `/api/v1/workspaces/${workspaceId}/drivers/profiles/customers`
      const south = generated.find((g) => g.unit === 'south')!
      const north = generated.find((g) => g.unit === 'north')!
      type Profiles = {
        commitment: { dimensions: string[]; scores: Record<string, number>; heldWithoutAttachment: boolean }
        forces: { dimensions: string[]; scores: Record<string, number> }
      }
      const seen = await owner.json<Profiles>('GET', `${base}/${south.customer}`)
      expect(seen.status).toBe(200)
      // As generated: South's commitment is affective (2 + 3) / 2, economic 6, forced 5; the forces as answered last.
      expect(seen.body.commitment).toMatchObject({
        dimensions: ['affective', 'economic', 'forced'],
        scores: south.commitment,
        heldWithoutAttachment: true,
      })
      expect(seen.body.forces.dimensions).toEqual(['pleasure', 'clarity', 'fairness'])
      expect(seen.body.forces.scores).toEqual(south.forces)
      const other = await owner.json<Profiles>('GET', `${base}/${north.customer}`)
      expect(other.body.commitment.heldWithoutAttachment).toBe(false)
      // Someone else's unit, an unknown id and a malformed id are all "no such customer".
      expect(
        await getCustomerProfiles(db, { workspaceId, unitPath: units.north.path }, south.customer),
      ).toBeNull()
      expect((await owner.json('GET', `${base}/00000000-0000-4000-8000-000000000000`)).status).toBe(404)
      expect((await owner.json('GET', `${base}/not-a-uuid`)).status).toBe(404)
    })

    test('the customer profiles and their CSV sort by a dimension, the answer date or the customer', async (ctx) => {
      if (!db) ctx.skip()
      const base = `/api/v1/workspaces/${workspaceId}/drivers/profiles/customers`
      const ids = async (query: string) => {
        const page = await owner.json<{ items: { externalId: string }[] }>(
          'GET',
          `${base}?battery=commitment&limit=3&${query}`,
        )
        expect(page.status, query).toBe(200)
        return page.body.items.map((i) => i.externalId)
      }
      // Affective means as seeded: South (C-0, C-3, … every third) 2.5, North 5.5; ties by external id, as text.
      expect(await ids('sort=dimension&dimension=affective&dir=asc')).toEqual(['C-0', 'C-12', 'C-15'])
      expect(await ids('sort=dimension&dimension=affective&dir=desc')).toEqual(['C-89', 'C-88', 'C-86'])
      // Everyone answered on the same day: the tiebreak alone orders them, both ways.
      expect(await ids('sort=answered&dir=asc')).toEqual(['C-0', 'C-1', 'C-10'])
      expect(await ids('sort=answered&dir=desc')).toEqual(['C-9', 'C-89', 'C-88'])
      // Nameless customers go by their external id.
      expect(await ids('sort=customer&offset=3')).toEqual(['C-11', 'C-12', 'C-13'])
      const csv = (
        await (
          await owner.request(
            'GET',
            `${base}.csv?battery=commitment&sort=dimension&dimension=forced&dir=desc`,
          )
        ).text()
      )
        .trim()
        .split('\n')
      // Forced as seeded: South 5, North 2.
      expect(csv.slice(1, 3).map((l) => l.split(',')[0])).toEqual(['C-9', 'C-87'])
      expect(csv).toHaveLength(91)
      for (const [query, field] of [
        ['sort=score', 'sort'],
        ['sort=answered&dir=down', 'dir'],
        ['sort=dimension', 'dimension'],
        ['sort=dimension&dimension=a%20b', 'dimension'],
      ]) {
        const bad = await owner.json<{ error: { details: { field: string }[] } }>('GET', `${base}?${query}`)
        expect(bad.status, query).toBe(400)
        expect(bad.body.error.details[0]?.field, query).toBe(field)
      }
    })

    test('a bad battery name or seed is a 400 naming the field; no session is a 401', async (ctx) => {
      if (!db) ctx.skip()
      const base = `/api/v1/workspaces/${workspaceId}/drivers`
      const bad = await owner.json<{ error: { field?: string } }>(
        'GET',
        `${base}?battery=${encodeURIComponent("x' or 1=1")}`,
      )
      expect(bad.status).toBe(400)
      expect(JSON.stringify(bad.body)).toContain('battery')
      expect((await owner.json('GET', `${base}?seed=-1`)).status).toBe(400)
      expect((await client((await testApp(db)).app).json('GET', base)).status).toBe(401)
    })
  })
})
