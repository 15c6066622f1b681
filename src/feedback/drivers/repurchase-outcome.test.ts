import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../../db/db.js'
import { testDrivers } from '../../db/test-db.js'
import { currentResults } from '../../segments/current-results.js'
import { setUp, type TestClient, testApp } from '../../server/test-client.js'
import { seedRepurchaseAnswers } from './test-repurchase-answers.js'
import { getWorkspaceDrivers } from './workspace-drivers.js'

// Repurchase intent as the outcome, on the hand-worked customers of test-repurchase-answers.ts: r = 0.9, R² = 0.81.

describe.each(testDrivers)('repurchase intent as the key-driver outcome on $name', (driver) => {
  let db: Db
  let owner: TestClient
  let workspaceId: string

  beforeAll(async () => {
    if (!(await driver.available())) return
    const made = await testApp(await driver.open())
    db = made.db
    ;({ owner, workspaceId } = await setUp(made.app))
    await seedRepurchaseAnswers(db, workspaceId)
  }, 60_000)
  afterAll(async () => {
    await db?.close()
  })

  test('the latest intent, stretched to 0–10, gives the hand-worked r² of 0.81', async (ctx) => {
    if (!db) ctx.skip()
    const result = await getWorkspaceDrivers(
      db,
      { workspaceId, unitPath: null },
      {
        battery: 'forces',
        outcome: 'repurchase',
        groupBy: 'org_unit',
        resamples: 0,
        seed: 1,
        segmentResults: currentResults,
      },
    )
    expect(result.outcome).toBe('repurchase')
    expect(result.answered).toBe(11)
    expect(result.overall!.n).toBe(10)
    expect(result.overall!.r2).toBeCloseTo(0.81, 12)
    const [pleasure] = result.overall!.drivers
    expect(pleasure!.driver).toBe('pleasure')
    expect(pleasure!.correlation).toBeCloseTo(0.9, 12)
    expect(pleasure!.weight).toBeCloseTo(0.81, 12)
    expect(pleasure!.share).toBeCloseTo(1, 12)
  })

  test('the route and its CSV take outcome=repurchase; an unknown outcome is a 400 naming it', async (ctx) => {
    if (!db) ctx.skip()
    const base = `/api/v1/workspaces/${workspaceId}/drivers`
    const res = await owner.request('GET', `${base}?battery=forces&outcome=repurchase&resamples=0`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { outcome: string; overall: { r2: number; n: number } }
    expect([body.outcome, body.overall.n]).toEqual(['repurchase', 10])
    expect(body.overall.r2).toBeCloseTo(0.81, 12)
    const csv = await owner.request('GET', `${base}.csv?battery=forces&outcome=repurchase&resamples=0`)
    expect(csv.status).toBe(200)
    // The weight as the JSON's, to the same 12 places: the server's sums of doubles may end in another last bit.
    const [driver, weight] = (await csv.text()).split('\n')[1]!.split(',')
    expect(driver).toBe('pleasure')
    expect(Number(weight)).toBeCloseTo(0.81, 12)
    const bad = await owner.request('GET', `${base}?outcome=loyalty`)
    expect(bad.status).toBe(400)
    expect(JSON.stringify(await bad.json())).toContain('outcome')
  })
})
