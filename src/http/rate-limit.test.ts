import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { secondPool, testDrivers } from '../db/test-db.js'
import { purgeEndedRateLimitWindows } from '../jobs/purge.js'
import { countHits, forgetHits, type RateLimitRule, refundHits } from './rate-limit.js'

const perMinute: RateLimitRule = { bucket: 'test.minute', limit: 3, windowSeconds: 60 }
const perHour: RateLimitRule = { bucket: 'test.hour', limit: 5, windowSeconds: 3600 }
const at = (time: string) => new Date(`2026-03-02T${time}Z`)

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`rate limits on ${driver.name}`, () => {
    let db: Db
    let other: Db

    beforeAll(async () => {
      db = await driver.open()
      other = await secondPool(db)
    })

    afterAll(async () => {
      await other.close()
      await db.close()
    })

    test('a key gets its limit per window; the next window starts afresh', async () => {
      const verdicts = []
      for (let i = 0; i < 4; i++)
        verdicts.push(await countHits(db, [{ rule: perMinute, key: 'a' }], at('10:00:20')))
      expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false])
      expect(verdicts[3]?.retryAfterSeconds).toBe(40)
      expect((await countHits(db, [{ rule: perMinute, key: 'b' }], at('10:00:59'))).allowed).toBe(true)
      expect((await countHits(db, [{ rule: perMinute, key: 'a' }], at('10:01:00'))).allowed).toBe(true)
    })

    test('several rules are counted at once, and the wait is for the longest window exceeded', async () => {
      const hits = [
        { rule: perMinute, key: 'c' },
        { rule: perHour, key: 'c' },
      ]
      const verdicts = []
      for (const minute of ['10:00', '10:00', '10:00', '10:00', '10:01', '10:01']) {
        verdicts.push(await countHits(db, hits, at(`${minute}:30`)))
      }
      // The fourth waits for the minute's end; the sixth, past the hour's limit, for the hour's end at 11:00.
      expect(verdicts.map((v) => v.retryAfterSeconds)).toEqual([0, 0, 0, 30, 0, 58 * 60 + 30])
    })

    test('one call may count one rule for several keys', async () => {
      const hits = [
        { rule: perMinute, key: 'f' },
        { rule: perMinute, key: 'g' },
      ]
      for (let i = 0; i < 3; i++) await countHits(db, [hits[0]!], at('10:30:00'))
      expect((await countHits(db, hits, at('10:30:10'))).allowed).toBe(false)
      expect((await countHits(db, [hits[1]!], at('10:30:20'))).allowed).toBe(true)
    })

    test('parallel hits from two pools on one database are all counted', async () => {
      const rule = { bucket: 'test.parallel', limit: 10, windowSeconds: 60 }
      const verdicts = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          countHits(i % 2 ? other : db, [{ rule, key: 'p' }], at('10:00:00')),
        ),
      )
      expect(verdicts.filter((v) => v.allowed)).toHaveLength(10)
    })

    test('a refunded hit and forgotten windows give the budget back', async () => {
      const hit = { rule: perMinute, key: 'd' }
      for (let i = 0; i < 3; i++) await countHits(db, [hit], at('11:00:00'))
      await refundHits(db, [hit], at('11:00:10'))
      expect((await countHits(db, [hit], at('11:00:20'))).allowed).toBe(true)
      expect((await countHits(db, [hit], at('11:00:20'))).allowed).toBe(false)
      await forgetHits(db, [perMinute], 'd')
      expect((await countHits(db, [hit], at('11:00:30'))).allowed).toBe(true)
    })

    test('a limit of 0 counts nothing and refuses nothing', async () => {
      const rule = { bucket: 'test.off', limit: 0, windowSeconds: 60 }
      for (let i = 0; i < 3; i++)
        expect((await countHits(db, [{ rule, key: 'e' }], at('12:00:00'))).allowed).toBe(true)
      const rows = await db.query(sql`select 1 from rate_limits where bucket = 'test.off'`)
      expect(rows).toHaveLength(0)
    })

    test('keys are stored hashed', async () => {
      await countHits(db, [{ rule: perMinute, key: 'someone@example.com' }], at('12:00:00'))
      const rows = await db.query<{ key: string }>(sql`select key from rate_limits`)
      expect(rows.some((row) => row.key.includes('someone'))).toBe(false)
    })

    test('the purge deletes the windows that have ended and keeps the current ones', async () => {
      const rule = { bucket: 'test.purge', limit: 3, windowSeconds: 60 }
      const now = new Date()
      await countHits(db, [{ rule, key: 'current' }], now)
      await countHits(db, [{ rule, key: 'old' }], new Date(now.getTime() - 120_000))
      await purgeEndedRateLimitWindows(db)
      const left = await db.query<{ ended: boolean; count: number }>(
        sql`select window_end <= now() as ended, count from rate_limits where bucket = 'test.purge'`,
      )
      expect(left).toEqual([{ ended: false, count: 1 }])
    })
  })
}
