import type { Hono } from 'hono'
import { accessRoutes } from '../access/routes.js'
import { countOpenCasesByTouchpoint } from '../cases/touchpoint-cases.js'
import { customerRoutes } from '../customers/routes.js'
import { demoRoutes } from '../demo/routes.js'
import { diagnosisRoutes } from '../feedback/diagnosis/routes.js'
import { driverRoutes } from '../feedback/drivers/routes.js'
import { feedbackRoutes } from '../feedback/routes.js'
import { themeRoutes } from '../feedback/themes/routes.js'
import { forecastRoutes } from '../forecasts/routes.js'
import type { AppEnv } from '../http/app-env.js'
import { createHttpApp, defaultWebDir, type HttpAppOptions, type RegisterRoutes } from '../http/http-app.js'
import { responsesFileImport } from '../insights/response-file-import.js'
import { insightRoutes } from '../insights/routes.js'
import { journeyRoutes } from '../journeys/routes.js'
import { engagedAtLeast } from '../loyalty/engagement.js'
import { loyaltyRoutes } from '../loyalty/routes.js'
import { privacyRoutes } from '../privacy/routes.js'
import { currentResults } from '../segments/current-results.js'
import { inSegment } from '../segments/queries.js'
import { segmentRoutes } from '../segments/routes.js'
import { surveyDeliveryRoutes } from '../surveys/delivery-routes.js'
import { missingSmtpMailer, smtpMailer } from '../surveys/email/mailer.js'
import { surveyRoutes } from '../surveys/routes.js'
import { caseRoutesFor } from './case-wiring.js'
import { insightRevenueAtRisk } from './insight-forecasts.js'
import { loadDemoWithStatus } from './load-demo-with-status.js'
import { loopRoutesFor } from './loop-wiring.js'
import { surveySegments } from './survey-segments.js'

/** The whole HTTP surface: every capability's routes (one line each) inside the HTTP plumbing. */
export function createApp(options: HttpAppOptions): Hono<AppEnv> {
  const { db, config } = options
  const webDir = options.webDir ?? defaultWebDir
  const routes: RegisterRoutes[] = [
    (app) =>
      accessRoutes(app, {
        loadDemo: (ws) => loadDemoWithStatus(db, ws),
        mail: {
          configured: Boolean(config.SMTP_URL),
          serverFrom: config.SMTP_FROM,
          send: config.SMTP_URL ? smtpMailer(config.SMTP_URL, config.SMTP_FROM) : missingSmtpMailer,
        },
      }),
    (app) => demoRoutes(app),
    (app) =>
      customerRoutes(app, {
        segmentCondition: inSegment,
        engagementCondition: engagedAtLeast,
        responsesImport: responsesFileImport,
      }),
    (app) => forecastRoutes(app),
    (app) => surveyDeliveryRoutes(app, { segments: surveySegments }),
    (app) => surveyRoutes(app, { webDir }),
    (app) => feedbackRoutes(app, { rateLimitPerMinute: config.RAPPORT_SURVEY_RATE_LIMIT }),
    (app) => themeRoutes(app),
    (app) => segmentRoutes(app),
    (app) => driverRoutes(app, { segmentResults: currentResults }),
    // The diagnosis reads the segments' current RFM scores: feedback may not import segments (see diagnosis.sql.ts).
    (app) => diagnosisRoutes(app, { segmentResults: currentResults }),
    (app) => privacyRoutes(app),
    (app) => insightRoutes(app, { revenueAtRisk: insightRevenueAtRisk }),
    (app) => loyaltyRoutes(app),
    (app) => caseRoutesFor(app, config),
    (app) => loopRoutesFor(app, config),
    (app) => journeyRoutes(app, { openCases: countOpenCasesByTouchpoint }),
  ]
  return createHttpApp({ ...options, webDir, routes })
}
