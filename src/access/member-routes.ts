import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { z } from 'zod'
import { isUuid } from '../db/is-uuid.js'
import type { ApiRouter } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { forbidden, notFound } from '../http/errors.js'
import { paramsWith } from '../http/route-params.js'
import { authorizeWorkspace, requireUser } from './authenticate.js'
import { changeMember, removeMember } from './members.js'
import { changeOwnPassword, endMemberSessions, resetPassword } from './password-changes.js'
import { roleSchema } from './roles.js'
import { endOtherSessions } from './session-ends.js'
import { SESSION_COOKIE } from './sessions.js'
import { passwordSchema } from './users.js'

const memberParams = paramsWith('userId')
export const memberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  orgUnitId: z.string().nullable(),
})
const endedSchema = z.object({ ended: z.number().int() })

/** Taking access back: members' roles, units and removal; passwords; sessions. */
export function memberRoutes(api: ApiRouter): void {
  const tags = ['access']

  // Owners and admins only; a member id that is not a UUID is a member that does not exist.
  async function manage(c: Context<AppEnv>, params: z.infer<typeof memberParams>) {
    const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage')
    if (access.role === null) throw forbidden('managing members takes a person, not an API key')
    if (!isUuid(params.userId)) throw notFound('member')
    return access
  }

  api.route(
    {
      method: 'patch',
      path: '/workspaces/:workspaceId/members/:userId',
      tags,
      params: memberParams,
      body: z
        .object({ role: roleSchema.optional(), orgUnitId: z.uuid().nullable().optional() })
        .refine((b) => b.role !== undefined || b.orgUnitId !== undefined, 'give role or orgUnitId'),
      response: memberSchema,
      summary: "Change a member's role or org unit (null: the whole workspace); the last owner stays one",
    },
    async (c, { params, body }) => {
      const access = await manage(c, params)
      const member = await changeMember(c.var.db, access, params.userId, body)
      return c.json(member)
    },
  )

  api.route(
    {
      method: 'delete',
      path: '/workspaces/:workspaceId/members/:userId',
      tags,
      params: memberParams,
      status: 204,
      summary: 'Remove a member from the workspace, effective on their next request',
    },
    async (c, { params }) => {
      const access = await manage(c, params)
      await removeMember(c.var.db, access, params.userId)
      return c.body(null, 204)
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/members/:userId/password-reset',
      tags,
      params: memberParams,
      body: z.object({ password: passwordSchema.optional() }),
      response: z.object({ temporaryPassword: z.string().nullable() }),
      summary: "Set a member's password (or generate one, returned once here); all their sessions end",
    },
    async (c, { params, body }) => {
      const access = await manage(c, params)
      const result = await resetPassword(c.var.db, access, params.userId, body.password)
      return c.json(result)
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/members/:userId/sessions/end',
      tags,
      params: memberParams,
      response: endedSchema,
      summary: 'Log a member out everywhere, at once',
    },
    async (c, { params }) => {
      const access = await manage(c, params)
      const ended = await endMemberSessions(c.var.db, access, params.userId)
      return c.json({ ended })
    },
  )

  api.route(
    {
      method: 'put',
      path: '/me/password',
      tags,
      body: z.object({ currentPassword: z.string().max(200), newPassword: passwordSchema }),
      status: 204,
      summary: 'Change my password (the current one proves it is me); my other sessions end',
    },
    async (c, { body }) => {
      const { userId } = await requireUser(c, c.var.db)
      await changeOwnPassword(c.var.db, {
        userId,
        currentPassword: body.currentPassword,
        newPassword: body.newPassword,
        keepToken: getCookie(c, SESSION_COOKIE) ?? null,
      })
      return c.body(null, 204)
    },
  )

  api.route(
    {
      method: 'post',
      path: '/me/sessions/end-others',
      tags,
      response: endedSchema,
      summary: 'Log me out everywhere else',
    },
    async (c) => {
      const { userId } = await requireUser(c, c.var.db)
      const ended = await endOtherSessions(c.var.db, userId, getCookie(c, SESSION_COOKIE) ?? null)
      return c.json({ ended })
    },
  )
}
