import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import type { JobHandlers } from './job.js'
import { claimJobs, completeJob, failJob } from './queries.js'

/** Work that runs every `everySeconds` on exactly one worker, whichever claims the time slot first. */
export interface Schedule {
  name: string
  everySeconds: number
  run(db: Db): Promise<void>
}

export interface WorkerOptions {
  db: Db
  handlers: JobHandlers
  schedules?: readonly Schedule[]
  pollMs?: number
  batchSize?: number
  onError?: (error: unknown) => void
}

export interface Worker {
  /** Runs the due schedules and jobs once; resolves with the number of jobs run. */
  tick(): Promise<number>
  /** Stops polling and waits for the running tick to finish. */
  stop(): Promise<void>
}

/** Creates a worker without starting it (tests call tick() themselves). */
export function createWorker(options: WorkerOptions): Worker {
  const { db, handlers } = options
  const batchSize = options.batchSize ?? 10
  let current: Promise<number> = Promise.resolve(0)
  let stopped = false

  // The slot each schedule was last checked for: within a slot, no need to ask the database again.
  const checked = new Map<string, number>()

  async function runSchedules(): Promise<void> {
    for (const schedule of options.schedules ?? []) {
      const slotMs = Math.floor(Date.now() / 1000 / schedule.everySeconds) * schedule.everySeconds * 1000
      if (checked.get(schedule.name) === slotMs) continue
      checked.set(schedule.name, slotMs)
      const slot = new Date(slotMs)
      const name = `schedule:${schedule.name}`
      const claimed = await db.query(sql`insert into job_cursors (name, position) values (${name}, ${slot})
        on conflict (name) do update set position = excluded.position where job_cursors.position < excluded.position
        returning name`)
      if (claimed.length > 0) await schedule.run(db)
    }
  }

  async function runJobs(): Promise<number> {
    let ran = 0
    for (;;) {
      if (stopped) return ran
      const jobs = await claimJobs(db, batchSize)
      if (jobs.length === 0) return ran
      for (const job of jobs) {
        const handler = handlers[job.kind]
        try {
          if (!handler) throw new Error(`no handler for job kind ${job.kind}`)
          await handler(job, db)
          await completeJob(db, job.id)
        } catch (error) {
          await failJob(db, job, error instanceof Error ? error.message : String(error))
        }
        ran++
      }
    }
  }

  return {
    tick() {
      current = current
        .catch(() => 0)
        .then(async () => {
          await runSchedules()
          return runJobs()
        })
      return current
    },
    async stop() {
      stopped = true
      await current.catch(() => 0)
    },
  }
}

/** Starts a worker that ticks every pollMs until stopped. */
export function startWorker(options: WorkerOptions): Worker {
  const worker = createWorker(options)
  const onError = options.onError ?? ((error) => console.error('job worker:', error))
  let timer: NodeJS.Timeout | undefined
  let running = true
  const loop = () => {
    worker
      .tick()
      .catch(onError)
      .finally(() => {
        if (running) timer = setTimeout(loop, options.pollMs ?? 1000)
      })
  }
  loop()
  return {
    tick: () => worker.tick(),
    async stop() {
      running = false
      if (timer) clearTimeout(timer)
      await worker.stop()
    },
  }
}
