import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Hono } from 'hono'
import { cors } from 'hono/cors'
import { z } from 'zod'
import { ApiRouter } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { SMALL_BODY_LIMIT } from '../http/body-limit.js'
import { HttpError } from '../http/errors.js'
import { requestPublicOrigin } from '../http/public-origin.js'
import { widgetAnswerSchema, widgetProgramsSchema } from './delivery-responses.js'
import type { SegmentMembership } from './programs/audience.js'
import { listWidgetPrograms } from './programs/programs.sql.js'
import { askWidget } from './widget/ask-widget.js'
import { widgetTokenExpiresTooLate, widgetTokenMaxDays } from './widget/widget-token.js'

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
/** Where `npm run build` puts the widget bundle. */
export const widgetBundlePath = join(projectRoot, 'dist/widget/widget.js')

const wsParams = z.object({ workspaceId: z.uuid() })

/** The widget's public side: widget.js itself, the armed triggers, and the server's decision to ask. */
export function widgetRoutes(app: Hono<AppEnv>, options: { segments: SegmentMembership }): ApiRouter {
  // Called from any site, without cookies: plain CORS, and POSTs as text/plain to avoid a preflight.
  app.use('/api/public/widget/*', cors({ origin: '*', allowMethods: ['GET', 'POST'], maxAge: 86_400 }))
  app.get('/widget.js', (c) => {
    if (!existsSync(widgetBundlePath)) return c.text('// widget.js is not built: run `npm run build`', 503)
    return c.body(readFileSync(widgetBundlePath, 'utf8'), 200, {
      'content-type': 'application/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
    })
  })

  const api = new ApiRouter(app, '/api/public/widget')
  const tags = ['survey widget']
  api.route(
    {
      method: 'get',
      path: '/:workspaceId/programs',
      tags,
      params: wsParams,
      public: true,
      summary: "The workspace's widget programs: when to ask (page view, event, delay, exit intent)",
      response: widgetProgramsSchema,
    },
    async (c, { params }) => {
      const programs = await listWidgetPrograms(c.var.db, params.workspaceId)
      return c.json({ programs: programs.map((p) => ({ id: p.id, ...p.widget })) })
    },
  )
  api.route(
    {
      method: 'post',
      path: '/:workspaceId/ask',
      tags,
      params: wsParams,
      public: true,
      body: z.object({
        programId: z.uuid(),
        customer: z.string().min(1).max(200),
        token: z
          .string()
          .min(1)
          .max(200)
          .refine((token) => !widgetTokenExpiresTooLate(token), {
            message: `must expire within ${widgetTokenMaxDays} days`,
          }),
        lang: z.string().max(20).optional(),
      }),
      bodyLimit: SMALL_BODY_LIMIT,
      summary: 'Whether to show a survey to this signed customer now; the server applies every fatigue rule',
      response: widgetAnswerSchema,
    },
    async (c, { params, body }) => {
      const baseUrl = requestPublicOrigin(c)
      const answer = await askWidget(
        c.var.db,
        { workspaceId: params.workspaceId, ...body, baseUrl },
        options.segments,
      )
      if ('error' in answer)
        throw new HttpError(401, 'bad_token', 'token: not signed for this customer, or expired')
      return c.json(answer)
    },
  )
  return api
}
