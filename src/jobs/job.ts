import { z } from 'zod'
import type { Db } from '../db/db.js'

export const jobStatusSchema = z.enum(['pending', 'running', 'done', 'failed', 'cancelled'])
export type JobStatus = z.infer<typeof jobStatusSchema>

export interface Job {
  id: string
  workspaceId: string | null
  kind: string
  payload: Record<string, unknown>
  runAt: Date
  status: JobStatus
  attempts: number
  maxAttempts: number
  dedupeKey: string | null
  lastError: string | null
}

/** Runs one job; throwing schedules a retry with backoff until max attempts. */
export type JobHandler = (job: Job, db: Db) => Promise<void>

/** The handlers a worker runs, by job kind. */
export type JobHandlers = Readonly<Record<string, JobHandler>>

/** Seconds to wait before retry number `attempt` (1-based): 10 s, 20 s, 40 s … capped at one hour. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(10 * 2 ** (attempt - 1), 3600)
}
