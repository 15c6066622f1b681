import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import { loadConfig } from '../config.js'
import { Importer } from '../customers/importer.js'
import { orderRecordSchema } from '../customers/records.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { backgroundWork } from './background-work.js'
import { createWorker } from './worker.js'

async function importOrders(db: Db, ws: string, orders: [string, string, string, string][]) {
  const importer = new Importer(db, ws, 'orders')
  for (const [i, [customer_id, order_id, ordered_at, amount]] of orders.entries()) {
    const record = orderRecordSchema.parse({ customer_id, order_id, ordered_at, amount, currency: 'EUR' })
    await importer.add({ index: i, record })
  }
  return importer.finish()
}

const pendingRefreshes = (db: Db, ws: string) =>
  db.query(sql`select id from jobs where kind = 'customers.orders-changed' and workspace_id = ${ws}
    and status = 'pending'`)

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`after an import on ${driver.name}`, () => {
    let db: Db
    let ws: string
    beforeAll(async () => {
      db = await driver.open()
      const org = await createOrganization(db, 'Org')
      ws = (await createWorkspace(db, org.id, 'Shop')).id
    })
    afterAll(async () => {
      await db?.close()
    })

    test('changed orders queue one recomputation, which refreshes segments and forecasts', async () => {
      const orders: [string, string, string, string][] = [
        ['c1', 'o1', '2026-01-05', '10'],
        ['c1', 'o2', '2026-02-05', '20'],
        ['c2', 'o3', '2026-03-05', '30'],
      ]
      await importOrders(db, ws, orders)
      await importOrders(db, ws, [['c2', 'o4', '2026-03-20', '5']])
      expect(await pendingRefreshes(db, ws)).toHaveLength(1)

      // Re-importing the same orders changes nothing, so nothing more is queued.
      await db.query(sql`update jobs set run_at = now() where workspace_id = ${ws}`)
      const { handlers } = backgroundWork({ config: loadConfig({}), baseUrl: 'http://127.0.0.1' })
      const worker = createWorker({ db, handlers })
      expect(await worker.tick()).toBe(1)
      expect(await pendingRefreshes(db, ws)).toHaveLength(0)
      const again = await importOrders(db, ws, orders)
      expect(again.unchanged).toBe(3)
      expect(await pendingRefreshes(db, ws)).toHaveLength(0)

      const segments = await db.query<{ id: string; frequency: number }>(sql`select c.external_id as id,
        s.frequency::int as frequency from segment_results s join customers c on c.id = s.customer_id
        where s.workspace_id = ${ws} order by c.external_id`)
      expect(segments).toEqual([
        { id: 'c1', frequency: 2 },
        { id: 'c2', frequency: 2 },
      ])
      // Two customers are too few to fit the models: the fit is recorded as failed, with the reason.
      const fits = await db.query<{ status: string; error: string }>(
        sql`select status, error from forecast_fits where workspace_id = ${ws}`,
      )
      expect(fits).toEqual([
        {
          status: 'failed',
          error: expect.stringMatching(/at least 30 customers with purchases; there are 2$/),
        },
      ])
    })
  })
}
