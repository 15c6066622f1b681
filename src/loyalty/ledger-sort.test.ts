import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { setUp, type TestClient, testApp } from '../server/test-client.js'

// Five entries worked by hand, written in the order s1…s5 (so their seqs rise). Points as the ledger shows them:
// a credit adds, every other kind takes away.
//   entry  kind      points  at
//   s1     credit    +100    Jan 1
//   s2     debit      −30    Jan 3
//   s3     credit     +50    Jan 2
//   s4     expiry     −30    Jan 3   (ties s2 on time and on points)
//   s5     reversal   −10    Jan 4
const orders: Record<string, string[]> = {
  '': ['s5', 's4', 's3', 's2', 's1'],
  'sort=at&dir=asc': ['s1', 's3', 's2', 's4', 's5'],
  'sort=at&dir=desc': ['s5', 's4', 's2', 's3', 's1'],
  'sort=points&dir=asc': ['s2', 's4', 's5', 's3', 's1'],
  'sort=points&dir=desc': ['s1', 's3', 's5', 's4', 's2'],
  'sort=kind': ['s1', 's3', 's2', 's4', 's5'],
}

type Page = { entries: { sourceId: string }[]; nextBefore: string | null }

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`a member's ledger sorted on ${driver.name}`, () => {
    let db: Db
    let owner: TestClient
    let url: string
    const page = async (query: string) => (await owner.json<Page>('GET', `${url}?${query}`)).body

    beforeAll(async () => {
      const made = await testApp(await driver.open())
      db = made.db
      let ws: string
      ;({ owner, workspaceId: ws } = await setUp(made.app))
      const [customer] = await db.query<{ id: string }>(sql`insert into customers (workspace_id, external_id)
        values (${ws}, 'm-1') returning id`)
      url = `/api/v1/workspaces/${ws}/loyalty/members/${customer?.id}/entries`
      const [member] = await db.query<{
        id: string
      }>(sql`insert into loyalty_members (workspace_id, customer_id)
        values (${ws}, ${customer?.id}) returning id`)
      const entries: [string, string, number, string][] = [
        ['s1', 'credit', 100, '2026-01-01'],
        ['s2', 'debit', 30, '2026-01-03'],
        ['s3', 'credit', 50, '2026-01-02'],
        ['s4', 'expiry', 30, '2026-01-03'],
        ['s5', 'reversal', 10, '2026-01-04'],
      ]
      for (const [source, kind, points, at] of entries)
        await db.query(sql`insert into loyalty_entries (workspace_id, member_id, kind, points, source_type, source_id, at)
          values (${ws}, ${member?.id}, ${kind}, ${points}, 'test', ${source}, ${new Date(at)})`)
    })
    afterAll(async () => {
      await db?.close()
    })

    test('each order in one page: newest first unless sorted, ties by seq in the same direction', async () => {
      for (const [query, expected] of Object.entries(orders))
        expect(
          (await page(query)).entries.map((e) => e.sourceId),
          query,
        ).toEqual(expected)
    })

    test('walked one entry at a time with nextBefore, each order gives the same entries, ties included', async () => {
      for (const [query, expected] of Object.entries(orders)) {
        const seen: string[] = []
        let before: string | null = null
        do {
          const p: Page = await page(`${query}&limit=1${before ? `&before=${before}` : ''}`)
          seen.push(...p.entries.map((e) => e.sourceId))
          before = p.nextBefore
        } while (before && seen.length <= expected.length)
        expect(seen, query).toEqual(expected)
      }
    })

    test('a sort that is not a column is a 400 naming sort', async () => {
      const response = await owner.json<{ error: { details: { field: string }[] } }>(
        'GET',
        `${url}?sort=reason`,
      )
      expect(response.status).toBe(400)
      expect(response.body.error.details[0]?.field).toBe('sort')
    })
  })
}
