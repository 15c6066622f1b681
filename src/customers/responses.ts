import { z } from 'zod'
import { jsonTimestamp } from '../http/json-timestamp.js'
import { pageOf } from '../http/route-params.js'

// What the customer routes answer, as the OpenAPI document declares it.

export const customerSummarySchema = z.object({
  id: z.uuid(),
  externalId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  language: z.string().nullable(),
  orgUnitId: z.uuid().nullable(),
  orgUnitName: z.string().nullable(),
  ordersCount: z.number().int(),
  /** A decimal, as text. */
  revenue: z.string(),
  currency: z.string().nullable(),
  lastOrderAt: jsonTimestamp.nullable(),
})

export const customerSchema = customerSummarySchema.extend({
  attributes: z.record(z.string(), z.unknown()),
  /** null: never stated, which counts as no consent. */
  emailOptIn: z.boolean().nullable(),
  smsOptIn: z.boolean().nullable(),
  optedOut: z.boolean(),
  createdAt: jsonTimestamp,
  updatedAt: jsonTimestamp,
  firstOrderAt: jsonTimestamp.nullable(),
})

export const customerPageSchema = pageOf(customerSummarySchema)

export const timelineSchema = z.object({
  items: z.array(
    z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('order'),
        id: z.uuid(),
        at: jsonTimestamp,
        externalId: z.string(),
        amount: z.string(),
        currency: z.string(),
        status: z.string(),
        lines: z.array(
          z.object({
            productId: z.string(),
            productName: z.string().nullable(),
            quantity: z.string(),
            unitPrice: z.string(),
          }),
        ),
      }),
      z.object({
        kind: z.literal('event'),
        id: z.uuid(),
        at: jsonTimestamp,
        type: z.string(),
        channel: z.string().nullable(),
        touchpoint: z.string().nullable(),
        properties: z.record(z.string(), z.unknown()),
      }),
    ]),
  ),
})

export const webhookSourceSchema = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  platform: z.enum(['shopify', 'woocommerce']),
  name: z.string(),
  secret: z.string(),
  createdAt: jsonTimestamp,
  lastReceivedAt: jsonTimestamp.nullable(),
  /** Where the shop sends its webhooks. */
  url: z.string(),
})
