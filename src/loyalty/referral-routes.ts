import { z } from 'zod'
import { audited } from '../access/audit.js'
import { authorizeWorkspace } from '../access/authenticate.js'
import type { ApiRouter } from '../http/api-router.js'
import { notFound } from '../http/errors.js'
import { pagingQuery, workspaceParams } from '../http/route-params.js'
import {
  getReferralCode,
  getReferralSettings,
  listReferrals,
  type Referral,
  recordReferral,
  refusalReasons,
  setReferralSettings,
} from './referrals.js'
import { plainText } from './schemas.js'

const base = '/workspaces/:workspaceId/loyalty'

const fingerprint = plainText(200).optional()

export const referralSettingsSchema = z.object({
  returnDays: z.number().int().min(0).max(3660),
  limit: z.number().int().min(1).max(100_000).nullable(),
  limitDays: z.number().int().min(1).max(3660),
  link: z
    .url({ protocol: /^https?$/ })
    .max(1000)
    .refine((s) => s.includes('{code}'), 'must contain {code}')
    .nullable(),
})

export const referralSchema = z.object({
  id: z.string(),
  referrerCustomerId: z.string(),
  referredCustomerId: z.string(),
  code: z.string(),
  status: z.enum(['pending', 'rewarded', 'refused']),
  refusedBecause: z.enum(refusalReasons).nullable(),
  createdAt: z.string(),
  qualifyingOrderId: z.string().nullable(),
  rewardedAt: z.string().nullable(),
})

const referralJson = (r: Referral): z.infer<typeof referralSchema> => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  rewardedAt: r.rewardedAt?.toISOString() ?? null,
})

/** Referrals: settings (return window, limits, link), codes, referrals recorded with their fraud checks. */
export function addReferralRoutes(api: ApiRouter): void {
  const tags = ['loyalty']

  api.route(
    {
      method: 'get',
      path: `${base}/referral-settings`,
      tags,
      params: workspaceParams,
      summary: 'Referral settings: the return window the reward waits out, the limit per referrer, the link',
      response: referralSettingsSchema,
    },
    async (c, { params }) => {
      await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json(await getReferralSettings(c.var.db, params.workspaceId))
    },
  )

  api.route(
    {
      method: 'put',
      path: `${base}/referral-settings`,
      tags,
      params: workspaceParams,
      body: referralSettingsSchema,
      summary: 'Set the return window, the limit of referrals per referrer and period, and the link',
      response: referralSettingsSchema,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'manage', {
        wholeWorkspace: true,
      })
      await audited(c.var.db, (tx) => setReferralSettings(tx, params.workspaceId, body), {
        workspaceId: params.workspaceId,
        actor: access.actor,
        action: 'loyalty.referral_settings_changed',
        entityType: 'workspace',
        entityId: params.workspaceId,
        details: body,
      })
      return c.json(body)
    },
  )

  api.route(
    {
      method: 'post',
      path: `${base}/referral-codes`,
      tags,
      params: workspaceParams,
      body: z.object({ customerId: plainText(100), deviceFingerprint: fingerprint }),
      summary: "A customer's referral code and link (made on first asking, the same ever after)",
      response: z.object({ customerId: z.string(), code: z.string(), link: z.string().nullable() }),
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      const code = await getReferralCode(
        c.var.db,
        access,
        body.customerId,
        c.var.now(),
        body.deviceFingerprint,
      )
      if (!code) throw notFound('customer')
      return c.json(code)
    },
  )

  api.route(
    {
      method: 'post',
      path: `${base}/referrals`,
      tags,
      params: workspaceParams,
      body: z.object({
        code: plainText(20),
        customerId: plainText(100),
        deviceFingerprint: fingerprint,
      }),
      summary:
        'Record that a customer came with a code; a referral that breaks a fraud rule is kept as refused, naming it',
      response: referralSchema,
      status: 201,
    },
    async (c, { params, body }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
      const recorded = await recordReferral(c.var.db, access, body, c.var.now())
      if (!recorded) throw notFound('customer')
      return c.json(referralJson(recorded.referral), recorded.created ? 201 : 200)
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/referrals`,
      tags,
      params: workspaceParams,
      query: pagingQuery().extend({ status: z.enum(['pending', 'rewarded', 'refused']).optional() }),
      summary: 'Referrals, newest first',
      response: z.object({ items: z.array(referralSchema) }),
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json({ items: (await listReferrals(c.var.db, access, query)).map(referralJson) })
    },
  )
}
