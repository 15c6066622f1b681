import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from './db.js'
import { sql } from './sql.js'
import { testDrivers } from './test-db.js'
import { tidyTable } from './tidy-table.js'

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`tidyTable on ${driver.name}`, () => {
    let db: Db
    beforeAll(async () => {
      db = await driver.open()
    })
    afterAll(async () => {
      await db?.close()
    })

    test('analyzes a table without statistics or much rewritten, and vacuums one with many rows deleted', async () => {
      const counted = async () =>
        (
          await db.query<{ rows: number }>(
            sql`select reltuples::float8 as rows from pg_class where relname = 'tidied'`,
          )
        )[0]?.rows
      await db.query(sql`create table tidied (v int)`)
      await db.query(sql`insert into tidied select generate_series(1, 2000)`)
      expect(await tidyTable(db, 'tidied', { inserted: 2000, deleted: 0 })).toBe('analyzed')
      expect(await counted()).toBe(2000)
      // 50 + 10 % of 2,000 is 250.
      await db.query(sql`insert into tidied select generate_series(1, 200)`)
      expect(await tidyTable(db, 'tidied', { inserted: 200, deleted: 0 })).toBe('left')
      expect(await counted()).toBe(2000)
      await db.query(sql`insert into tidied select generate_series(1, 100)`)
      expect(await tidyTable(db, 'tidied', { inserted: 300, deleted: 0 })).toBe('analyzed')
      expect(await counted()).toBe(2300)
      // 50 + 20 % of 2,300 is 510; 600 rows are left (300 + 200 + 100).
      await db.query(sql`delete from tidied where v > 300`)
      expect(await tidyTable(db, 'tidied', { inserted: 0, deleted: 1700 })).toBe('vacuumed')
      expect(await counted()).toBe(600)
      const [dead] = await db.query<{ dead: number }>(
        sql`select n_dead_tup::int as dead from pg_stat_user_tables where relname = 'tidied'`,
      )
      expect(dead?.dead ?? 0).toBe(0)
    })
  })
}
