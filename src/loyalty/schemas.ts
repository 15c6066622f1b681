import { z } from 'zod'
import { sortQuery } from '../http/order-by.js'
import { limitQuery } from '../http/route-params.js'
import { type Act, actKinds } from './acts.js'
import { type Entry, entrySorts, type Lot } from './ledger.js'
import type { Member } from './members.js'

// What the loyalty API takes and gives. Points travel as JSON integers in and as decimal strings out: a bigint
// balance may outgrow a JavaScript number, and a string never rounds.

/** The most points one credit, redemption or balance may carry in one request. */
export const MAX_POINTS = 1_000_000_000_000_000n

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Text without NUL or lone surrogates, trimmed, 1 to `max` characters. */
export const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL')
    .refine((s) => !loneSurrogate.test(s), 'must not contain a lone surrogate')

export const pointsInput = z
  .union([
    z.number().int().min(1).max(Number(MAX_POINTS)),
    z.string().regex(/^[1-9][0-9]{0,15}$/, 'a whole number of points, at least 1'),
  ])
  .transform((value) => BigInt(value))
  .refine((points) => points <= MAX_POINTS, `at most ${MAX_POINTS} points`)

const amount = z
  .string()
  .regex(/^[0-9]{1,16}(\.[0-9]{1,4})?$/, 'a decimal amount such as "12.50", at most 4 decimals')

export const creditBody = z.object({
  sourceType: plainText(50),
  sourceId: plainText(200),
  rule: plainText(100).default('manual'),
  points: pointsInput,
  /** When the lot expires; absent: the program's expiry days; null: never. */
  expiresAt: z.iso
    .datetime({ offset: true })
    .refine((s) => Date.parse(s) < Date.parse('9999-01-01'), 'a date before the year 9999')
    .nullable()
    .optional(),
  reason: plainText(500).optional(),
})

export const redeemBody = z.object({
  points: pointsInput,
  sourceType: plainText(50).default('reward'),
  sourceId: plainText(200),
  reference: plainText(200).optional(),
  reason: plainText(500).optional(),
})

export const reverseBody = z
  .object({
    sourceType: plainText(50).default('order'),
    sourceId: plainText(200),
    /** The refund's or cancellation's id. */
    reference: plainText(200),
    refundAmount: amount,
    orderAmount: amount.refine((s) => Number(s) > 0, 'must be more than 0'),
    reason: plainText(500).optional(),
  })
  .refine((b) => Number(b.refundAmount) <= Number(b.orderAmount), {
    path: ['refundAmount'],
    message: 'must not exceed orderAmount',
  })

const pointValue = z
  .string()
  .regex(/^[0-9]{1,12}(\.[0-9]{1,6})?$/, 'a decimal amount such as "0.01", at most 6 decimals')

export const settingsSchema = z.object({
  /** Days after which credited points expire; null: never. */
  expiryDays: z.number().int().min(1).max(36500).nullable(),
  /** What one point is worth in the workspace's currency (for the liability and cost figures); null: not set. */
  pointValue: pointValue.nullable(),
})

/** A change of the settings: a point value left out stays as it was. */
export const settingsInput = settingsSchema.extend({ pointValue: pointValue.nullable().optional() })

export const memberSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  enrolledAt: z.string(),
  balance: z.string(),
})

export const memberTierSchema = z.object({
  code: z.string(),
  name: z.string(),
  benefits: z.array(z.string()),
  since: z.string().nullable(),
  belowSince: z.string().nullable(),
})

export const lotSchema = z.object({
  id: z.string(),
  sourceType: z.string(),
  sourceId: z.string(),
  rule: z.string(),
  points: z.string(),
  remaining: z.string(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
})

/** A member as GET …/members/:customerId answers: with their tier and their lots. */
export const memberDetailSchema = memberSchema.extend({
  tier: memberTierSchema.nullable(),
  lots: z.array(lotSchema),
})

export const entrySchema = z.object({
  seq: z.string(),
  kind: z.enum(['credit', 'debit', 'expiry', 'reversal']),
  points: z.string(),
  /** Points a reversal could not take back because they were already spent. */
  shortfall: z.string(),
  sourceType: z.string(),
  sourceId: z.string(),
  rule: z.string().nullable(),
  lotId: z.string().nullable(),
  reference: z.string().nullable(),
  reason: z.string().nullable(),
  actorUserId: z.string().nullable(),
  actorApiKeyId: z.string().nullable(),
  at: z.string(),
})

export const entriesPage = z.object({
  entries: z.array(entrySchema),
  /** Pass as `before` (with the same sort) for the next page; null when there is none. */
  nextBefore: z.string().nullable(),
})

export const entriesQuery = limitQuery(500, 50).extend({
  before: z
    .string()
    .regex(/^[1-9][0-9]{0,17}$/, 'an entry seq')
    .transform((s) => BigInt(s))
    .optional()
    .describe("the previous page's nextBefore: this page starts after that entry, in the same order"),
  ...sortQuery(entrySorts, 'newest first; ties by seq'),
})

export function memberJson(member: Member, balance: bigint): z.infer<typeof memberSchema> {
  return {
    id: member.id,
    customerId: member.customerId,
    enrolledAt: member.enrolledAt.toISOString(),
    balance: String(balance),
  }
}

export function lotJson(lot: Lot): z.infer<typeof lotSchema> {
  return {
    id: lot.id,
    sourceType: lot.sourceType,
    sourceId: lot.sourceId,
    rule: lot.rule,
    points: String(lot.points),
    remaining: String(lot.remaining),
    expiresAt: lot.expiresAt?.toISOString() ?? null,
    createdAt: lot.createdAt.toISOString(),
  }
}

export function entryJson(entry: Entry): z.infer<typeof entrySchema> {
  return {
    seq: String(entry.seq),
    kind: entry.kind,
    points: String(entry.points),
    shortfall: String(entry.shortfall),
    sourceType: entry.sourceType,
    sourceId: entry.sourceId,
    rule: entry.rule,
    lotId: entry.lotId,
    reference: entry.reference,
    reason: entry.reason,
    actorUserId: entry.actorUserId,
    actorApiKeyId: entry.actorApiKeyId,
    at: entry.at.toISOString(),
  }
}

export const tierSchema = z.object({
  code: plainText(50),
  name: plainText(100),
  rank: z.number().int().min(1).max(100),
  minSpend: amount.default('0'),
  minOrders: z.number().int().min(0).max(1_000_000).default(0),
  minEngagements: z.number().int().min(0).max(1_000_000).default(0),
  /** What the tier gives that is not a discount: priority support, early access, a named contact. */
  benefits: z.array(plainText(200)).max(20).default([]),
})

export const tierRulesSchema = z
  .object({
    windowDays: z.number().int().min(1).max(3660),
    graceDays: z.number().int().min(0).max(3660),
    tiers: z.array(tierSchema).max(20),
  })
  .superRefine((rules, ctx) => {
    const seen = { code: new Set<string>(), rank: new Set<number>() }
    rules.tiers.forEach((tier, i) => {
      for (const key of ['code', 'rank'] as const) {
        const set = seen[key] as Set<string | number>
        if (set.has(tier[key]))
          ctx.addIssue({ code: 'custom', path: ['tiers', i, key], message: `duplicate ${key}` })
        set.add(tier[key])
      }
    })
  })

export const actKindSchema = z.enum(actKinds)

export const actBody = z.object({
  customerId: plainText(100),
  kind: actKindSchema,
  /** Your id for the act (the review's id, the referral's code): recording it again changes nothing. */
  sourceId: plainText(200),
  occurredAt: z.iso
    .datetime({ offset: true })
    .refine((s) => Date.parse(s) < Date.parse('9999-01-01'), 'a date before the year 9999'),
  note: plainText(1000).optional(),
})

export const thankBody = z.object({
  /** The named employee the thanks come from. */
  from: plainText(200),
  message: plainText(2000),
  /** Also send it by e-mail (in the customer's language, where consent and fatigue rules allow). */
  email: z.boolean().default(false),
})

export const actSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  kind: actKindSchema,
  sourceId: z.string(),
  occurredAt: z.string(),
  note: z.string().nullable(),
  recordedAt: z.string(),
  thankedAt: z.string().nullable(),
  thankedBy: z.string().nullable(),
  thankMessage: z.string().nullable(),
  /** The thank-you e-mail: queued, sent, or why it was not sent. */
  thankEmailStatus: z.string().nullable(),
  points: z.string(),
})

export const actRulesSchema = z.object({
  /** Points per kind of act; a kind not listed earns none (thanks only). */
  points: z.partialRecord(actKindSchema, z.number().int().min(0).max(1_000_000_000)),
})

export function actJson(act: Act): z.infer<typeof actSchema> {
  return {
    ...act,
    occurredAt: act.occurredAt.toISOString(),
    recordedAt: act.recordedAt.toISOString(),
    thankedAt: act.thankedAt?.toISOString() ?? null,
    points: String(act.points),
  }
}
