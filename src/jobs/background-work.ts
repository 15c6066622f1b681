import type { Config } from '../config.js'
import { surveyDeliveryWork } from '../surveys/delivery-work.js'
import type { JobHandlers } from './job.js'
import { purgeFinishedJobs } from './purge.js'
import type { Schedule } from './worker.js'

export interface BackgroundContext {
  config: Config
  /** The server's public address, for links in messages. */
  baseUrl: string
}

type Work = { handlers: JobHandlers; schedules: Schedule[] }

/** Every capability's job handlers and schedules, as the server's worker runs them (one line each). */
export function backgroundWork(context: BackgroundContext): Work {
  const parts: Work[] = [
    { handlers: {}, schedules: [{ name: 'jobs.purge', everySeconds: 86_400, run: purgeFinishedJobs }] },
    surveyDeliveryWork(context),
  ]
  return {
    handlers: Object.assign({}, ...parts.map((p) => p.handlers)),
    schedules: parts.flatMap((p) => p.schedules),
  }
}
