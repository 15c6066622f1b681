import type { Hono } from 'hono'
import { accessRoutes } from '../access/routes.js'
import { customerRoutes } from '../customers/routes.js'
import { loadDemo } from '../demo/load-demo.js'
import { feedbackRoutes } from '../feedback/routes.js'
import { forecastRoutes } from '../forecasts/routes.js'
import type { AppEnv } from '../http/app-env.js'
import { createHttpApp, defaultWebDir, type HttpAppOptions, type RegisterRoutes } from '../http/http-app.js'
import { insightRoutes } from '../insights/routes.js'
import { loyaltyRoutes } from '../loyalty/routes.js'
import { privacyRoutes } from '../privacy/routes.js'
import { segmentRoutes } from '../segments/routes.js'
import { surveyDeliveryRoutes } from '../surveys/delivery-routes.js'
import { surveyRoutes } from '../surveys/routes.js'
import { caseRoutesFor } from './case-wiring.js'
import { surveySegments } from './survey-segments.js'

/** The whole HTTP surface: every capability's routes (one line each) inside the HTTP plumbing. */
export function createApp(options: HttpAppOptions): Hono<AppEnv> {
  const { db, config } = options
  const webDir = options.webDir ?? defaultWebDir
  const routes: RegisterRoutes[] = [
    (app) => accessRoutes(app, { loadDemo: async (ws) => void (await loadDemo(db, ws)) }),
    (app) => customerRoutes(app),
    (app) => forecastRoutes(app),
    (app) => surveyDeliveryRoutes(app, { segments: surveySegments }),
    (app) => surveyRoutes(app, { webDir }),
    (app) => feedbackRoutes(app, { rateLimitPerMinute: config.RAPPORT_SURVEY_RATE_LIMIT }),
    (app) => segmentRoutes(app),
    (app) => privacyRoutes(app),
    (app) => insightRoutes(app),
    (app) => loyaltyRoutes(app),
    (app) => caseRoutesFor(app, config),
  ]
  return createHttpApp({ ...options, webDir, routes })
}
