import { z } from 'zod'
import { jsonTimestamp } from '../http/json-timestamp.js'
import { pageOf, workspaceParams } from '../http/route-params.js'

// What the "you said, we did" routes take and answer, as the OpenAPI document declares them.

const text = (max: number) => z.string().trim().min(1).max(max)
const customerStatus = z.enum(['selected', 'deselected', 'sent', 'suppressed', 'failed'])
export const changeMetricSchema = z.enum(['nps', 'csat', 'ces'])

export const changeParams = workspaceParams.extend({ changeId: z.uuid() })

export const newChangeBody = z
  .object({
    title: text(200),
    /** Language (two letters) → message, or '*' → one message for every language. */
    texts: z
      .record(z.string().regex(/^(\*|[a-z]{2})$/, "a two-letter language or '*'"), text(5000))
      .refine((t) => Object.keys(t).length >= 1 && Object.keys(t).length <= 20, 'one to twenty texts'),
    touchpoint: text(100).optional(),
    /** A comment theme: a comment of a low-scored answer holds one of these words. */
    themeWords: z.array(text(100)).min(1).max(50).optional(),
    metric: changeMetricSchema.default('nps'),
    /** Low scores answered on or after this moment raised it; 90 days ago when absent. */
    raisedSince: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((b) => (b.touchpoint === undefined) !== (b.themeWords === undefined), {
    message: 'link the change to a touchpoint or to a comment theme (themeWords), not both',
    path: ['touchpoint'],
  })

export const selectionBody = z.object({
  customerIds: z.array(z.uuid()).min(1).max(5000),
  selected: z.boolean(),
})

const groupSchema = z.object({
  customers: z.number().int(),
  n: z.number().int(),
  meanBefore: z.number().nullable(),
  meanNext: z.number().nullable(),
})

export const changeSummarySchema = z.object({
  id: z.uuid(),
  title: z.string(),
  texts: z.record(z.string(), z.string()),
  touchpoint: z.string().nullable(),
  themeWords: z.array(z.string()).nullable(),
  metric: changeMetricSchema,
  raisedSince: jsonTimestamp,
  createdAt: jsonTimestamp,
  notifiedAt: jsonTimestamp.nullable(),
  createdByName: z.string().nullable(),
  counts: z.object({
    selected: z.number().int(),
    deselected: z.number().int(),
    sent: z.number().int(),
    suppressed: z.number().int(),
    failed: z.number().int(),
  }),
  comparison: z.object({
    told: groupSchema,
    notTold: groupSchema,
    difference: z.object({ value: z.number(), low: z.number(), high: z.number() }).nullable(),
    enoughData: z.boolean(),
  }),
})

export const changeDetailSchema = changeSummarySchema.extend({
  customers: z.array(
    z.object({
      customerId: z.uuid(),
      externalId: z.string(),
      name: z.string().nullable(),
      raisedScore: z.number(),
      raisedAt: jsonTimestamp,
      status: customerStatus,
      reason: z.string().nullable(),
      sentAt: jsonTimestamp.nullable(),
      nextScore: z.number().nullable(),
    }),
  ),
})

export const changePageSchema = pageOf(changeSummarySchema)
export const selectedSchema = z.object({ changed: z.number().int() })
export const notifiedSchema = z.object({
  sent: z.number().int(),
  suppressed: z.number().int(),
  failed: z.number().int(),
})

export const campaignParams = workspaceParams.extend({ campaignId: z.uuid() })
export const recipientParams = campaignParams.extend({ customerId: z.uuid() })

const outreachList = z.enum(['silent', 'habit_broken', 'at_risk'])

/** How many customers each outreach list holds now, counted up to the largest campaign. */
export const outreachListsSchema = z.object({
  items: z.array(
    z.object({
      list: outreachList,
      customers: z.number().int(),
      /** True when the list holds more than `customers`, the most a campaign takes. */
      more: z.boolean(),
    }),
  ),
})

export const newCampaignBody = z.object({
  name: text(200),
  list: outreachList,
  subject: text(200),
  /** {{name}} becomes each customer's name. */
  template: text(5000),
  /** An outcome (an order, a survey answer) counts within this many days of the message. */
  outcomeDays: z.number().int().min(1).max(365).default(30),
  /** At most this many customers of the list, most valuable first. */
  limit: z.number().int().min(1).max(2000).default(200),
})

export const recipientChangeBody = z
  .object({ message: text(5000).optional(), selected: z.boolean().optional() })
  .refine((b) => b.message !== undefined || b.selected !== undefined, {
    message: 'give a message or selected',
    path: ['message'],
  })

const campaignSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  list: outreachList,
  subject: z.string(),
  template: z.string(),
  outcomeDays: z.number().int(),
  createdAt: jsonTimestamp,
  sentAt: jsonTimestamp.nullable(),
  recipients: z.number().int(),
  sent: z.number().int(),
  suppressed: z.number().int(),
  replied: z.number().int(),
  boughtAgain: z.number().int(),
  answeredSurvey: z.number().int(),
})
export const campaignListSchema = z.object({ items: z.array(campaignSummary) })
export const campaignDetailSchema = campaignSummary.extend({
  items: z.array(
    z.object({
      customerId: z.uuid(),
      externalId: z.string(),
      name: z.string().nullable(),
      message: z.string(),
      status: customerStatus,
      reason: z.string().nullable(),
      sentAt: jsonTimestamp.nullable(),
      repliedAt: jsonTimestamp.nullable(),
      boughtAgain: z.boolean(),
      answeredSurvey: z.boolean(),
    }),
  ),
})
