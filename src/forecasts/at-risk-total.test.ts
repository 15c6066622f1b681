import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { revenueAtRiskTotal } from './queries.js'
import { insertHandFit } from './test-hand-fit.js'

// The whole workspace's revenue at risk is stored per fit (migration 050) and must stay what the sum over the
// predictions gives after any write. Hand-worked: revenue × (1 − P(alive)) of those whose P(alive) fell,
//   a 100 × 0.5 = 50, b 120 × 0.25 = 30, c 40 × 0.75 = 30, d 64 × 0.5 = 32 (e rose: not at risk)
// → 4 customers, 142.00; without a → 3, 92.00; with d's P(alive) back above its earlier value → 2, 60.00.
const predictions = [
  ['a', '100', 0.5, 0.9],
  ['b', '120', 0.75, 0.95],
  ['c', '40', 0.25, 0.6],
  ['d', '64', 0.5, 0.8],
  ['e', '1000', 0.99, 0.98],
] as const

describe.each(testDrivers)('the stored revenue at risk on $name', (driver) => {
  let db: Db
  let workspaceId: string
  let fitId: string
  const owner = () => ({ workspaceId, unitPath: null })
  const stored = async () =>
    db.query<{ current: boolean }>(sql`select t.version = coalesce(v.version, 0) as current
      from forecast_at_risk_totals t left join forecast_prediction_versions v on v.workspace_id = t.workspace_id
      where t.fit_id = ${fitId}`)

  beforeAll(async () => {
    if (!(await driver.available())) return
    db = await driver.open()
    workspaceId = (await createWorkspace(db, (await createOrganization(db, 'Org')).id, 'Shop')).id
    const customers = await db.query<{ id: string; externalId: string }>(sql`insert into customers
        (workspace_id, external_id) select ${workspaceId}, x from unnest(array['a', 'b', 'c', 'd', 'e']) x
      returning id, external_id as "externalId"`)
    const idOf = new Map(customers.map((c) => [c.externalId, c.id]))
    fitId = await insertHandFit(
      db,
      workspaceId,
      predictions.map(([id, revenue, pAlive, pAliveBefore]) => ({
        customerId: idOf.get(id)!,
        revenue,
        pAlive,
        pAliveBefore,
        clv: null,
      })),
    )
  })
  afterAll(async () => {
    await db?.close()
  })

  test('the first read computes and stores the total, the next reads the stored one', async (ctx) => {
    if (!db) ctx.skip()
    expect(await stored()).toEqual([])
    expect(await revenueAtRiskTotal(db, owner(), fitId)).toEqual({ customers: 4, amount: '142.00' })
    expect(await stored()).toEqual([{ current: true }])
    expect(await revenueAtRiskTotal(db, owner(), fitId)).toEqual({ customers: 4, amount: '142.00' })
  })

  test('a deleted customer or a changed prediction makes the stored total stale, and the next read exact', async (ctx) => {
    if (!db) ctx.skip()
    await revenueAtRiskTotal(db, owner(), fitId)
    await db.query(sql`delete from customers where workspace_id = ${workspaceId} and external_id = 'a'`)
    expect(await stored()).toEqual([{ current: false }])
    expect(await revenueAtRiskTotal(db, owner(), fitId)).toEqual({ customers: 3, amount: '92.00' })
    await db.query(sql`update forecast_predictions set p_alive = 0.9 where fit_id = ${fitId} and customer_id =
      (select id from customers where workspace_id = ${workspaceId} and external_id = 'd')`)
    expect(await stored()).toEqual([{ current: false }])
    expect(await revenueAtRiskTotal(db, owner(), fitId)).toEqual({ customers: 2, amount: '60.00' })
    expect(await stored()).toEqual([{ current: true }])
  })
})
