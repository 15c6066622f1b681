import type { Context } from 'hono'
import { z } from 'zod'
import { isUuid } from '../db/is-uuid.js'
import type { ApiRouter } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { SMALL_BODY_LIMIT } from '../http/body-limit.js'
import { HttpError, notFound } from '../http/errors.js'
import { jsonTimestamp } from '../http/json-timestamp.js'
import { requestPublicOrigin } from '../http/public-origin.js'
import { paramsWith, workspaceParams } from '../http/route-params.js'
import { audited } from './audit.js'
import { authorizeWorkspace } from './authenticate.js'
import { invitationEmail } from './invitation-email.js'
import {
  acceptInvitation,
  createInvitation,
  findOpenInvitation,
  INVITATION_DAYS,
  type Invitation,
  listInvitations,
  resendInvitation,
  revokeInvitation,
} from './invitations.js'
import { itemsOf, meSchema } from './responses.js'
import { roleSchema } from './roles.js'
import { emailSchema, getUser, passwordSchema } from './users.js'
import type { WorkspaceAccess } from './workspace-access.js'
import {
  getWorkspaceSettings,
  updateWorkspaceSettings,
  workspaceLanguages,
  workspaceSettingsInputSchema,
  workspaceSettingsSchema,
} from './workspace-settings.js'

/** Outgoing e-mail as the composition root sets it up (SMTP_URL, SMTP_FROM). */
export interface AccessMail {
  configured: boolean
  /** The server's From address (SMTP_FROM), used when the workspace sets none. */
  serverFrom: string
  send(message: { from: string; to: string; subject: string; text: string; html: string }): Promise<string>
}

export const invitationSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: roleSchema,
  orgUnitId: z.uuid().nullable(),
  createdAt: jsonTimestamp,
  expiresAt: jsonTimestamp,
})

export const createdInvitationSchema = invitationSchema.extend({
  /** The link to give the person; it is shown this once. */
  link: z.string(),
  /** Whether the link went out by e-mail (SMTP set up); otherwise pass it on yourself. */
  emailed: z.boolean(),
  emailError: z.string().nullable(),
})

const openInvitationSchema = z.object({
  workspaceName: z.string(),
  email: z.string(),
  role: roleSchema,
  existingUser: z.boolean(),
})

export const mailStatusSchema = z.object({
  smtpConfigured: z.boolean(),
  /** The From address this workspace's e-mails go out with. */
  from: z.string(),
  serverFrom: z.string(),
  workspaceFrom: z.string().nullable(),
})

const tokenParams = z.object({ invitationToken: z.string().min(1).max(200) })

type StartSession = (c: Context<AppEnv>, userId: string) => Promise<z.infer<typeof meSchema>>

/** Workspace settings, invitations by e-mail and the e-mail settings, for owners and admins. */
export function settingsRoutes(api: ApiRouter, mail: AccessMail, startSession: StartSession): void {
  const tags = ['access']

  // The link to give the person, mailed to them when SMTP is set up; a failed e-mail is said, not thrown.
  async function deliverInvitation(
    c: Context<AppEnv>,
    access: WorkspaceAccess,
    invitation: Invitation,
    token: string,
  ): Promise<Invitation & { link: string; emailed: boolean; emailError: string | null }> {
    const db = c.var.db
    const link = `${requestPublicOrigin(c)}/invite/${token}`
    if (!mail.configured) return { ...invitation, link, emailed: false, emailError: null }
    const settings = await getWorkspaceSettings(db, access.workspaceId)
    const inviter = access.actor.userId ? await getUser(db, access.actor.userId) : undefined
    const message = invitationEmail({
      language: settings.defaultLanguage,
      workspace: settings.name,
      inviter: inviter?.name ?? 'Rapport',
      role: invitation.role,
      link,
      days: INVITATION_DAYS,
    })
    try {
      await mail.send({ from: settings.mailFrom ?? mail.serverFrom, to: invitation.email, ...message })
      return { ...invitation, link, emailed: true, emailError: null }
    } catch (error) {
      const emailError = error instanceof Error ? error.message : String(error)
      return { ...invitation, link, emailed: false, emailError }
    }
  }

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/settings',
      tags,
      params: workspaceParams,
      summary: 'The workspace: name, time zone, main currency, default and survey languages, From address',
      response: workspaceSettingsSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json(await getWorkspaceSettings(c.var.db, access.workspaceId))
    },
  )

  api.route(
    {
      method: 'patch',
      path: '/workspaces/:workspaceId/settings',
      tags,
      params: workspaceParams,
      body: workspaceSettingsInputSchema,
      summary: `Change the workspace's settings (owners and admins of the whole workspace); languages: ${workspaceLanguages.join(', ')}`,
      response: workspaceSettingsSchema,
    },
    async (c, { params, body }) => {
      const db = c.var.db
      const access = await authorizeWorkspace(c, db, params.workspaceId, 'manage', { wholeWorkspace: true })
      const saved = await audited(db, (tx) => updateWorkspaceSettings(tx, access.workspaceId, body), {
        workspaceId: access.workspaceId,
        actor: access.actor,
        action: 'update',
        entityType: 'workspace',
        entityId: access.workspaceId,
        details: { ...body },
      })
      return c.json(saved)
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/invitations',
      tags,
      params: workspaceParams,
      summary: 'Open invitations (within your org unit)',
      response: itemsOf(invitationSchema),
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage')
      const items = await listInvitations(c.var.db, access, c.var.now())
      return c.json({ items })
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/invitations',
      tags,
      params: workspaceParams,
      status: 201,
      body: z.object({ email: emailSchema, role: roleSchema, orgUnitId: z.uuid().nullish() }),
      summary: `Invite a person by e-mail; the link (valid ${INVITATION_DAYS} days) is mailed when SMTP is set up and returned once here`,
      response: createdInvitationSchema,
    },
    async (c, { params, body }) => {
      const db = c.var.db
      const access = await authorizeWorkspace(c, db, params.workspaceId, 'manage')
      if (access.role === null)
        throw new HttpError(403, 'forbidden', 'inviting people takes a person, not an API key')
      const { invitation, token } = await createInvitation(db, access, body, c.var.now())
      return c.json(await deliverInvitation(c, access, invitation, token), 201)
    },
  )

  api.route(
    {
      method: 'delete',
      path: '/workspaces/:workspaceId/invitations/:invitationId',
      tags,
      params: paramsWith('invitationId'),
      status: 204,
      summary: 'Withdraw an invitation: its link stops working',
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage')
      if (!isUuid(params.invitationId)) throw notFound('invitation')
      await revokeInvitation(c.var.db, access, params.invitationId)
      return c.body(null, 204)
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/invitations/:invitationId/resend',
      tags,
      params: paramsWith('invitationId'),
      summary: `Send an invitation again with a new link (valid ${INVITATION_DAYS} days); the old link stops working`,
      response: createdInvitationSchema,
    },
    async (c, { params }) => {
      const db = c.var.db
      const access = await authorizeWorkspace(c, db, params.workspaceId, 'manage')
      if (access.role === null)
        throw new HttpError(403, 'forbidden', 'inviting people takes a person, not an API key')
      if (!isUuid(params.invitationId)) throw notFound('invitation')
      const { invitation, token } = await resendInvitation(db, access, params.invitationId, c.var.now())
      return c.json(await deliverInvitation(c, access, invitation, token))
    },
  )

  api.route(
    {
      method: 'get',
      path: '/invitations/:invitationToken',
      tags,
      public: true,
      params: tokenParams,
      summary: 'What an invitation link opens: the workspace, the e-mail and the role',
      response: openInvitationSchema,
    },
    async (c, { params }) => {
      const open = await findOpenInvitation(c.var.db, params.invitationToken, c.var.now())
      if (!open) throw notFound('invitation')
      return c.json({
        workspaceName: open.workspaceName,
        email: open.email,
        role: open.role,
        existingUser: open.existingUser,
      })
    },
  )

  api.route(
    {
      method: 'post',
      path: '/invitations/:invitationToken/accept',
      tags,
      public: true,
      params: tokenParams,
      bodyLimit: SMALL_BODY_LIMIT,
      body: z.object({
        name: z.string().trim().min(1).max(200).optional(),
        password: z.string().max(200),
        language: z.enum(workspaceLanguages).optional(),
      }),
      summary:
        'Accept an invitation: a new person gives their name and a password, someone with a login their password; starts a session',
      response: meSchema,
    },
    async (c, { params, body }) => {
      const open = await findOpenInvitation(c.var.db, params.invitationToken, c.var.now())
      // A new person's password must pass the same policy as any other.
      if (open && !open.existingUser) {
        const checked = passwordSchema.safeParse(body.password)
        if (!checked.success)
          throw new HttpError(400, 'invalid_request', `body: password: ${checked.error.issues[0]?.message}`, [
            { field: 'password', message: checked.error.issues[0]?.message },
          ])
      }
      const { user } = await acceptInvitation(c.var.db, params.invitationToken, body, c.var.now())
      return c.json(await startSession(c, user.id))
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/mail',
      tags,
      params: workspaceParams,
      summary: 'E-mail: whether SMTP is set up, and the From address in use',
      response: mailStatusSchema,
    },
    async (c, { params }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage')
      const settings = await getWorkspaceSettings(c.var.db, access.workspaceId)
      return c.json({
        smtpConfigured: mail.configured,
        from: settings.mailFrom ?? mail.serverFrom,
        serverFrom: mail.serverFrom,
        workspaceFrom: settings.mailFrom,
      })
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/mail/test',
      tags,
      params: workspaceParams,
      body: z.object({ to: emailSchema }),
      summary: 'Send a test e-mail through the SMTP server, from the workspace’s From address',
      response: z.object({
        sent: z.boolean(),
        messageId: z.string().nullable(),
        error: z.string().nullable(),
      }),
    },
    async (c, { params, body }) => {
      const db = c.var.db
      const access = await authorizeWorkspace(c, db, params.workspaceId, 'manage', { wholeWorkspace: true })
      if (!mail.configured)
        throw new HttpError(409, 'smtp_not_configured', 'SMTP_URL is not set: the server cannot send e-mail')
      const settings = await getWorkspaceSettings(db, access.workspaceId)
      try {
        const messageId = await mail.send({
          from: settings.mailFrom ?? mail.serverFrom,
          to: body.to,
          subject: `Rapport: test e-mail from ${settings.name}`.replace(/[\r\n]+/g, ' '),
          text: 'This is a test e-mail from Rapport. The SMTP settings work.\n',
          html: '<p>This is a test e-mail from Rapport. The SMTP settings work.</p>',
        })
        return c.json({ sent: true, messageId, error: null })
      } catch (error) {
        return c.json({
          sent: false,
          messageId: null,
          error: error instanceof Error ? error.message : String(error),
        })
      }
    },
  )
}
