import { z } from 'zod'
import { jsonTimestamp } from '../http/json-timestamp.js'
import { pageOf, pagingQuery, workspaceParams } from '../http/route-params.js'
import { caseStatusSchema } from './cases.js'
import { prioritySchema } from './rules.js'
import { caseSettingsSchema } from './settings.js'
import { webhookEventTypeSchema } from './webhooks.js'

// What the cases routes take and answer, as the OpenAPI document declares them (the dashboard's types too).

const text = (max: number) => z.string().trim().min(1).max(max)

export const caseParams = workspaceParams.extend({ caseId: z.uuid() })
export const endpointParams = workspaceParams.extend({ endpointId: z.uuid() })
export const deliveryParams = workspaceParams.extend({ deliveryId: z.uuid() })
export const customerParams = workspaceParams.extend({ customerId: z.uuid() })
export const inboundParams = z.object({
  inboundToken: z.string().regex(/^[a-z0-9_-]{6,40}$/, 'not an inbound token'),
})

export const caseListQuery = pagingQuery(200).extend({
  /** Comma-separated statuses; open ones (new, in progress, waiting) by default. */
  status: z
    .string()
    .max(100)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(caseStatusSchema))
    .optional(),
  /** 'me', 'unassigned' or a user id. */
  owner: z.union([z.enum(['me', 'unassigned']), z.uuid()]).optional(),
  orgUnitId: z.uuid().optional(),
  priority: prioritySchema.optional(),
  customerId: z.uuid().optional(),
  breached: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
})

export const caseSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  subject: z.string(),
  status: caseStatusSchema,
  priority: prioritySchema,
  source: z.enum(['response', 'signal', 'manual']),
  rule: z.string().nullable(),
  responseId: z.uuid().nullable(),
  customerId: z.uuid().nullable(),
  customerName: z.string().nullable(),
  customerEmail: z.string().nullable(),
  orgUnitId: z.uuid().nullable(),
  orgUnitName: z.string().nullable(),
  ownerUserId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  language: z.string().nullable(),
  openedAt: jsonTimestamp,
  firstReplyDueAt: jsonTimestamp.nullable(),
  firstReplyAt: jsonTimestamp.nullable(),
  resolutionDueAt: jsonTimestamp.nullable(),
  resolvedAt: jsonTimestamp.nullable(),
  closedAt: jsonTimestamp.nullable(),
  resolutionSummary: z.string().nullable(),
  escalations: z.array(z.string()),
  breached: z.object({ firstReply: z.boolean(), resolution: z.boolean() }),
  /** Business seconds to the running clock's target, negative once past it; null when no clock runs. */
  secondsLeft: z.number().int().nullable(),
})
export const casePageSchema = pageOf(caseSchema)

export const caseEventSchema = z.object({
  id: z.string(),
  at: jsonTimestamp,
  kind: z.string(),
  body: z.string().nullable(),
  actorUserId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
})
export const caseDetailSchema = caseSchema.extend({ events: z.array(caseEventSchema) })
export const conversationSchema = z.object({
  items: z.array(caseEventSchema.extend({ caseId: z.uuid(), caseNumber: z.number().int() })),
})

export const newCaseBody = z.object({
  customerId: z.uuid().nullable().default(null),
  subject: text(300),
  priority: prioritySchema.default('normal'),
  ownerUserId: z.uuid().nullable().optional(),
  note: text(10_000).optional(),
})
export const caseChangeBody = z.object({
  status: caseStatusSchema.optional(),
  priority: prioritySchema.optional(),
  ownerUserId: z.uuid().nullable().optional(),
  resolutionSummary: text(10_000).optional(),
})
export const noteBody = z.object({ body: text(10_000) })
export const replyBody = z.object({
  body: text(20_000),
  /** email sends it to the customer; phone logs a reply made by phone. */
  channel: z.enum(['email', 'phone']).default('email'),
})
export const assignBody = z.object({
  caseIds: z.array(z.uuid()).min(1).max(200),
  ownerUserId: z.uuid().nullable(),
})
export const assignedSchema = z.object({ changed: z.number().int() })

export const caseSettingsResponse = caseSettingsSchema.extend({
  /** The address customers' replies come back to (its local part holds each case's token). */
  inboundAddress: z.string(),
  /** The relay path: POST raw MIME here. */
  inboundRelayPath: z.string(),
})

export const endpointSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  kind: z.enum(['json', 'slack']),
  events: z.array(webhookEventTypeSchema),
  active: z.boolean(),
  createdAt: jsonTimestamp,
})
export const createdEndpointSchema = endpointSchema.extend({
  /** Shown once: signs every delivery (see docs/webhooks.md). */
  secret: z.string(),
})
export const endpointListSchema = z.object({ items: z.array(endpointSchema) })
export const deliveryPageSchema = pageOf(
  z.object({
    id: z.uuid(),
    eventId: z.uuid(),
    eventType: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: jsonTimestamp,
    deliveredAt: jsonTimestamp.nullable(),
    createdAt: jsonTimestamp,
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
  }),
)
export const inboundResultSchema = z.object({ caseId: z.uuid().nullable(), accepted: z.boolean() })
export const replayedSchema = z.object({ deliveryId: z.uuid(), status: z.literal('pending') })

export const caseContextSchema = z.object({
  customerId: z.uuid().nullable(),
  /** Oldest first. */
  scores: z.array(
    z.object({
      at: jsonTimestamp,
      kind: z.enum(['nps', 'csat', 'ces']),
      value: z.number(),
      touchpoint: z.string(),
    }),
  ),
  segment: z
    .object({
      segment: z.string(),
      abc: z.string(),
      xyz: z.string().nullable(),
      habitBroken: z.boolean(),
      asOf: z.string(),
    })
    .nullable(),
  /** From the newest fitted forecast; clv is a decimal, as text. */
  clv: z.object({ clv: z.string().nullable(), pAlive: z.number(), fittedAt: jsonTimestamp }).nullable(),
  /** Newest first. */
  touchpoints: z.array(
    z.object({
      at: jsonTimestamp,
      source: z.enum(['response', 'event']),
      touchpoint: z.string().nullable(),
      label: z.string(),
      channel: z.string().nullable(),
    }),
  ),
  /** The customer's cases opened before this one, newest first. */
  earlierCases: z.array(
    z.object({
      id: z.uuid(),
      number: z.number().int(),
      subject: z.string(),
      status: caseStatusSchema,
      openedAt: jsonTimestamp,
    }),
  ),
})
