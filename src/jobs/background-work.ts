import type { Config } from '../config.js'
import type { JobHandlers } from './job.js'
import { purgeFinishedJobs } from './purge.js'
import type { Schedule } from './worker.js'

export interface BackgroundContext {
  config: Config
  /** The server's public address, for links in messages. */
  baseUrl: string
}

/** Every capability's job handlers and schedules, as the server's worker runs them (one line each). */
export function backgroundWork(context: BackgroundContext): { handlers: JobHandlers; schedules: Schedule[] } {
  void context
  const handlers: Record<string, JobHandlers[string]> = {}
  const schedules: Schedule[] = [{ name: 'jobs.purge', everySeconds: 86_400, run: purgeFinishedJobs }]
  return { handlers, schedules }
}
