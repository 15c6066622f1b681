import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { testDrivers } from '../db/test-db.js'
import { type client, setUp, testApp } from '../server/test-client.js'
import { seedFourCustomers } from './test-four-customers.js'

// The segment customers list sorted on the server, on the four customers of test-four-customers.ts:
//   a Anna  loyal               frequency 3  last purchase Mar 5   A X
//   b       potential_loyalist  frequency 2  last purchase Mar 10  A Y
//   c       hibernating         frequency 1  last purchase Feb 1   A (no XYZ)
//   d       at_risk             frequency 3  last purchase Jan 21  B Z
for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`segment customers sorted on ${driver.name}`, () => {
    let db: Db
    let owner: ReturnType<typeof client>
    let base: string
    const ids = async (query: string) => {
      const page = await owner.json<{ items: { externalId: string }[] }>('GET', `${base}/customers?${query}`)
      expect(page.status, query).toBe(200)
      return page.body.items.map((i) => i.externalId)
    }

    beforeAll(async () => {
      let app: Awaited<ReturnType<typeof testApp>>['app']
      let ws: string
      ;({ app, db } = await testApp(await driver.open()))
      ;({ owner, workspaceId: ws } = await setUp(app))
      base = `/api/v1/workspaces/${ws}/segments`
      await seedFourCustomers(db, owner, ws)
      expect((await owner.json('POST', `${base}/recompute`, { asOf: '2024-04-01' })).status).toBe(200)
    })
    afterAll(async () => {
      await db.close()
    })

    test('a column sorts both ways; ties go by external id in the same direction', async () => {
      expect(await ids('sort=frequency&dir=asc')).toEqual(['c', 'b', 'a', 'd'])
      expect(await ids('sort=frequency&dir=desc')).toEqual(['d', 'a', 'b', 'c'])
      expect(await ids('sort=last_purchase&dir=desc')).toEqual(['b', 'a', 'c', 'd'])
      // Only a has a name: the nameless come last either way.
      expect(await ids('sort=name&dir=asc')).toEqual(['a', 'b', 'c', 'd'])
      expect(await ids('sort=name&dir=desc')).toEqual(['a', 'd', 'c', 'b'])
    })

    test('segments sort best first (the order of the segment list), ABC×XYZ by class then XYZ', async () => {
      expect(await ids('sort=segment')).toEqual(['a', 'b', 'd', 'c'])
      expect(await ids('sort=segment&dir=desc')).toEqual(['c', 'd', 'b', 'a'])
      expect(await ids('sort=abc_xyz')).toEqual(['c', 'a', 'b', 'd'])
    })

    test('the sort applies within the filter and before the page', async () => {
      expect(await ids('abc=A&sort=frequency&dir=desc&limit=2')).toEqual(['a', 'b'])
      expect(await ids('sort=frequency&dir=asc&limit=2&offset=2')).toEqual(['a', 'd'])
    })

    test('the CSV follows the same order', async () => {
      const csv = await owner.request('GET', `${base}/customers.csv?sort=frequency&dir=desc`)
      const firstCells = (await csv.text())
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0])
      expect(firstCells).toEqual(['d', 'a', 'b', 'c'])
    })

    test('an unknown sort or direction is a 400 naming the field', async () => {
      for (const [query, field] of [
        ['sort=monetary;drop', 'sort'],
        ['sort=id', 'sort'],
        ['sort=name&dir=up', 'dir'],
      ]) {
        const response = await owner.json<{ error: { details: { field: string }[] } }>(
          'GET',
          `${base}/customers?${query}`,
        )
        expect(response.status, query).toBe(400)
        expect(response.body.error.details[0]?.field).toBe(field)
      }
      const csv = await owner.request('GET', `${base}/customers.csv?sort=id`)
      expect(csv.status).toBe(400)
    })
  })
}
