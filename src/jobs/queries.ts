import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { type Job, retryDelaySeconds } from './job.js'

const jobColumns = sql.raw(`id, workspace_id as "workspaceId", kind, payload, run_at as "runAt", status,
  attempts, max_attempts as "maxAttempts", dedupe_key as "dedupeKey", last_error as "lastError"`)

export interface NewJob {
  kind: string
  payload?: Record<string, unknown>
  workspaceId?: string | null
  runAt?: Date
  dedupeKey?: string
  maxAttempts?: number
}

/**
 * Adds a job; with a dedupe key already used, nothing is added and undefined is returned.
 * @example await enqueueJob(db, { kind: 'segments.recompute', workspaceId, dedupeKey: `recompute:${importId}` })
 */
export async function enqueueJob(db: Db, job: NewJob): Promise<Job | undefined> {
  const [row] =
    await db.query<Job>(sql`insert into jobs (workspace_id, kind, payload, run_at, dedupe_key, max_attempts)
    values (${job.workspaceId ?? null}, ${job.kind}, ${JSON.stringify(job.payload ?? {})}::jsonb,
      ${job.runAt ?? new Date()}, ${job.dedupeKey ?? null}, ${job.maxAttempts ?? 5})
    on conflict (dedupe_key) do nothing
    returning ${jobColumns}`)
  return row
}

/** Cancels the pending jobs with these dedupe keys; returns how many were cancelled. */
export async function cancelJobs(db: Db, dedupeKeys: readonly string[]): Promise<number> {
  if (dedupeKeys.length === 0) return 0
  const rows = await db.query(sql`update jobs set status = 'cancelled', finished_at = now()
    where dedupe_key = any(${dedupeKeys}::text[]) and status = 'pending' returning id`)
  return rows.length
}

/**
 * Claims up to `limit` due jobs (and jobs whose runner died: running past their lease).
 * SKIP LOCKED lets several workers on one PostgreSQL share the queue; PGlite has one connection,
 * where it simply finds nothing locked.
 */
export async function claimJobs(db: Db, limit: number, leaseSeconds = 300): Promise<Job[]> {
  return db.query<Job>(sql`update jobs set status = 'running', attempts = attempts + 1, started_at = now(),
      locked_until = now() + make_interval(secs => ${leaseSeconds})
    where id in (
      select id from jobs
      where (status = 'pending' and run_at <= now()) or (status = 'running' and locked_until < now())
      order by run_at, id limit ${limit}
      for update skip locked)
    returning ${jobColumns}`)
}

export async function completeJob(db: Db, id: string): Promise<void> {
  await db.query(sql`update jobs set status = 'done', finished_at = now(), locked_until = null
    where id = ${id} and status = 'running'`)
}

/** Records a failure: back to pending after a backoff, or failed for good after the last attempt. */
export async function failJob(db: Db, job: Job, error: string): Promise<void> {
  if (job.attempts >= job.maxAttempts) {
    await db.query(sql`update jobs set status = 'failed', last_error = ${error}, finished_at = now(),
      locked_until = null where id = ${job.id} and status = 'running'`)
    return
  }
  await db.query(sql`update jobs set status = 'pending', last_error = ${error}, locked_until = null,
      run_at = now() + make_interval(secs => ${retryDelaySeconds(job.attempts)})
    where id = ${job.id} and status = 'running'`)
}

export async function getJob(db: Db, id: string): Promise<Job | undefined> {
  const [row] = await db.query<Job>(sql`select ${jobColumns} from jobs where id = ${id}`)
  return row
}

export async function findJobByDedupeKey(db: Db, dedupeKey: string): Promise<Job | undefined> {
  const [row] = await db.query<Job>(sql`select ${jobColumns} from jobs where dedupe_key = ${dedupeKey}`)
  return row
}

/** Keeps a long job claimed: its lease runs another `seconds` from now (while it reports progress). */
export async function extendJobLease(db: Db, id: string, seconds: number): Promise<void> {
  await db.query(sql`update jobs set locked_until = now() + make_interval(secs => ${seconds})
    where id = ${id} and status = 'running'`)
}
