import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi'
import { serveStatic } from '@hono/node-server/serve-static'
import { type Context, Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import type { Config } from '../config.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'
import { ApiRouter, openApiDocument } from './api-router.js'
import type { AppEnv } from './app-env.js'
import { HttpError, httpErrorOf } from './errors.js'
import { refuseUnsafeUrl } from './refuse-unsafe-url.js'
import { addSecurityHeaders, refuseCrossSiteBody } from './security-headers.js'

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const defaultWebDir = join(projectRoot, 'web/dist')

/** Adds one capability's routes to the app and returns what the OpenAPI document says of them. */
export type RegisterRoutes = (app: Hono<AppEnv>) => { registry: OpenAPIRegistry }

export interface HttpAppOptions {
  db: Db
  config: Config
  webDir?: string
  /** The time the rate limits count by (tests move it on). */
  now?: () => Date
}

/**
 * The HTTP plumbing around the capabilities' routes: context, error mapping, health, the OpenAPI document,
 * the API's 404 and the dashboard's static files. The routes come in, in order, from the composition root.
 */
export function createHttpApp(options: HttpAppOptions & { routes: readonly RegisterRoutes[] }): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const now = options.now ?? (() => new Date())
  // One middleware around every request rather than one per concern: each layer costs a closure and a promise
  // on every request.
  app.use(async (c, next) => {
    c.set('db', options.db)
    c.set('config', options.config)
    c.set('now', now)
    try {
      refuseUnsafeUrl(c)
      refuseCrossSiteBody(c)
    } catch (thrown) {
      const refused = errorResponse(thrown, c)
      addSecurityHeaders(refused.headers)
      return refused
    }
    await next()
    addSecurityHeaders(c.res.headers)
    return undefined
  })
  app.onError(errorResponse)

  const registries = [healthRoute(app).registry, ...options.routes.map((register) => register(app).registry)]
  // Made at the first request for it, not at every start: it is a tenth of a second of CPU, and the tests
  // create an app per file or more.
  let document: object | undefined
  app.get('/api/openapi.json', (c) => {
    document ??= openApiDocument(registries)
    return c.json(document)
  })
  app.all('/api/*', (c) =>
    c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404),
  )
  serveDashboard(app, options.webDir ?? defaultWebDir)
  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404),
  )
  return app
}

/** The JSON error response for what a handler threw; anything unexpected is logged and hidden behind a 500. */
function errorResponse(thrown: unknown, c: Context<AppEnv>): Response {
  const error = thrown instanceof DomainError ? httpErrorOf(thrown) : thrown
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
}

function healthRoute(app: Hono<AppEnv>): ApiRouter {
  const health = new ApiRouter(app, '/api')
  health.route(
    {
      method: 'get',
      path: '/health',
      tags: ['system'],
      summary: 'Liveness and database kind',
      public: true,
      response: z.object({ ok: z.boolean(), database: z.string() }),
    },
    async (c) => {
      await c.var.db.query(sql`select 1`)
      return c.json({ ok: true, database: c.var.db.kind })
    },
  )
  return health
}

function serveDashboard(app: Hono<AppEnv>, webDir: string): void {
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
}
