import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import { loadConfig } from '../config.js'
import { Importer } from '../customers/importer.js'
import { noteOrdersChanged } from '../customers/orders-changed.js'
import { orderRecordSchema } from '../customers/records.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { enqueueJob } from '../jobs/queries.js'
import { createWorker } from '../jobs/worker.js'
import { currentResults } from '../segments/current-results.js'
import { recomputeSegments } from '../segments/recompute-segments.js'
import { newProgramSchema } from '../surveys/programs/program.js'
import { createProgram } from '../surveys/programs/programs.sql.js'
import { DELIVER_JOB } from '../surveys/programs/scan-events.js'
import { deliveryWorkspace } from '../surveys/programs/test-delivery.js'
import { backgroundWork } from './background-work.js'

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
      const [run] = await db.query<{ ok: boolean }>(sql`select started_at <= finished_at as ok from jobs
        where workspace_id = ${ws} and kind = 'customers.orders-changed' and status = 'done'`)
      expect(run).toEqual({ ok: true })
      const again = await importOrders(db, ws, orders)
      expect(again.unchanged).toBe(3)
      expect(await pendingRefreshes(db, ws)).toHaveLength(0)

      const segments = await db.query<{ id: string; frequency: number }>(sql`select c.external_id as id,
        s.frequency::int as frequency from ${currentResults(ws)} s join customers c on c.id = s.customer_id
        order by c.external_id`)
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

    test('on a busy workspace the next refresh rests as long as the last one took', async () => {
      const org = await createOrganization(db, 'Busy')
      const busy = (await createWorkspace(db, org.id, 'Busy shop')).id
      // Seconds from now until the pending refresh may run (a slow machine may have taken a while since).
      const waits = async (expected: number) => {
        const seconds = await wait()
        expect(seconds).toBeLessThanOrEqual(expected + 0.01)
        expect(seconds).toBeGreaterThan(expected - 3)
      }
      const wait = async () => {
        await noteOrdersChanged(db, busy)
        const [job] = await db.query<{
          seconds: number
        }>(sql`select extract(epoch from run_at - now())::float8
          as seconds from jobs where workspace_id = ${busy} and status = 'pending'`)
        await db.query(
          sql`update jobs set status = 'cancelled' where workspace_id = ${busy} and status = 'pending'`,
        )
        return job!.seconds
      }
      await waits(5)
      // The last refresh took 90 s and ended 10 s ago: the next waits 80 s more.
      await db.query(sql`insert into jobs (workspace_id, kind, status, started_at, finished_at)
        values (${busy}, 'customers.orders-changed', 'done', now() - interval '100 seconds', now() - interval '10 seconds')`)
      await waits(80)
      // One running for 30 s should end in 60 s, and rest 90 s after that.
      await db.query(sql`insert into jobs (workspace_id, kind, status, started_at)
        values (${busy}, 'customers.orders-changed', 'running', now() - interval '30 seconds')`)
      await waits(150)
    })
  })

  describe.skipIf(!(await driver.available()))(`a worker without the HTTP app on ${driver.name}`, () => {
    let db: Db
    beforeAll(async () => {
      db = await driver.open()
    })
    afterAll(async () => {
      await db?.close()
    })

    test('invites the customers of a segment-targeted program, and only them', async () => {
      const ws = await deliveryWorkspace(db, [
        { externalId: 'BIG', name: 'Big spender' },
        { externalId: 'SMALL', name: 'Small spender' },
      ])
      // BIG brings 99 % of the revenue, so ABC puts BIG in class A and SMALL in class C.
      await importOrders(db, ws.workspaceId, [
        ['BIG', 'o1', '2026-01-05', '900'],
        ['BIG', 'o2', '2026-02-05', '1100'],
        ['SMALL', 'o3', '2026-02-10', '10'],
      ])
      await recomputeSegments(db, ws.workspaceId)
      const program = await createProgram(
        db,
        ws.workspaceId,
        newProgramSchema.parse({
          name: 'Class A after delivery',
          surveyId: ws.surveyId,
          channel: 'email',
          triggerEvent: 'order_delivered',
          respectQuietHours: false,
          audience: { segmentId: 'abc:A' },
        }),
      )
      for (const customer of ['BIG', 'SMALL'])
        await enqueueJob(db, {
          workspaceId: ws.workspaceId,
          kind: DELIVER_JOB,
          payload: {
            programId: program.id,
            workspaceId: ws.workspaceId,
            customerId: ws.customerIds[customer],
            eventId: crypto.randomUUID(),
          },
        })

      // The worker is built as `rapport serve` builds it, but no HTTP app is ever created.
      const { handlers } = backgroundWork({ config: loadConfig({}), baseUrl: 'http://127.0.0.1' })
      const worker = createWorker({ db, handlers })
      while ((await worker.tick()) > 0) {}

      const invited = await db.query<{ externalId: string }>(sql`select c.external_id as "externalId"
        from invitations i join customers c on c.id = i.customer_id where i.program_id = ${program.id}`)
      expect(invited).toEqual([{ externalId: 'BIG' }])
      const failed = await db.query(sql`select kind, last_error from jobs
        where workspace_id = ${ws.workspaceId} and status <> 'done' and kind = ${DELIVER_JOB}`)
      expect(failed).toEqual([])
    })
  })
}
