import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi'
import type { Hono } from 'hono'
import { z } from 'zod'
import { audited } from '../access/audit.js'
import { authorizeWorkspace } from '../access/authenticate.js'
import { orgUnitInScope, ownUnitId } from '../access/unit-scope.js'
import { accessCan, type WorkspaceAccess } from '../access/workspace-access.js'
import { settingRoutes } from '../access/workspace-setting.js'
import { getCustomer } from '../customers/queries.js'
import { isUuid } from '../db/is-uuid.js'
import { ApiRouter } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { limitBody, SMALL_BODY_LIMIT } from '../http/body-limit.js'
import { badRequest, forbidden, notFound } from '../http/errors.js'
import { requestPublicOrigin } from '../http/public-origin.js'
import { paramsWith, workspaceParams } from '../http/route-params.js'
import { setPagePolicy } from '../http/security-headers.js'
import { type Language, languageSchema } from './definition.js'
import {
  customerInvitationsSchema,
  programListSchema,
  programResponseSchema,
  programWithFunnelSchema,
  widgetSetupSchema,
} from './delivery-responses.js'
import {
  unsubscribeDonePage,
  unsubscribeInvalidPage,
  unsubscribePagePolicy,
  unsubscribeQuestionPage,
} from './email/unsubscribe-page.js'
import { getContact, unsubscribe } from './fatigue/contact-facts.sql.js'
import {
  consentSettingsSchema,
  deliverySettingsSchema,
  getConsentSettings,
  getDeliverySettings,
  saveConsentSettings,
  saveDeliverySettings,
  storedConsentSettingsSchema,
} from './fatigue/delivery-settings.js'
import { verifyInvitationToken, workspaceSurveySecret } from './invitations.js'
import type { SegmentMembership } from './programs/audience.js'
import { getProgramFunnel, listCustomerInvitations, listUnsubscribes } from './programs/funnel.sql.js'
import { type Audience, newProgramSchema, type Program, programChangesSchema } from './programs/program.js'
import {
  createProgram,
  deleteProgram,
  getProgram,
  listPrograms,
  updateProgram,
} from './programs/programs.sql.js'
import { getSurvey } from './surveys.js'
import { widgetRoutes } from './widget-routes.js'

/** Survey delivery: settings, programs and their funnels, a customer's invitations, unsubscribe pages, widget. */
export function surveyDeliveryRoutes(
  app: Hono<AppEnv>,
  options: { segments: SegmentMembership },
): { registry: OpenAPIRegistry } {
  unsubscribeRoutes(app)
  const api = new ApiRouter(app, '/api/v1')
  const tags = ['survey delivery']

  settingRoutes(api, {
    path: '/survey-delivery/settings',
    tags,
    summary: {
      read: 'Quarantine, 90-day cap, quiet hours and time zone of the workspace',
      change: 'Change the fatigue rules and quiet hours',
    },
    schema: deliverySettingsSchema,
    entityType: 'survey_delivery_settings',
    load: getDeliverySettings,
    save: saveDeliverySettings,
  })
  settingRoutes(api, {
    path: '/survey-delivery/consent',
    tags,
    summary: {
      read: 'Whether people of unknown e-mail consent may be surveyed under a legitimate interest (off by default)',
      change:
        'Turn the legitimate-interest basis for unknown e-mail consent on (with its written basis) or off',
    },
    schema: storedConsentSettingsSchema,
    input: consentSettingsSchema,
    entityType: 'survey_delivery_consent',
    load: getConsentSettings,
    save: saveConsentSettings,
  })
  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/survey-delivery/widget',
      tags,
      params: workspaceParams,
      summary:
        'The widget snippet, and (for those who manage the workspace) the secret that signs customer tokens',
      response: widgetSetupSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      // The secret signs tokens for any customer, so it reaches every unit.
      const canManage = accessCan(access, 'manage', { wholeWorkspace: true })
      const origin = requestPublicOrigin(c)
      return c.json({
        workspaceId: access.workspaceId,
        snippet: `<script src="${origin}/widget.js" data-workspace="${access.workspaceId}" data-customer="CUSTOMER_ID" data-token="SIGNED_TOKEN" async></script>`,
        secret: canManage ? await workspaceSurveySecret(c.var.db, access.workspaceId) : null,
      })
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/survey-programs',
      tags,
      params: workspaceParams,
      summary: 'Survey programs: what triggers an invitation, to whom, on which channel',
      response: programListSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json({ items: await listPrograms(c.var.db, access.workspaceId) })
    },
  )
  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/survey-programs',
      tags,
      params: workspaceParams,
      body: newProgramSchema,
      status: 201,
      summary: 'Create a survey program',
      response: programResponseSchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      await checkProgram(c.var.db, access.workspaceId, body, options.segments)
      const audience = await audienceInUnit(c.var.db, access, body.audience)
      const program = await audited(
        c.var.db,
        (tx) => createProgram(tx, access.workspaceId, { ...body, audience }),
        (created) => ({
          workspaceId: access.workspaceId,
          actor: access.actor,
          action: 'create',
          entityType: 'survey_program',
          entityId: created.id,
          details: { name: created.name },
        }),
      )
      return c.json(program, 201)
    },
  )
  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/survey-programs/:programId',
      tags,
      params: paramsWith('programId'),
      summary: 'One survey program with its funnel',
      response: programWithFunnelSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const program = await visibleProgram(c.var.db, access.workspaceId, params.programId)
      const funnel = await getProgramFunnel(c.var.db, access.workspaceId, program.id, access.unitPath)
      return c.json({ ...program, funnel })
    },
  )
  api.route(
    {
      method: 'patch',
      path: '/workspaces/:workspaceId/survey-programs/:programId',
      tags,
      params: paramsWith('programId'),
      body: programChangesSchema,
      summary: 'Change a survey program',
      response: programResponseSchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      const current = await visibleProgram(c.var.db, access.workspaceId, params.programId)
      await assertProgramInUnit(c.var.db, access, current)
      const merged = newProgramSchema.safeParse({ ...current, ...body })
      if (!merged.success) {
        const [issue = { path: [], message: 'invalid' }] = merged.error.issues
        throw badRequest(`body: ${issue.path.join('.')}: ${issue.message}`, [
          { field: issue.path.join('.'), message: issue.message },
        ])
      }
      await checkProgram(c.var.db, access.workspaceId, merged.data, options.segments)
      const audience = await audienceInUnit(c.var.db, access, merged.data.audience)
      const program = await audited(
        c.var.db,
        (tx) => updateProgram(tx, access.workspaceId, current.id, { ...merged.data, audience }),
        {
          workspaceId: access.workspaceId,
          actor: access.actor,
          action: 'update',
          entityType: 'survey_program',
          entityId: current.id,
          details: { ...body },
        },
      )
      return c.json(program)
    },
  )
  api.route(
    {
      method: 'delete',
      path: '/workspaces/:workspaceId/survey-programs/:programId',
      tags,
      params: paramsWith('programId'),
      status: 204,
      summary: 'Delete a survey program (its invitations stay)',
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      const program = await visibleProgram(c.var.db, access.workspaceId, params.programId)
      await assertProgramInUnit(c.var.db, access, program)
      await audited(c.var.db, (tx) => deleteProgram(tx, access.workspaceId, program.id), {
        workspaceId: access.workspaceId,
        actor: access.actor,
        action: 'delete',
        entityType: 'survey_program',
        entityId: program.id,
      })
      return c.body(null, 204)
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/customers/:customerId/survey-invitations',
      tags,
      params: paramsWith('customerId'),
      summary: "A customer's survey invitations on every channel, the ones not sent with their reason",
      response: customerInvitationsSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const customer = isUuid(params.customerId)
        ? await getCustomer(c.var.db, access, params.customerId)
        : undefined
      if (!customer) throw notFound('customer')
      return c.json({
        items: await listCustomerInvitations(c.var.db, access.workspaceId, customer.id),
        unsubscribes: await listUnsubscribes(c.var.db, access.workspaceId, customer.id),
      })
    },
  )

  return { registry: new OpenAPIRegistry([api.registry, widgetRoutes(app, options).registry]) }
}

async function visibleProgram(
  db: Parameters<typeof getProgram>[0],
  workspaceId: string,
  id: string,
): Promise<Program> {
  const program = isUuid(id) ? await getProgram(db, workspaceId, id) : undefined
  if (!program) throw notFound('survey program')
  return program
}

/**
 * A writer limited to an org unit invites only inside it: a program of theirs without a unit gets theirs, and
 * a unit outside theirs is refused.
 */
async function audienceInUnit(
  db: Parameters<typeof getProgram>[0],
  access: WorkspaceAccess,
  audience: Audience,
): Promise<Audience> {
  const own = ownUnitId(access)
  if (own === null) return audience
  if (!audience.orgUnitId) return { ...audience, orgUnitId: own }
  if (await orgUnitInScope(db, access, audience.orgUnitId)) return audience
  throw badRequest('body: audience.orgUnitId: outside your org unit', [
    { field: 'audience.orgUnitId', message: 'outside your org unit' },
  ])
}

/** A program that reaches customers outside the writer's org unit is not theirs to change. */
async function assertProgramInUnit(
  db: Parameters<typeof getProgram>[0],
  access: WorkspaceAccess,
  program: Program,
): Promise<void> {
  if (access.unitPath === null) return
  const unitId = program.audience.orgUnitId
  if (!unitId || !(await orgUnitInScope(db, access, unitId)))
    throw forbidden('this program reaches customers outside your org unit')
}

/** The survey must be this workspace's, and the segment one the segments capability knows. */
async function checkProgram(
  db: Parameters<typeof getProgram>[0],
  workspaceId: string,
  p: { surveyId: string; audience: { segmentId?: string } },
  segments: SegmentMembership,
): Promise<void> {
  if (!(await getSurvey(db, workspaceId, p.surveyId)))
    throw badRequest('body: surveyId: no such survey in this workspace', [
      { field: 'surveyId', message: 'no such survey' },
    ])
  if (p.audience.segmentId && !segments.isKnown(p.audience.segmentId))
    throw badRequest(`body: audience.segmentId: no segment ${p.audience.segmentId}`, [
      {
        field: 'audience.segmentId',
        message: 'no such segment (e.g. champions, at_risk, habit_broken, abc:A)',
      },
    ])
}

const scopeSchema = z.enum(['survey', 'all']).catch('survey')

/** /unsubscribe/<personal link token>?scope=survey|all: GET asks, POST (the form, or RFC 8058 one-click) acts. */
function unsubscribeRoutes(app: Hono<AppEnv>): void {
  const find = async (db: Parameters<typeof getProgram>[0], token: string) => {
    const invitation = await verifyInvitationToken(db, token)
    if (!invitation?.customerId) return undefined
    const contact = await getContact(db, invitation.workspaceId, invitation.customerId, invitation.surveyId)
    const wanted = languageSchema.safeParse(invitation.language ?? contact?.language?.slice(0, 2))
    return { invitation, language: (wanted.success ? wanted.data : 'en') as Language }
  }
  app.use('/unsubscribe/*', async (c, next) => {
    setPagePolicy(c, unsubscribePagePolicy)
    await next()
  })
  app.get('/unsubscribe/:token', async (c) => {
    const found = await find(c.var.db, c.req.param('token'))
    if (!found) return c.html(unsubscribeInvalidPage('en'), 404)
    return c.html(unsubscribeQuestionPage(found.language, scopeSchema.parse(c.req.query('scope'))))
  })
  app.post('/unsubscribe/:token', limitBody(SMALL_BODY_LIMIT), async (c) => {
    const found = await find(c.var.db, c.req.param('token'))
    if (!found) return c.html(unsubscribeInvalidPage('en'), 404)
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
    const scope = scopeSchema.parse(form.scope ?? c.req.query('scope'))
    const { invitation } = found
    await audited(
      c.var.db,
      (tx) =>
        unsubscribe(
          tx,
          invitation.workspaceId,
          invitation.customerId!,
          scope === 'all' ? null : invitation.surveyId,
        ),
      {
        workspaceId: invitation.workspaceId,
        actor: { userId: null, apiKeyId: null },
        action: 'unsubscribe',
        entityType: 'customer',
        entityId: invitation.customerId,
        details: { scope, surveyId: invitation.surveyId },
      },
    )
    return c.html(unsubscribeDonePage(found.language, scope))
  })
}
