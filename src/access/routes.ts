import type { Context, Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import { isUuid } from '../db/is-uuid.js'
import { ApiRouter } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { SMALL_BODY_LIMIT } from '../http/body-limit.js'
import { clientAddress } from '../http/client-address.js'
import { csvDownload } from '../http/csv-download.js'
import { forbidden, HttpError, notFound } from '../http/errors.js'
import { sortQuery } from '../http/order-by.js'
import { pagingQuery, paramsWith, workspaceParams } from '../http/route-params.js'
import { dbDate } from '../http/schema-bounds.js'
import { addWorkspace, mayCreateWorkspaces } from './add-workspace.js'
import { apiKeyInputSchema, createApiKey, listApiKeys, revokeApiKey } from './api-keys.js'
import { allAudit, audited, auditSorts, listAudit, recordAudit } from './audit.js'
import { authorizeWorkspace, requireUser } from './authenticate.js'
import { countLoginAttempt, forgetLoginFailures } from './login-throttle.js'
import { memberRoutes } from './member-routes.js'
import { addMember } from './members.js'
import {
  changeOrgUnit,
  createOrgUnit,
  deleteOrgUnit,
  findOrgUnitByCode,
  getOrgUnit,
  listOrgUnits,
  moveOrgUnit,
  orgUnitChangeSchema,
  orgUnitInputSchema,
} from './org-units.js'
import { verifyPasswordOfUser } from './passwords.js'
import {
  apiKeySchema,
  auditEntrySchema,
  itemsOf,
  memberSchema,
  meSchema,
  orgUnitSchema,
  setupStateSchema,
  workspaceSchema,
} from './responses.js'
import { roleSchema } from './roles.js'
import { createSession, deleteSession, SESSION_COOKIE, SESSION_DAYS } from './sessions.js'
import { type AccessMail, settingsRoutes } from './settings-routes.js'
import { setupOwner } from './setup.js'
import { unitPathInScope } from './unit-scope.js'
import {
  emailSchema,
  findUserByEmail,
  getUser,
  listMembers,
  listMemberships,
  passwordSchema,
} from './users.js'
import { needsSetup } from './workspaces.js'

const uuid = z.uuid()

/** A new API key with its secret, shown this once. */
export const createdApiKeySchema = apiKeySchema.extend({ secret: z.string() })

export const setupSchema = z.object({
  organizationName: z.string().trim().min(1).max(200),
  workspaceName: z.string().trim().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  email: emailSchema,
  password: passwordSchema,
  demo: z.boolean().default(false),
})

export interface AccessHooks {
  /** Fills a new workspace with demo data (runs in the background after setup). */
  loadDemo?: (workspaceId: string) => Promise<void>
  /** Outgoing e-mail (invitations, the test message); without it the links are only shown. */
  mail?: AccessMail
}

const noMail: AccessMail = {
  configured: false,
  serverFrom: 'Rapport <surveys@localhost>',
  send: async () => {
    throw new Error('SMTP_URL is not set')
  },
}

const auditQuery = pagingQuery().extend({
  action: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(100).optional(),
  actorUserId: z.uuid().optional(),
  from: dbDate().optional(),
  to: dbDate().optional(),
  ...sortQuery(auditSorts, 'newest first; ties by entry id'),
})

/** Setup, login, the current user, workspaces, members, org units, API keys and the audit log. */
export function accessRoutes(app: Hono<AppEnv>, hooks: AccessHooks = {}): ApiRouter {
  const api = new ApiRouter(app, '/api/v1')
  const tags = ['access']

  async function me(c: Context<AppEnv>, userId: string, csrfToken: string) {
    const db = c.var.db
    const user = await getUser(db, userId)
    if (!user) throw new HttpError(401, 'unauthorized', 'not logged in')
    const workspaces = await listMemberships(db, userId)
    return {
      user: { id: user.id, email: user.email, name: user.name, language: user.language },
      workspaces,
      csrfToken,
    }
  }

  async function startSession(c: Context<AppEnv>, userId: string) {
    const { token, csrfToken } = await createSession(c.var.db, userId)
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: c.var.config.RAPPORT_SECURE_COOKIES,
      path: '/',
      maxAge: SESSION_DAYS * 86400,
    })
    return me(c, userId, csrfToken)
  }

  api.route(
    {
      method: 'get',
      path: '/setup',
      tags,
      summary: 'Whether first-run setup is needed',
      public: true,
      response: setupStateSchema,
    },
    async (c) => c.json({ needsSetup: await needsSetup(c.var.db) }),
  )

  api.route(
    {
      method: 'post',
      path: '/setup',
      tags,
      summary: 'Create the organization, workspace and owner',
      public: true,
      body: setupSchema,
      bodyLimit: SMALL_BODY_LIMIT,
      response: meSchema,
      status: 201,
    },
    async (c, { body }) => {
      const { user, workspace } = await setupOwner(c.var.db, body)
      if (body.demo && hooks.loadDemo) {
        hooks.loadDemo(workspace.id).catch((error) => console.error('demo data failed:', error))
      }
      return c.json(await startSession(c, user.id), 201)
    },
  )

  api.route(
    {
      method: 'post',
      path: '/auth/login',
      tags,
      summary: 'Log in with e-mail and password',
      public: true,
      body: z.object({ email: z.string().trim().max(320), password: z.string().max(200) }),
      bodyLimit: SMALL_BODY_LIMIT,
      response: meSchema,
    },
    async (c, { body }) => {
      const db = c.var.db
      const attempt = { email: body.email, address: clientAddress(c) }
      await countLoginAttempt(db, attempt, c.var.now())
      const user = await findUserByEmail(db, body.email)
      const ok = await verifyPasswordOfUser(body.password, user?.passwordHash)
      if (!user || !ok) throw new HttpError(401, 'invalid_credentials', 'wrong e-mail or password')
      await forgetLoginFailures(db, attempt, c.var.now())
      return c.json(await startSession(c, user.id))
    },
  )

  api.route(
    { method: 'post', path: '/auth/logout', tags, summary: 'End the session', status: 204, public: true },
    async (c) => {
      const token = getCookie(c, SESSION_COOKIE)
      if (token) await deleteSession(c.var.db, token)
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.body(null, 204)
    },
  )

  api.route(
    {
      method: 'get',
      path: '/me',
      tags,
      summary: 'The logged-in user and their workspaces',
      response: meSchema,
    },
    async (c) => {
      const { userId, csrfToken } = await requireUser(c, c.var.db)
      return c.json(await me(c, userId, csrfToken))
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces',
      tags,
      summary: 'Create a workspace in your organization (organisation owners and admins only)',
      response: workspaceSchema,
      body: z.object({ name: z.string().trim().min(1).max(200) }),
      status: 201,
    },
    async (c, { body }) => {
      const db = c.var.db
      const { userId } = await requireUser(c, db)
      const user = await getUser(db, userId)
      if (!user) throw new HttpError(401, 'unauthorized', 'not logged in')
      if (!(await mayCreateWorkspaces(db, userId)))
        throw forbidden('only an owner or admin of the organisation may create workspaces')
      const workspace = await addWorkspace(db, {
        organizationId: user.organizationId,
        name: body.name,
        ownerUserId: userId,
        actor: { userId, apiKeyId: null },
      })
      return c.json(workspace, 201)
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/members',
      tags,
      summary:
        'Members and their roles (for a manager limited to an org unit: those of their unit and below)',
      response: itemsOf(memberSchema),
      params: workspaceParams,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage')
      return c.json({ items: await listMembers(c.var.db, access) })
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/members',
      tags,
      status: 201,
      params: workspaceParams,
      summary: 'Add a person (a new user of the organization) with a role, optionally limited to an org unit',
      response: memberSchema,
      body: z.object({
        email: emailSchema,
        name: z.string().trim().min(1).max(200),
        password: passwordSchema,
        role: roleSchema,
        orgUnitId: uuid.nullish(),
      }),
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage')
      const member = await addMember(c.var.db, access, body)
      return c.json(member, 201)
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/org-units',
      tags,
      summary: 'The org unit tree',
      response: itemsOf(orgUnitSchema),
      params: workspaceParams,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json({ items: await listOrgUnits(c.var.db, access.workspaceId) })
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/org-units',
      tags,
      summary: 'Add an org unit',
      response: orgUnitSchema,
      params: workspaceParams,
      body: orgUnitInputSchema,
      status: 201,
    },
    async (c, { params, body }) => {
      const db = c.var.db
      const access = await authorizeWorkspace(c, db, params.workspaceId, 'manage')
      // A manager limited to a unit grows the tree only below it.
      if (access.unitPath !== null) {
        const parent = body.parentCode
          ? await findOrgUnitByCode(db, access.workspaceId, body.parentCode)
          : undefined
        if (!parent || !unitPathInScope(access, parent.path))
          throw forbidden('parentCode: a new unit must lie inside your own org unit')
      }
      const unit = await audited(
        db,
        (tx) => createOrgUnit(tx, access.workspaceId, body),
        (created) => ({
          workspaceId: access.workspaceId,
          actor: access.actor,
          action: 'create',
          entityType: 'org_unit',
          entityId: created.id,
          details: { code: created.code },
        }),
      )
      return c.json(unit, 201)
    },
  )

  // Renaming or removing a unit: inside the manager's own unit and below, never their own unit itself.
  async function manageUnit(c: Context<AppEnv>, workspaceId: string, unitId: string) {
    const access = await authorizeWorkspace(c, c.var.db, workspaceId, 'manage')
    const unit = isUuid(unitId) ? await getOrgUnit(c.var.db, access.workspaceId, unitId) : undefined
    if (!unit) throw notFound('org unit')
    if (access.unitPath !== null && (!unitPathInScope(access, unit.path) || unit.path === access.unitPath))
      throw forbidden('this org unit is outside what you manage')
    return access
  }

  api.route(
    {
      method: 'patch',
      path: '/workspaces/:workspaceId/org-units/:unitId',
      tags,
      summary: 'Rename an org unit (code, name or kind); its place in the tree stays',
      response: orgUnitSchema,
      params: paramsWith('unitId'),
      body: orgUnitChangeSchema,
    },
    async (c, { params, body }) => {
      const db = c.var.db
      const access = await manageUnit(c, params.workspaceId, params.unitId)
      const unit = await audited(db, (tx) => changeOrgUnit(tx, access.workspaceId, params.unitId, body), {
        workspaceId: access.workspaceId,
        actor: access.actor,
        action: 'update',
        entityType: 'org_unit',
        entityId: params.unitId,
        details: { ...body },
      })
      return c.json(unit)
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/org-units/:unitId/move',
      tags,
      summary:
        'Move an org unit, with the units below it, under another parent (null: the top of the tree); its members and customers go with it',
      response: orgUnitSchema,
      params: paramsWith('unitId'),
      body: z.object({ parentId: z.uuid().nullable() }),
    },
    async (c, { params, body }) => {
      const db = c.var.db
      const access = await manageUnit(c, params.workspaceId, params.unitId)
      // A manager limited to a unit moves only within it: the new parent too must be theirs.
      if (access.unitPath !== null) {
        const parent = body.parentId ? await getOrgUnit(db, access.workspaceId, body.parentId) : undefined
        if (!parent || !unitPathInScope(access, parent.path))
          throw forbidden('the new parent is outside what you manage')
      }
      const unit = await audited(
        db,
        (tx) => moveOrgUnit(tx, access.workspaceId, params.unitId, body.parentId),
        {
          workspaceId: access.workspaceId,
          actor: access.actor,
          action: 'move',
          entityType: 'org_unit',
          entityId: params.unitId,
          details: { parentId: body.parentId },
        },
      )
      return c.json(unit)
    },
  )

  api.route(
    {
      method: 'delete',
      path: '/workspaces/:workspaceId/org-units/:unitId',
      tags,
      summary: 'Delete an org unit that has no units, members, customers or invitations in it',
      params: paramsWith('unitId'),
      status: 204,
    },
    async (c, { params }) => {
      const db = c.var.db
      const access = await manageUnit(c, params.workspaceId, params.unitId)
      await audited(
        db,
        (tx) => deleteOrgUnit(tx, access.workspaceId, params.unitId),
        (unit) => ({
          workspaceId: access.workspaceId,
          actor: access.actor,
          action: 'delete',
          entityType: 'org_unit',
          entityId: params.unitId,
          details: { code: unit.code },
        }),
      )
      return c.body(null, 204)
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/api-keys',
      tags,
      summary: 'API keys (never their secrets)',
      response: itemsOf(apiKeySchema),
      params: workspaceParams,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage', {
        wholeWorkspace: true,
      })
      return c.json({ items: await listApiKeys(c.var.db, access.workspaceId) })
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/api-keys',
      tags,
      status: 201,
      params: workspaceParams,
      summary: 'Create an API key; its secret is shown once in this response',
      response: createdApiKeySchema,
      body: apiKeyInputSchema,
    },
    async (c, { params, body }) => {
      const db = c.var.db
      const access = await authorizeWorkspace(c, db, params.workspaceId, 'manage', { wholeWorkspace: true })
      const key = await audited(
        db,
        (tx) => createApiKey(tx, access.workspaceId, body, access.actor.userId),
        (created) => ({
          workspaceId: access.workspaceId,
          actor: access.actor,
          action: 'create',
          entityType: 'api_key',
          entityId: created.id,
          details: { name: created.name, scopes: created.scopes },
        }),
      )
      return c.json(key, 201)
    },
  )

  api.route(
    {
      method: 'delete',
      path: '/workspaces/:workspaceId/api-keys/:keyId',
      tags,
      summary: 'Revoke an API key',
      params: paramsWith('keyId'),
      status: 204,
    },
    async (c, { params }) => {
      const db = c.var.db
      const access = await authorizeWorkspace(c, db, params.workspaceId, 'manage', { wholeWorkspace: true })
      if (!isUuid(params.keyId)) throw notFound('API key')
      const revoked = await db.transaction(async (tx) => {
        const done = await revokeApiKey(tx, access.workspaceId, params.keyId)
        if (done)
          await recordAudit(tx, {
            workspaceId: access.workspaceId,
            actor: access.actor,
            action: 'revoke',
            entityType: 'api_key',
            entityId: params.keyId,
          })
        return done
      })
      if (!revoked) throw notFound('API key')
      return c.body(null, 204)
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/audit',
      tags,
      summary:
        'Who changed what, newest first or sorted; narrowed by action, entity type, person and time (from ≤ at < to)',
      response: itemsOf(auditEntrySchema),
      params: workspaceParams,
      query: auditQuery,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage', {
        wholeWorkspace: true,
      })
      const { limit, offset, ...filter } = query
      return c.json({ items: await listAudit(c.var.db, access.workspaceId, limit, offset, filter) })
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/audit.csv',
      tags,
      summary: 'The audit log as CSV, with the same filters',
      params: workspaceParams,
      query: auditQuery.omit({ limit: true, offset: true }),
      responseType: 'text/csv',
      response: z.string(),
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage', {
        wholeWorkspace: true,
      })
      const header = [
        'at',
        'action',
        'entity_type',
        'entity_id',
        'actor',
        'actor_user_id',
        'actor_api_key_id',
        'details',
      ]
      return csvDownload(c, 'audit.csv', header, allAudit(c.var.db, access.workspaceId, query), (e) => [
        e.at.toISOString(),
        e.action,
        e.entityType,
        e.entityId,
        e.actorName,
        e.actorUserId,
        e.actorApiKeyId,
        JSON.stringify(e.details),
      ])
    },
  )

  settingsRoutes(api, hooks.mail ?? noMail, startSession)

  memberRoutes(api)
  return api
}
