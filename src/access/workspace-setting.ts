import type { z } from 'zod'
import type { Db } from '../db/db.js'
import type { ApiRouter } from '../http/api-router.js'
import { workspaceParams } from '../http/route-params.js'
import { audited } from './audit.js'
import { authorizeWorkspace } from './authenticate.js'

/** One workspace-wide setting: its path under the workspace, its schema, and how it is read and saved. */
export interface SettingSpec<S extends z.ZodType, B extends z.ZodType = S> {
  /** The path under `/workspaces/:workspaceId`, e.g. `/segments/settings`. */
  path: string
  tags: string[]
  summary: { read: string; change: string }
  /** What is in force, as read and as returned after a change. */
  schema: S
  /** What a change sends, when it differs from what is read (defaults to `schema`). */
  input?: B
  /** The audit entry's entity type (`segment_settings`). */
  entityType: string
  load: (db: Db, workspaceId: string) => Promise<z.output<S>>
  /** Saves the input and returns what is now in force (missing fields filled with their defaults). */
  save: (tx: Db, workspaceId: string, input: z.output<B>) => Promise<z.output<S>>
}

/**
 * GET and PUT of a workspace-wide setting. Every reader of the workspace may read it; changing it needs a
 * manager of the whole workspace (a setting reaches every unit, so a member limited to one may not change it),
 * and the change and its audit entry commit together.
 */
export function settingRoutes<S extends z.ZodType, B extends z.ZodType = S>(
  api: ApiRouter,
  spec: SettingSpec<S, B>,
): void {
  const path = `/workspaces/:workspaceId${spec.path}`
  api.route(
    {
      method: 'get',
      path,
      tags: spec.tags,
      params: workspaceParams,
      summary: spec.summary.read,
      response: spec.schema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json(await spec.load(c.var.db, access.workspaceId))
    },
  )
  api.route(
    {
      method: 'put',
      path,
      tags: spec.tags,
      params: workspaceParams,
      body: spec.input ?? spec.schema,
      summary: spec.summary.change,
      response: spec.schema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage', {
        wholeWorkspace: true,
      })
      const saved = await audited(
        c.var.db,
        (tx) => spec.save(tx, access.workspaceId, body as z.output<B>),
        (settings) => ({
          workspaceId: access.workspaceId,
          actor: access.actor,
          action: 'update',
          entityType: spec.entityType,
          details: { ...(settings as object) },
        }),
      )
      return c.json(saved)
    },
  )
}
