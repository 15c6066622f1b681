import type { Hono } from 'hono'
import { z } from 'zod'
import { audited } from '../../access/audit.js'
import { authorizeWorkspace } from '../../access/authenticate.js'
import { ApiRouter } from '../../http/api-router.js'
import type { AppEnv } from '../../http/app-env.js'
import { csvDownload } from '../../http/csv-download.js'
import { badRequest, notFound } from '../../http/errors.js'
import { startThemeRecompute } from './recompute-themes.js'
import {
  getStoredThemes,
  getThemeEdits,
  latestThemeRuns,
  saveThemeEdit,
  themeVerbatims,
} from './theme-queries.js'
import {
  themeEditBody,
  themeEditSchema,
  themeParams,
  themeRunSchema,
  themesParams,
  themeTableQuery,
  themeTableSchema,
  verbatimPageSchema,
  verbatimQuery,
} from './theme-schemas.js'
import { getThemeTable, themeKeysOf } from './theme-table.js'

const toFilter = (q: {
  language?: 'en' | 'uk' | 'ru' | 'pl' | 'lv'
  touchpoint?: string
  from?: Date
  to?: Date
}) => ({
  language: q.language,
  touchpoint: q.touchpoint,
  from: q.from,
  to: q.to,
})

/** Comment themes: the table with sentiment and detractor separation, verbatims, the analyst's edits, recomputation. */
export function themeRoutes(app: Hono<AppEnv>): ApiRouter {
  const api = new ApiRouter(app, '/api/v1')
  const tags = ['comment themes']

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/themes',
      tags,
      params: themesParams,
      query: themeTableQuery,
      summary: 'Comment themes with counts, sentiment and how they separate detractors from promoters',
      response: themeTableSchema,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json(await getThemeTable(c.var.db, access, toFilter(query), query.nameLanguage))
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/themes.csv',
      tags,
      params: themesParams,
      query: themeTableQuery,
      responseType: 'text/csv',
      response: z.string(),
      summary: 'The theme table as CSV',
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const table = await getThemeTable(c.var.db, access, toFilter(query), query.nameLanguage)
      const header = [
        'key',
        'name',
        'comments',
        'share',
        'positive',
        'negative',
        'neutral',
        'mean_sentiment',
        'detractors',
        'promoters',
        'lift',
        'log_odds',
        'se',
        'z',
        'pinned',
        'merged',
        'phrases',
      ]
      async function* rows() {
        yield table.themes
      }
      return csvDownload(c, 'themes.csv', header, rows(), (t) => [
        t.key,
        t.name,
        t.comments,
        t.share.toFixed(4),
        t.positive,
        t.negative,
        t.neutral,
        t.meanSentiment.toFixed(3),
        t.separation.detractors,
        t.separation.promoters,
        t.separation.lift === null ? '' : t.separation.lift.toFixed(3),
        t.separation.logOdds.toFixed(3),
        t.separation.se.toFixed(3),
        t.separation.z.toFixed(2),
        t.pinned,
        t.merged.join(';'),
        t.phrases.map((p) => p.surface).join(';'),
      ])
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/themes/:themeKey/verbatims',
      tags,
      params: themeParams,
      query: verbatimQuery,
      summary: "A theme's comments (with those of themes merged into it), newest first",
      response: verbatimPageSchema,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const { limit, offset, polarity, ...filter } = query
      const keys = await themeKeysOf(c.var.db, access.workspaceId, params.themeKey)
      const page = await themeVerbatims(
        c.var.db,
        access,
        keys,
        { ...toFilter(filter), polarity },
        { limit, offset },
      )
      return c.json({ ...page, limit, offset })
    },
  )

  api.route(
    {
      method: 'patch',
      path: '/workspaces/:workspaceId/themes/:themeKey',
      tags,
      params: themeParams,
      body: themeEditBody,
      summary: 'Rename, pin or merge a theme; kept when themes are recomputed',
      response: themeEditSchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write', {
        wholeWorkspace: true,
      })
      const db = c.var.db
      const known = new Set((await getStoredThemes(db, access.workspaceId)).map((t) => t.key))
      if (!known.has(params.themeKey)) throw notFound('theme')
      if (body.mergedInto !== undefined && body.mergedInto !== null) {
        if (body.mergedInto === params.themeKey)
          throw badRequest('mergedInto: a theme cannot merge into itself')
        if (!known.has(body.mergedInto)) throw badRequest('mergedInto: no such theme')
      }
      await audited(
        db,
        (tx) => saveThemeEdit(tx, access.workspaceId, params.themeKey, body, access.actor.userId),
        {
          workspaceId: access.workspaceId,
          actor: access.actor,
          action: 'update',
          entityType: 'comment_theme',
          entityId: params.themeKey,
          details: body,
        },
      )
      const edit = (await getThemeEdits(db, access.workspaceId)).find((e) => e.key === params.themeKey)
      return c.json({
        key: params.themeKey,
        name: edit?.name ?? null,
        pinned: edit?.pinned ?? false,
        mergedInto: edit?.mergedInto ?? null,
      })
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/theme-runs',
      tags,
      params: themesParams,
      status: 202,
      summary: 'Recompute the themes of every comment (a background job; follow it in the runs)',
      response: themeRunSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write', {
        wholeWorkspace: true,
      })
      const run = await audited(
        c.var.db,
        (tx) => startThemeRecompute(tx, access.workspaceId, access.actor.userId),
        (r) => ({
          workspaceId: access.workspaceId,
          actor: access.actor,
          action: 'recompute',
          entityType: 'comment_theme_run',
          entityId: r.id,
        }),
      )
      return c.json(run, 202)
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/theme-runs',
      tags,
      params: themesParams,
      summary: 'The latest recomputations with their progress, newest first',
      response: z.object({ items: z.array(themeRunSchema) }),
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json({ items: await latestThemeRuns(c.var.db, access.workspaceId, 10) })
    },
  )
  return api
}
