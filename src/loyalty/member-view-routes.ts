import type { Hono } from 'hono'
import { z } from 'zod'
import { authorizeWorkspace } from '../access/authenticate.js'
import { ApiRouter } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { HttpError, notFound } from '../http/errors.js'
import { paramsWith } from '../http/route-params.js'
import { renderMemberPage } from './member-page.js'
import { getMemberView, MEMBER_LINK_DAYS, signMemberToken, verifyMemberToken } from './member-view.js'
import { findMember } from './members.js'

const memberViewSchema = z.object({
  language: z.enum(['en', 'uk', 'ru', 'pl', 'lv']),
  points: z.string(),
  tier: z.object({ code: z.string(), name: z.string(), benefits: z.array(z.string()) }).nullable(),
  next: z
    .object({
      code: z.string(),
      name: z.string(),
      benefits: z.array(z.string()),
      spend: z.string(),
      orders: z.number().int(),
      engagements: z.number().int(),
    })
    .nullable(),
  acts: z.array(z.object({ kind: z.string(), occurredAt: z.string(), thanked: z.boolean() })),
})

const publicParams = z.object({
  workspaceId: z.string().max(100),
  customerId: z.string().max(100),
  memberToken: z.string().min(1).max(200),
})

/** The member's view: a signed link made by staff, and the public JSON (for the widget) and page it opens. */
export function memberViewRoutes(app: Hono<AppEnv>, api: ApiRouter): ApiRouter {
  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/loyalty/members/:customerId/view-link',
      tags: ['loyalty'],
      params: paramsWith('customerId'),
      body: z.object({ days: z.number().int().min(1).max(MEMBER_LINK_DAYS).default(30) }),
      summary: "A signed link to the member's own page (and its JSON for the widget), good for `days`",
      response: z.object({ page: z.string(), json: z.string(), expiresAt: z.string() }),
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      const now = c.var.now()
      // The member of a customer the caller may see (their org unit): a link is a look at the customer.
      if (!(await findMember(c.var.db, access, params.customerId))) throw notFound('loyalty member')
      const expiresAt = new Date(now.getTime() + body.days * 86_400_000)
      const token = await signMemberToken(c.var.db, access.workspaceId, params.customerId, expiresAt)
      const path = `${access.workspaceId}/${params.customerId}/${encodeURIComponent(token)}`
      return c.json({
        page: `/loyalty/member/${path}`,
        json: `/api/public/loyalty/${path}`,
        expiresAt: expiresAt.toISOString(),
      })
    },
  )

  const viewFor = async (
    db: AppEnv['Variables']['db'],
    p: z.infer<typeof publicParams>,
    token: string,
    now: Date,
  ) => {
    if (!(await verifyMemberToken(db, p.workspaceId, p.customerId, token, now)))
      throw new HttpError(403, 'invalid_token', 'the link is not valid or has expired')
    const view = await getMemberView(db, p.workspaceId, p.customerId, now)
    if (!view) throw notFound('loyalty member')
    return view
  }

  const publicApi = new ApiRouter(app, '/api/public/loyalty')
  publicApi.route(
    {
      method: 'get',
      path: '/:workspaceId/:customerId/:memberToken',
      tags: ['loyalty'],
      params: publicParams,
      public: true,
      summary: "The member's view for a signed link: tier, recognised acts, points, what the next tier takes",
      response: memberViewSchema,
    },
    async (c, { params }) => c.json(await viewFor(c.var.db, params, params.memberToken, c.var.now())),
  )

  app.get('/loyalty/member/:workspaceId/:customerId/:memberToken', async (c) => {
    const params = publicParams.safeParse(c.req.param())
    if (!params.success) throw new HttpError(403, 'invalid_token', 'the link is not valid')
    return c.html(
      renderMemberPage(await viewFor(c.var.db, params.data, params.data.memberToken, c.var.now())),
    )
  })
  return publicApi
}
