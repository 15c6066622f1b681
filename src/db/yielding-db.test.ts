import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from './db.js'
import { sql } from './sql.js'
import { testDrivers } from './test-db.js'
import { yieldingDb } from './yielding-db.js'

for (const driver of testDrivers)
  describe.skipIf(!(await driver.available()))(`yieldingDb on ${driver.name}`, () => {
    let db: Db
    beforeAll(async () => {
      db = await driver.open()
    })
    afterAll(async () => {
      await db.close()
    })

    test('a timer set before a chain of 50 statements fires before the chain ends', async () => {
      const slow = yieldingDb(db)
      let done = 0
      let doneWhenFired = -1
      setTimeout(() => {
        doneWhenFired = done
      }, 0)
      for (let i = 0; i < 50; i++) {
        await slow.query(sql`select ${i}::int as i`)
        done++
      }
      expect(doneWhenFired).toBeGreaterThanOrEqual(0)
      expect(doneWhenFired).toBeLessThan(50)
    })

    test('statements in a transaction still roll back together', async () => {
      const slow = yieldingDb(db)
      await slow.exec('create table yielding_probe (n int)')
      await expect(
        slow.transaction(async (tx) => {
          await tx.query(sql`insert into yielding_probe values (1)`)
          throw new Error('undo')
        }),
      ).rejects.toThrow('undo')
      expect(await slow.query(sql`select count(*)::int as n from yielding_probe`)).toEqual([{ n: 0 }])
    })
  })
