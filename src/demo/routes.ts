import type { Hono } from 'hono'
import { authorizeWorkspace } from '../access/authenticate.js'
import { ApiRouter } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { workspaceParams } from '../http/route-params.js'
import { demoStatusSchema, getDemoStatus } from './demo-status.js'

/** Whether the workspace's demo data is still loading, so that the dashboard can say so and refresh after. */
export function demoRoutes(app: Hono<AppEnv>): ApiRouter {
  const api = new ApiRouter(app, '/api/v1')
  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/demo-status',
      tags: ['demo'],
      params: workspaceParams,
      summary: 'Whether the demo data of the workspace is still loading, and at which step',
      response: demoStatusSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json(getDemoStatus(access.workspaceId))
    },
  )
  return api
}
