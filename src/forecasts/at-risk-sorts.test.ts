import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { type client, setUp, testApp } from '../server/test-client.js'
import { insertHandFit } from './test-hand-fit.js'

// A fit's predictions written by hand (revenue, P(alive), P(alive) 30 days before, CLV) and their revenue at
// risk, revenue × (1 − P(alive)), worked out with factors exact in binary so that the ties are ties:
//   a Anna   100 × 0.5  = 50   before 0.9   CLV 50
//   b Boris  120 × 0.25 = 30   before 0.95  CLV 200   (P(alive) 0.75)
//   c Clara   40 × 0.75 = 30   before 0.6   no CLV    (P(alive) 0.25)
//   d Dora    64 × 0.5  = 32   before 0.8   CLV 10
//   e Eve   1000, P(alive) 0.99 up from 0.98: not at risk
const predictions = [
  ['a', 'Anna', '100', 0.5, 0.9, '50'],
  ['b', 'Boris', '120', 0.75, 0.95, '200'],
  ['c', 'Clara', '40', 0.25, 0.6, null],
  ['d', 'Dora', '64', 0.5, 0.8, '10'],
  ['e', 'Eve', '1000', 0.99, 0.98, '900'],
] as const

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`revenue at risk sorted on ${driver.name}`, () => {
    let db: Db
    let owner: ReturnType<typeof client>
    let base: string
    const ids = async (query: string) => {
      const page = await owner.json<{ items: { externalId: string }[] }>('GET', `${base}/at-risk?${query}`)
      expect(page.status, query).toBe(200)
      return page.body.items.map((i) => i.externalId)
    }

    beforeAll(async () => {
      let app: Awaited<ReturnType<typeof testApp>>['app']
      let ws: string
      ;({ app, db } = await testApp(await driver.open()))
      ;({ owner, workspaceId: ws } = await setUp(app))
      base = `/api/v1/workspaces/${ws}/forecasts`
      await owner.json('POST', `/api/v1/workspaces/${ws}/ingest/customers`, {
        records: predictions.map(([id, name]) => ({ customer_id: id, name })),
      })
      const customers = await db.query<{ id: string; externalId: string }>(
        sql`select id, external_id as "externalId" from customers where workspace_id = ${ws}`,
      )
      const idOf = new Map(customers.map((c) => [c.externalId, c.id]))
      await insertHandFit(
        db,
        ws,
        predictions.map(([id, , revenue, pAlive, pAliveBefore, clv]) => ({
          customerId: idOf.get(id)!,
          revenue,
          pAlive,
          pAliveBefore,
          clv,
        })),
      )
    })
    afterAll(async () => {
      await db.close()
    })

    test('unsorted, the largest revenue at risk comes first', async () => {
      expect(await ids('')).toEqual(['a', 'd', 'b', 'c'])
    })

    test('a column sorts both ways; ties go by external id in the same direction; no CLV comes last', async () => {
      expect(await ids('sort=revenue_at_risk&dir=asc')).toEqual(['b', 'c', 'd', 'a'])
      expect(await ids('sort=revenue_at_risk&dir=desc')).toEqual(['a', 'd', 'c', 'b'])
      expect(await ids('sort=p_alive')).toEqual(['c', 'a', 'd', 'b'])
      expect(await ids('sort=p_alive&dir=desc')).toEqual(['b', 'd', 'a', 'c'])
      expect(await ids('sort=clv&dir=asc')).toEqual(['d', 'a', 'b', 'c'])
      expect(await ids('sort=clv&dir=desc')).toEqual(['b', 'a', 'd', 'c'])
      expect(await ids('sort=p_alive_before&dir=desc')).toEqual(['b', 'a', 'd', 'c'])
      expect(await ids('sort=customer&dir=desc')).toEqual(['d', 'c', 'b', 'a'])
      expect(await ids('sort=revenue&dir=asc&limit=2&offset=1')).toEqual(['d', 'a'])
    })

    test('the CSV follows the same order', async () => {
      const csv = await owner.request('GET', `${base}/at-risk.csv?sort=clv&dir=desc`)
      const firstCells = (await csv.text())
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0])
      expect(firstCells).toEqual(['b', 'a', 'd', 'c'])
    })

    test('an unknown sort or direction is a 400 naming the field', async () => {
      for (const [path, field] of [
        ['/at-risk?sort=p.revenue', 'sort'],
        ['/at-risk?sort=clv&dir=sideways', 'dir'],
        ['/at-risk.csv?sort=email', 'sort'],
      ]) {
        const response = await owner.json<{ error: { details: { field: string }[] } }>(
          'GET',
          `${base}${path}`,
        )
        expect(response.status, path).toBe(400)
        expect(response.body.error.details[0]?.field).toBe(field)
      }
    })
  })
}
