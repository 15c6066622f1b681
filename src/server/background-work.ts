import { IMPORT_FILE_JOB, purgeImportRuns, runImportFile } from '../customers/import-runs.js'
import { ORDERS_CHANGED_JOB } from '../customers/orders-changed.js'
import { RECOMPUTE_THEMES_JOB, runThemeRecompute } from '../feedback/themes/recompute-themes.js'
import { refitForecasts } from '../forecasts/refit-forecasts.js'
import { responsesFileImport } from '../insights/response-file-import.js'
import type { JobHandler } from '../jobs/job.js'
import { purgeEndedRateLimitWindows, purgeFinishedJobs } from '../jobs/purge.js'
import { type BackgroundContext, type BackgroundWork, combineWork } from '../jobs/work.js'
import { buildPendingJourneyData } from '../journeys/path-builds.js'
import { expireAllDueLots } from '../loyalty/ledger.js'
import { loyaltyWork } from '../loyalty/loyalty-work.js'
import { evaluateAllTiers } from '../loyalty/tiers.js'
import { removeExpiredComments } from '../privacy/queries.js'
import { recomputeSegments } from '../segments/recompute-segments.js'
import { queueLostSegments, RESTORE_SEGMENTS_JOB, restoreSegments } from '../segments/restore-segments.js'
import { surveyDeliveryWork } from '../surveys/delivery-work.js'
import { caseBackgroundWork } from './case-wiring.js'
import { loyaltyThanks } from './loyalty-thanks.js'
import { surveySegments } from './survey-segments.js'

const importFileJob: JobHandler = async (job, db) => {
  const runId = job.payload.runId
  if (typeof runId === 'string') await runImportFile(db, runId, job.id, responsesFileImport)
}

// After an import the stored segments and forecasts describe old data: both are recomputed.
const refreshOrderAnalyses: JobHandler = async (job, db) => {
  if (!job.workspaceId) return
  await recomputeSegments(db, job.workspaceId)
  await refitForecasts(db, job.workspaceId)
}

/** Every capability's job handlers and schedules, as the server's worker runs them (one line each). */
export function backgroundWork(context: BackgroundContext): BackgroundWork {
  return combineWork([
    {
      handlers: {},
      schedules: [
        { name: 'jobs.purge', everySeconds: 86_400, run: purgeFinishedJobs },
        { name: 'rate-limits.purge', everySeconds: 3600, run: purgeEndedRateLimitWindows },
        {
          name: 'privacy.retention',
          everySeconds: 3_600,
          run: async (db) => void (await removeExpiredComments(db, new Date())),
        },
        {
          name: 'loyalty.expiry',
          everySeconds: 3_600,
          run: async (db) => void (await expireAllDueLots(db, new Date())),
        },
        {
          name: 'loyalty.tiers',
          everySeconds: 86_400,
          run: async (db) => void (await evaluateAllTiers(db, new Date())),
        },
      ],
    },
    surveyDeliveryWork({ ...context, segments: surveySegments }),
    caseBackgroundWork(context),
    loyaltyWork({ thanks: loyaltyThanks(context) }),
    { handlers: { [ORDERS_CHANGED_JOB]: refreshOrderAnalyses }, schedules: [] },
    {
      handlers: { [IMPORT_FILE_JOB]: importFileJob },
      schedules: [
        { name: 'imports.purge', everySeconds: 86_400, run: async (db) => void (await purgeImportRuns(db)) },
      ],
    },
    {
      handlers: {
        [RECOMPUTE_THEMES_JOB]: async (job, db) => runThemeRecompute(db, job.payload.runId, job.id),
      },
      schedules: [],
    },
    {
      handlers: {},
      schedules: [{ name: 'journeys.build', everySeconds: 30, run: buildPendingJourneyData }],
    },
    {
      handlers: { [RESTORE_SEGMENTS_JOB]: restoreSegments },
      schedules: [
        { name: 'segments.restore', everySeconds: 60, run: async (db) => void (await queueLostSegments(db)) },
      ],
    },
  ])
}
