import type { Config } from '../config.js'
import type { JobHandlers } from './job.js'
import type { Schedule } from './worker.js'

/** What a capability's background work may read when the composition root builds it. */
export interface BackgroundContext {
  config: Config
  /** The server's public address, for links in messages. */
  baseUrl: string
}

/** A capability's job handlers (by kind) and schedules, as a worker runs them. */
export interface BackgroundWork {
  handlers: JobHandlers
  schedules: Schedule[]
}

/** Joins the parts into the one set of handlers and schedules a worker runs. */
export function combineWork(parts: readonly BackgroundWork[]): BackgroundWork {
  return {
    handlers: Object.assign({}, ...parts.map((p) => p.handlers)),
    schedules: parts.flatMap((p) => p.schedules),
  }
}
