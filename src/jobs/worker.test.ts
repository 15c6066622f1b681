import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import type { Job } from './job.js'
import { cancelJobs, claimJobs, enqueueJob, getJob } from './queries.js'
import { createWorker } from './worker.js'

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`jobs on ${driver.name}`, () => {
    let db: Db
    beforeAll(async () => {
      db = await driver.open()
    })
    afterAll(async () => {
      await db?.close()
    })

    test('a job runs once when due, and a second enqueue with the same dedupe key adds nothing', async () => {
      const seen: unknown[] = []
      const worker = createWorker({ db, handlers: { note: async (job) => void seen.push(job.payload.n) } })
      const first = await enqueueJob(db, { kind: 'note', payload: { n: 1 }, dedupeKey: 'note-1' })
      const again = await enqueueJob(db, { kind: 'note', payload: { n: 2 }, dedupeKey: 'note-1' })
      await enqueueJob(db, { kind: 'note', payload: { n: 3 }, runAt: new Date(Date.now() + 3_600_000) })
      expect(first).toBeDefined()
      expect(again).toBeUndefined()
      expect(await worker.tick()).toBe(1)
      expect(await worker.tick()).toBe(0)
      expect(seen).toEqual([1])
      expect((await getJob(db, first!.id))!.status).toBe('done')
    })

    test('a failing job is retried after a growing delay and fails for good after its last attempt', async () => {
      let calls = 0
      const worker = createWorker({
        db,
        handlers: {
          flaky: async () => {
            calls++
            throw new Error(`boom ${calls}`)
          },
        },
      })
      const job = await enqueueJob(db, { kind: 'flaky', maxAttempts: 2 })
      await worker.tick()
      const afterFirst = (await getJob(db, job!.id))!
      expect(afterFirst.status).toBe('pending')
      expect(afterFirst.lastError).toBe('boom 1')
      const [{ delay }] = (await db.query<{ delay: number }>(
        sql`select extract(epoch from run_at - now())::int as delay from jobs where id = ${job!.id}`,
      )) as [{ delay: number }]
      expect(delay).toBeGreaterThan(5)
      expect(delay).toBeLessThanOrEqual(10)
      // Not due yet: nothing runs.
      expect(await worker.tick()).toBe(0)
      await db.query(sql`update jobs set run_at = now() where id = ${job!.id}`)
      await worker.tick()
      const afterSecond = (await getJob(db, job!.id))!
      expect(afterSecond.status).toBe('failed')
      expect(afterSecond.attempts).toBe(2)
      expect(calls).toBe(2)
    })

    test('a cancelled job never runs; a job without handler fails instead of vanishing', async () => {
      const ran: string[] = []
      const worker = createWorker({ db, handlers: { keep: async (j: Job) => void ran.push(j.kind) } })
      const cancelled = await enqueueJob(db, { kind: 'keep', dedupeKey: 'cancel-me' })
      expect(await cancelJobs(db, ['cancel-me', 'unknown-key'])).toBe(1)
      const orphan = await enqueueJob(db, { kind: 'nobody-handles-this', maxAttempts: 1 })
      await worker.tick()
      expect(ran).toEqual([])
      expect((await getJob(db, cancelled!.id))!.status).toBe('cancelled')
      const failed = (await getJob(db, orphan!.id))!
      expect(failed.status).toBe('failed')
      expect(failed.lastError).toContain('nobody-handles-this')
    })

    test('a job whose runner died is claimed again once its lease ran out', async () => {
      const job = await enqueueJob(db, { kind: 'lease' })
      const [claimed] = await claimJobs(db, 1)
      expect(claimed!.id).toBe(job!.id)
      expect(await claimJobs(db, 1)).toEqual([])
      // Its lease ran out a second ago (a lease of 0 s could still be running within the clock's resolution).
      await db.query(sql`update jobs set locked_until = now() - interval '1 second' where id = ${job!.id}`)
      const [again] = await claimJobs(db, 1)
      expect(again!.id).toBe(job!.id)
      expect(again!.attempts).toBe(2)
      await db.query(sql`update jobs set status = 'done' where id = ${job!.id}`)
    })

    test('workers claiming at the same time on their own connections claim every job exactly once', async () => {
      const ids = new Set<string>()
      for (let i = 0; i < 200; i++) ids.add((await enqueueJob(db, { kind: 'race', maxAttempts: 1 }))!.id)
      const claims: string[] = []
      const claimer = async () => {
        for (;;) {
          const jobs = await claimJobs(db, 3)
          if (jobs.length === 0) return
          for (const job of jobs) if (job.kind === 'race') claims.push(job.id)
        }
      }
      // The PostgreSQL pool gives each claimer a connection of its own; PGlite takes them in turn.
      await Promise.all([claimer(), claimer(), claimer(), claimer()])
      expect(claims.length).toBe(ids.size)
      expect(new Set(claims)).toEqual(ids)
      await db.query(sql`update jobs set status = 'done' where kind = 'race'`)
    })

    test('a schedule runs once per time slot even when two workers tick', async () => {
      let runs = 0
      const schedule = { name: 'count', everySeconds: 3600, run: async () => void runs++ }
      const a = createWorker({ db, handlers: {}, schedules: [schedule] })
      const b = createWorker({ db, handlers: {}, schedules: [schedule] })
      await a.tick()
      await b.tick()
      await a.tick()
      expect(runs).toBe(1)
    })
  })
}
