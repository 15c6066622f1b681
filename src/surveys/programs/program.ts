import { z } from 'zod'

/**
 * Who a program may invite: customers matching every given attribute, in the org unit (or below), in the segment,
 * with an engagement score within the bounds.
 */
export const audienceSchema = z.object({
  attributes: z
    .record(z.string().min(1).max(100), z.union([z.string().max(500), z.number(), z.boolean()]))
    .refine((a) => Object.keys(a).length <= 20, 'must have at most 20 attributes')
    .optional(),
  orgUnitId: z.uuid().optional(),
  segmentId: z.string().min(1).max(64).optional(),
  /** Customers whose engagement score (0 to 100: acts of loyalty, feedback, purchase habit) is within these bounds. */
  engagement: z
    .object({
      min: z.number().int().min(0).max(100).optional(),
      max: z.number().int().min(0).max(100).optional(),
    })
    .refine((e) => e.min === undefined || e.max === undefined || e.min <= e.max, {
      message: 'min must not be above max',
      path: ['min'],
    })
    .optional(),
})
export type Audience = z.infer<typeof audienceSchema>

/** When the widget asks: on a page view, on a custom event the site fires, after a delay, on exit intent. */
export const widgetTriggerSchema = z
  .object({
    on: z.enum(['page_view', 'event', 'delay', 'exit_intent']).default('page_view'),
    event: z.string().min(1).max(100).optional(),
    delaySeconds: z.number().int().min(0).max(3600).optional(),
    pathContains: z.string().max(200).optional(),
  })
  .refine((w) => w.on !== 'event' || w.event, { path: ['event'], message: 'needed when on is "event"' })
export type WidgetTrigger = z.infer<typeof widgetTriggerSchema>

const programFields = {
  name: z.string().trim().min(1).max(200),
  surveyId: z.uuid(),
  channel: z.enum(['email', 'widget']),
  /** The ingested event type that starts it (e-mail programs), e.g. order_delivered. */
  triggerEvent: z.string().min(1).max(100).nullable().default(null),
  delayMinutes: z.number().int().min(0).max(525_600).default(0),
  samplePercent: z.number().min(0).max(100).default(100),
  audience: audienceSchema.default({}),
  widget: widgetTriggerSchema.default({ on: 'page_view' }),
  respectQuietHours: z.boolean().default(true),
  expiresAfterHours: z.number().int().min(1).max(8760).default(168),
  reminders: z.number().int().min(0).max(2).default(2),
  reminderAfterHours: z.number().int().min(1).max(720).default(72),
  /** Overrides of the workspace's quarantine and 90-day cap; null uses the workspace's. */
  quarantineDays: z.number().int().min(0).max(365).nullable().default(null),
  maxPer90Days: z.number().int().min(1).max(90).nullable().default(null),
  enabled: z.boolean().default(true),
}

export const newProgramSchema = z
  .object(programFields)
  .refine((p) => p.channel !== 'email' || p.triggerEvent, {
    path: ['triggerEvent'],
    message: 'an e-mail program needs the event that triggers it',
  })
export type NewProgram = z.infer<typeof newProgramSchema>

export const programChangesSchema = z.object(programFields).partial()
export type ProgramChanges = z.infer<typeof programChangesSchema>

export const programSchema = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  ...programFields,
  createdAt: z.date(),
  updatedAt: z.date(),
})
export type Program = z.infer<typeof programSchema>
