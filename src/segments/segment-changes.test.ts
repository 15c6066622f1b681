import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import { createEndpoint } from '../cases/webhooks.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { recomputeSegments } from './recompute-segments.js'
import { seedOrders } from './test-seed-orders.js'

// A segment run that changes a customer's segment queues one customer.segment_changed event per endpoint that
// wants it, in the outbox, with the segment before and after; a run that changes nothing queues none.

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`segment changes on ${driver.name}`, () => {
    let db: Db
    let workspaceId: string

    beforeAll(async () => {
      db = await driver.open()
      const org = await createOrganization(db, 'Org')
      workspaceId = (await createWorkspace(db, org.id, 'Shop')).id
      await seedOrders(db, workspaceId, [
        ['a', '2026-01-05', '10.00'],
        ['a', '2026-02-05', '12.00'],
        ['b', '2025-03-01', '500.00'],
        ['c', '2026-02-20', '30.00'],
      ])
    })
    afterAll(async () => {
      await db.close()
    })

    const outbox = () =>
      db.query<{ body: string; endpoint: string }>(sql`select body, endpoint_id::text as endpoint
        from webhook_outbox where workspace_id = ${workspaceId} and event_type = 'customer.segment_changed'
        order by endpoint_id`)

    test('the first run announces nobody; a changed segment is announced once per endpoint that wants it', async () => {
      const wants = await createEndpoint(db, workspaceId, {
        url: 'https://hooks.example.com/a',
        kind: 'json',
        events: ['customer.segment_changed'],
      })
      await createEndpoint(db, workspaceId, {
        url: 'https://hooks.example.com/b',
        kind: 'json',
        events: ['case.opened'],
      })
      await recomputeSegments(db, workspaceId, { asOf: '2026-03-01' })
      expect(await outbox()).toHaveLength(0)
      // The same orders and date again: every segment stays, nothing is queued.
      await recomputeSegments(db, workspaceId, { asOf: '2026-03-01' })
      expect(await outbox()).toHaveLength(0)
      // Customer a's current result is said to have been in another segment: the next run moves a back.
      const [a] = await db.query<{
        segment: string
        id: string
      }>(sql`select s.segment, c.id from segment_results s
        join segment_generations g on g.workspace_id = s.workspace_id and g.generation = s.generation
        join customers c on c.id = s.customer_id where c.external_id = 'a' and c.workspace_id = ${workspaceId}`)
      await db.query(sql`update segment_results set segment = 'Formerly elsewhere'
        where workspace_id = ${workspaceId} and customer_id = ${a!.id}`)
      await recomputeSegments(db, workspaceId, { asOf: '2026-03-01' })
      const queued = await outbox()
      expect(queued).toHaveLength(1)
      expect(queued[0]!.endpoint).toBe(wants.id)
      const event = JSON.parse(queued[0]!.body)
      expect(event).toMatchObject({
        type: 'customer.segment_changed',
        workspaceId,
        data: {
          customerId: a!.id,
          externalId: 'a',
          from: 'Formerly elsewhere',
          to: a!.segment,
          asOf: '2026-03-01',
        },
      })
    })
  })
}
