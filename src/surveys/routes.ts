import type { Hono } from 'hono'
import QRCode from 'qrcode'
import { z } from 'zod'
import { audited, recordAudit } from '../access/audit.js'
import { authorizeWorkspace } from '../access/authenticate.js'
import { customerInUnit } from '../access/unit-scope.js'
import { isUuid } from '../db/is-uuid.js'
import { ApiRouter } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { badRequest, HttpError, notFound } from '../http/errors.js'
import { requestPublicOrigin } from '../http/public-origin.js'
import { paramsWith, workspaceParams } from '../http/route-params.js'
import { dbDate, textMap } from '../http/schema-bounds.js'
import { surveyArchiveRoutes } from './archive-routes.js'
import { DefinitionError, languageSchema, parseDefinition } from './definition.js'
import { estimateSeconds, MAX_RECOMMENDED_SECONDS } from './estimate-time.js'
import { createInvitation, surveyPageUrl } from './invitations.js'
import { publicSurveyPages } from './public-page.js'
import { forgetSurvey } from './survey-cache.js'
import {
  createdInvitationSchema,
  presentSurvey,
  surveyEstimateSchema,
  surveyListSchema,
  surveySchema,
  surveyTemplatesSchema,
  surveyVersionSchema,
} from './survey-responses.js'
import {
  createSurvey,
  deleteSurvey,
  duplicateSurvey,
  getSurvey,
  getSurveyVersion,
  listSurveys,
  npsKindSchema,
  surveyStatusSchema,
  updateSurvey,
} from './surveys.js'
import { findTemplate, surveyTemplates } from './templates.js'

const touchpointSchema = z.string().trim().min(1).max(100)

const createBody = z.union([
  z.object({
    template: z.string(),
    name: z.string().trim().min(1).max(200).optional(),
    touchpoint: touchpointSchema.optional(),
  }),
  z.object({
    name: z.string().trim().min(1).max(200),
    touchpoint: touchpointSchema,
    npsKind: npsKindSchema,
    definition: z.unknown(),
  }),
])
/** What PUT /surveys/:surveyId takes: the settings to change and the new definition (parsed in the handler). */
export const surveyChangesSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  touchpoint: touchpointSchema.optional(),
  npsKind: npsKindSchema.optional(),
  status: surveyStatusSchema.optional(),
  anonymousLink: z.boolean().optional(),
  definition: z.unknown().optional(),
})

function definitionError(error: unknown): never {
  if (error instanceof DefinitionError) {
    const issues = error.issues.map((i) => ({ field: `definition.${i.field}`, message: i.message }))
    throw badRequest(issues.map((i) => `${i.field}: ${i.message}`).at(0) ?? 'invalid definition', issues)
  }
  throw error
}

/** Surveys in the dashboard (list, templates, builder, QR, personal links) and the public survey pages. */
export function surveyRoutes(app: Hono<AppEnv>, options: { webDir: string }): ApiRouter {
  publicSurveyPages(app, options)
  const api = new ApiRouter(app, '/api/v1')
  const tags = ['surveys']

  api.route(
    {
      method: 'get',
      path: '/survey-templates',
      tags,
      public: true,
      summary: 'The templates to start a survey from',
      response: surveyTemplatesSchema,
    },
    async (c) =>
      c.json(
        surveyTemplates.map((t) => ({
          ...t,
          estimatedSeconds: estimateSeconds(parseDefinition(t.definition)),
        })),
      ),
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/surveys',
      tags,
      params: workspaceParams,
      query: z.object({
        archived: z.enum(['true', 'false']).optional().describe('true: the archived surveys instead'),
      }),
      summary: 'Surveys with response counts (the archived ones with archived=true)',
      response: surveyListSchema,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const items = await listSurveys(c.var.db, access.workspaceId, { archived: query.archived === 'true' })
      return c.json({
        items: items.map((s) => ({ ...s, estimateWarning: s.estimatedSeconds > MAX_RECOMMENDED_SECONDS })),
      })
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/surveys',
      tags,
      params: workspaceParams,
      body: createBody,
      status: 201,
      summary: 'Create a survey from a template or from a definition',
      response: surveySchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      let input: Parameters<typeof createSurvey>[2]
      if ('template' in body) {
        const template = findTemplate(body.template)
        if (!template)
          throw badRequest(`body: template: no template ${body.template}`, [
            { field: 'template', message: 'no such template' },
          ])
        input = {
          name: body.name ?? template.name.en!,
          touchpoint: body.touchpoint ?? template.touchpoint,
          npsKind: template.npsKind,
          definition: template.definition,
          template: template.key,
        }
      } else input = body
      const survey = await audited(
        c.var.db,
        (tx) => createSurvey(tx, access.workspaceId, input, access.actor.userId),
        (created) => ({
          ...access,
          action: 'survey.create',
          entityType: 'survey',
          entityId: created.id,
          details: { template: input.template ?? null },
        }),
      ).catch(definitionError)
      return c.json(presentSurvey(survey), 201)
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/surveys/:surveyId',
      tags,
      params: paramsWith('surveyId'),
      summary: 'One survey with its current definition',
      response: surveySchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      if (!isUuid(params.surveyId)) throw notFound('survey')
      const survey = await getSurvey(c.var.db, access.workspaceId, params.surveyId)
      if (!survey) throw notFound('survey')
      return c.json(presentSurvey(survey))
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/surveys/:surveyId/versions/:version',
      tags,
      params: paramsWith('surveyId').extend({ version: z.coerce.number().int().min(1).max(2_147_483_647) }),
      summary: 'One version of a survey: the definition its answers were given to',
      response: surveyVersionSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      if (!isUuid(params.surveyId)) throw notFound('survey')
      const survey = await getSurvey(c.var.db, access.workspaceId, params.surveyId)
      const definition = survey && (await getSurveyVersion(c.var.db, survey.id, params.version))
      if (!survey || !definition) throw notFound('survey version')
      return c.json({ surveyId: survey.id, version: params.version, definition })
    },
  )

  api.route(
    {
      method: 'put',
      path: '/workspaces/:workspaceId/surveys/:surveyId',
      tags,
      params: paramsWith('surveyId'),
      body: surveyChangesSchema,
      summary: 'Edit a survey; a changed definition becomes a new version',
      response: surveySchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      if (!isUuid(params.surveyId)) throw notFound('survey')
      const surveyId = params.surveyId
      const survey = await audited(
        c.var.db,
        async (tx) => {
          const updated = await updateSurvey(tx, access.workspaceId, surveyId, body, access.actor.userId)
          if (!updated) throw notFound('survey')
          return updated
        },
        (updated) => ({
          ...access,
          action: 'survey.update',
          entityType: 'survey',
          entityId: updated.id,
          details: { version: updated.currentVersion },
        }),
      ).catch(definitionError)
      forgetSurvey(survey.slug)
      return c.json(presentSurvey(survey))
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/surveys/:surveyId/duplicate',
      tags,
      params: paramsWith('surveyId'),
      status: 201,
      summary: 'Copy a survey (its current version) as a new draft',
      response: surveySchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      if (!isUuid(params.surveyId)) throw notFound('survey')
      const sourceId = params.surveyId
      const copy = await audited(
        c.var.db,
        async (tx) => {
          const created = await duplicateSurvey(tx, access.workspaceId, sourceId, access.actor.userId)
          if (!created) throw notFound('survey')
          return created
        },
        (created) => ({
          ...access,
          action: 'survey.duplicate',
          entityType: 'survey',
          entityId: created.id,
          details: { from: sourceId },
        }),
      )
      return c.json(presentSurvey(copy), 201)
    },
  )

  api.route(
    {
      method: 'delete',
      path: '/workspaces/:workspaceId/surveys/:surveyId',
      tags,
      params: paramsWith('surveyId'),
      status: 204,
      summary: 'Delete a survey nobody has answered (an answered one is closed instead: 409)',
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      if (!isUuid(params.surveyId)) throw notFound('survey')
      const surveyId = params.surveyId
      const outcome = await c.var.db.transaction(async (tx) => {
        const result = await deleteSurvey(tx, access.workspaceId, surveyId)
        if (result === 'deleted')
          await recordAudit(tx, {
            ...access,
            action: 'survey.delete',
            entityType: 'survey',
            entityId: surveyId,
          })
        return result
      })
      if (outcome === 'missing') throw notFound('survey')
      if (outcome === 'answered')
        throw new HttpError(409, 'conflict', 'survey: it has responses; close it instead of deleting it')
      return c.body(null, 204)
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/survey-estimate',
      tags,
      params: workspaceParams,
      body: z.object({ definition: z.unknown() }),
      summary: 'Check a definition and estimate its completion time, without saving',
      response: surveyEstimateSchema,
    },
    async (c, { params, body }) => {
      await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      try {
        const seconds = estimateSeconds(parseDefinition(body.definition))
        return c.json({
          valid: true,
          issues: [],
          estimatedSeconds: seconds,
          estimateWarning: seconds > MAX_RECOMMENDED_SECONDS,
        })
      } catch (error) {
        if (!(error instanceof DefinitionError)) throw error
        return c.json({ valid: false, issues: error.issues, estimatedSeconds: null, estimateWarning: false })
      }
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/surveys/:surveyId/qr.svg',
      tags,
      params: paramsWith('surveyId'),
      query: z.object({ lang: languageSchema.optional(), mode: z.enum(['conversation']).optional() }),
      responseType: 'image/svg+xml',
      response: z.string(),
      summary: 'A QR code (SVG) of the anonymous link',
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      if (!isUuid(params.surveyId)) throw notFound('survey')
      const survey = await getSurvey(c.var.db, access.workspaceId, params.surveyId)
      if (!survey) throw notFound('survey')
      const url = surveyPageUrl({ baseUrl: requestPublicOrigin(c), slug: survey.slug, ...query })
      const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
      return c.body(svg, 200, { 'content-type': 'image/svg+xml' })
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/surveys/:surveyId/invitations',
      tags,
      params: paramsWith('surveyId'),
      body: z.object({
        customerId: z.uuid().nullable().default(null),
        channel: z.enum(['link', 'email', 'widget', 'conversation']).default('link'),
        language: languageSchema.optional(),
        expiresAt: dbDate().optional(),
        hidden: textMap(20).default({}),
      }),
      status: 201,
      summary: 'A personal link (signed, single-use) for one customer',
      response: createdInvitationSchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      if (!isUuid(params.surveyId)) throw notFound('survey')
      const survey = await getSurvey(c.var.db, access.workspaceId, params.surveyId)
      if (!survey) throw notFound('survey')
      // A customer outside the writer's org unit is answered as one that does not exist.
      if (body.customerId && !(await customerInUnit(c.var.db, access, body.customerId)))
        throw badRequest('body: customerId: no such customer', [
          { field: 'customerId', message: 'no such customer' },
        ])
      for (const key of Object.keys(body.hidden))
        if (!survey.definition.hiddenFields.includes(key))
          throw badRequest(`body: hidden.${key}: not a hidden field of this survey`, [
            { field: `hidden.${key}`, message: 'not a hidden field of this survey' },
          ])
      const created = await createInvitation(c.var.db, {
        workspaceId: access.workspaceId,
        surveyId: survey.id,
        ...body,
        baseUrl: requestPublicOrigin(c),
      }).catch((error: Error) => {
        if (/not found/.test(error.message))
          throw badRequest('body: customerId: no such customer', [
            { field: 'customerId', message: 'no such customer' },
          ])
        throw error
      })
      return c.json({ invitation: created.invitation, url: created.url }, 201)
    },
  )
  surveyArchiveRoutes(api)
  return api
}
