import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { testDrivers } from '../db/test-db.js'
import { setUp, type TestClient, testApp } from '../server/test-client.js'

const DAY = 86_400_000
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString()

// Four acts worked by hand (Ann and Bob are members, cid is not and has no name; referral 50, review 20):
//   act  customer  kind      occurred     points
//   k1   Ann       review    2 days ago   20
//   k2   Bob       referral  4 days ago   50
//   k3   cid       referral  3 days ago    0
//   k4   Bob       review    3 days ago   20   (k3 and k4 at the same moment)
// Ties go by act id; a uuid's order is its lowercase hex text's.

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`thank-you queue sorted on ${driver.name}`, () => {
    let db: Db
    let owner: TestClient
    let ws: string
    const ids: Record<string, string> = {}
    const url = (path: string) => `/api/v1/workspaces/${ws}/loyalty${path}`
    const list = async (query: string) => {
      const names = new Map(Object.entries(ids).map(([k, v]) => [v, k]))
      return (
        await owner.json<{ items: { id: string }[] }>('GET', url(`/acts/waiting?${query}`))
      ).body.items.map((a) => names.get(a.id))
    }
    /** Two acts that tie, in ascending id order. */
    const byId = (a: string, b: string) => ((ids[a] ?? '') < (ids[b] ?? '') ? [a, b] : [b, a])

    beforeAll(async () => {
      const made = await testApp(await driver.open())
      db = made.db
      ;({ owner, workspaceId: ws } = await setUp(made.app))
      await owner.json('POST', `/api/v1/workspaces/${ws}/ingest/customers`, {
        records: [
          { customer_id: 'ann', name: 'Ann' },
          { customer_id: 'bob', name: 'Bob' },
          { customer_id: 'cid' },
        ],
      })
      const customers = await owner.json<{ items: { id: string; externalId: string }[] }>(
        'GET',
        `/api/v1/workspaces/${ws}/customers?limit=500`,
      )
      const customer = Object.fromEntries(customers.body.items.map((c) => [c.externalId, c.id]))
      for (const member of ['ann', 'bob'])
        expect((await owner.json('POST', url('/members'), { customerId: customer[member] })).status).toBe(201)
      await owner.json('PUT', url('/act-rules'), { points: { referral: 50, review: 20 } })
      const threeDaysAgo = ago(3)
      const acts: [string, string, string, string][] = [
        ['k1', 'ann', 'review', ago(2)],
        ['k2', 'bob', 'referral', ago(4)],
        ['k3', 'cid', 'referral', threeDaysAgo],
        ['k4', 'bob', 'review', threeDaysAgo],
      ]
      for (const [name, who, kind, occurredAt] of acts) {
        const made = await owner.json<{ id: string }>('POST', url('/acts'), {
          customerId: customer[who],
          kind,
          sourceId: name,
          occurredAt,
        })
        expect(made.status).toBe(201)
        ids[name] = made.body.id
      }
    })
    afterAll(async () => {
      await db?.close()
    })

    test('unsorted: oldest first, acts of the same moment by id', async () => {
      expect(await list('')).toEqual(['k2', ...byId('k3', 'k4'), 'k1'])
      expect(await list('sort=occurred&dir=desc')).toEqual(['k1', ...byId('k3', 'k4').reverse(), 'k2'])
    })

    test('by points both ways, equal points by id in the same direction; paged with offset', async () => {
      expect(await list('sort=points&dir=asc')).toEqual(['k3', ...byId('k1', 'k4'), 'k2'])
      expect(await list('sort=points&dir=desc')).toEqual(['k2', ...byId('k1', 'k4').reverse(), 'k3'])
      expect(await list('sort=points&dir=desc&limit=2&offset=2')).toEqual([byId('k1', 'k4')[0], 'k3'])
    })

    test('by customer (the name, else the external id) and by kind', async () => {
      expect(await list('sort=customer')).toEqual(['k1', ...byId('k2', 'k4'), 'k3'])
      expect(await list('sort=kind&dir=desc')).toEqual([
        ...byId('k1', 'k4').reverse(),
        ...byId('k2', 'k3').reverse(),
      ])
    })

    test('a sort that is not a column is a 400 naming sort', async () => {
      const response = await owner.json<{ error: { details: { field: string }[] } }>(
        'GET',
        url('/acts/waiting?sort=note'),
      )
      expect(response.status).toBe(400)
      expect(response.body.error.details[0]?.field).toBe('sort')
    })
  })
}
