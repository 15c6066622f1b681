import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { accessRoutes } from '../access/routes.js'
import type { Config } from '../config.js'
import { customerRoutes } from '../customers/routes.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { loadDemo } from '../demo/load-demo.js'
import { feedbackRoutes } from '../feedback/routes.js'
import { forecastRoutes } from '../forecasts/routes.js'
import { loyaltyRoutes } from '../loyalty/routes.js'
import { privacyRoutes } from '../privacy/routes.js'
import { segmentRoutes } from '../segments/routes.js'
import { isInSegment, isSegmentName } from '../segments/segment-membership.js'
import { surveyDeliveryRoutes } from '../surveys/delivery-routes.js'
import { registerSegmentMembership } from '../surveys/programs/segment-membership.js'
import { surveyRoutes } from '../surveys/routes.js'
import { ApiRouter, openApiDocument } from './api-router.js'
import type { AppEnv } from './app-env.js'
import { HttpError } from './errors.js'

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const defaultWebDir = join(projectRoot, 'web/dist')

/** The whole HTTP surface: API, OpenAPI document, dashboard and (later) public survey pages. */
export function createApp(options: {
  db: Db
  config: Config
  webDir?: string
  /** The time the rate limits count by (tests move it on). */
  now?: () => Date
}): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const now = options.now ?? (() => new Date())
  app.use(async (c, next) => {
    c.set('db', options.db)
    c.set('config', options.config)
    c.set('now', now)
    await next()
  })
  app.onError((error, c) => {
    if (error instanceof HttpError) {
      return c.json(
        { error: { code: error.code, message: error.message, details: error.details } },
        error.status,
        error.headers,
      )
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json({ error: { code: 'invalid_request', message: error.message } }, error.status)
    }
    console.error(error)
    return c.json({ error: { code: 'internal', message: 'internal error; it has been logged' } }, 500)
  })

  const registries: OpenAPIRegistry[] = []
  const health = new ApiRouter(app, '/api')
  health.route(
    { method: 'get', path: '/health', tags: ['system'], summary: 'Liveness and database kind', public: true },
    async (c) => {
      await c.var.db.query(sql`select 1`)
      return c.json({ ok: true, database: c.var.db.kind })
    },
  )
  registries.push(health.registry)
  registries.push(
    accessRoutes(app, {
      loadDemo: async (ws) => {
        await loadDemo(options.db, ws)
      },
    }).registry,
  )
  registries.push(customerRoutes(app).registry)
  registries.push(forecastRoutes(app).registry)
  registries.push(surveyDeliveryRoutes(app).registry)
  registries.push(surveyRoutes(app, { webDir: options.webDir ?? defaultWebDir }).registry)
  registries.push(
    feedbackRoutes(app, { rateLimitPerMinute: options.config.RAPPORT_SURVEY_RATE_LIMIT }).registry,
  )
  registries.push(segmentRoutes(app).registry)
  registries.push(privacyRoutes(app).registry)
  registries.push(loyaltyRoutes(app).registry)
  // Survey programs may choose their audience by segment.
  registerSegmentMembership(isInSegment, isSegmentName)

  const document = openApiDocument(registries)
  app.get('/api/openapi.json', (c) => c.json(document))
  app.all('/api/*', (c) =>
    c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404),
  )

  const webDir = options.webDir ?? defaultWebDir
  if (existsSync(join(webDir, 'index.html'))) {
    const index = readFileSync(join(webDir, 'index.html'), 'utf8')
    app.use(
      '/*',
      serveStatic({ root: webDir.startsWith('/') ? webDir : `./${webDir}`, rewriteRequestPath: (p) => p }),
    )
    // The dashboard routes in the browser: any other GET gets the app shell.
    app.get('*', (c) => c.html(index))
  } else {
    app.get('*', (c) => c.text('The dashboard is not built: run `npm run build`.', 503))
  }
  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404),
  )
  return app
}
