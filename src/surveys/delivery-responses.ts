import { z } from 'zod'
import { jsonTimestamp } from '../http/json-timestamp.js'
import { programSchema, widgetTriggerSchema } from './programs/program.js'

// What the survey delivery and widget routes answer, as the OpenAPI document declares it.

export const widgetSetupSchema = z.object({
  workspaceId: z.uuid(),
  snippet: z.string(),
  /** Only for those who manage the workspace. */
  secret: z.string().nullable(),
})

export const funnelSchema = z.object({
  eligible: z.number().int(),
  invited: z.number().int(),
  opened: z.number().int(),
  started: z.number().int(),
  completed: z.number().int(),
  pending: z.number().int(),
  suppressed: z.array(z.object({ reason: z.string(), count: z.number().int() })),
})

/** A program as JSON: its times as text. */
export const programResponseSchema = programSchema.extend({
  createdAt: jsonTimestamp,
  updatedAt: jsonTimestamp,
})
export const programListSchema = z.object({ items: z.array(programResponseSchema) })
export const programWithFunnelSchema = programResponseSchema.extend({ funnel: funnelSchema })

export const customerInvitationsSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      surveyId: z.uuid(),
      surveyName: z.string(),
      programId: z.uuid().nullable(),
      programName: z.string().nullable(),
      channel: z.string(),
      status: z.string(),
      suppressedReason: z.string().nullable(),
      createdAt: jsonTimestamp,
      sentAt: jsonTimestamp.nullable(),
      openedAt: jsonTimestamp.nullable(),
      completedAt: jsonTimestamp.nullable(),
      expiresAt: jsonTimestamp.nullable(),
    }),
  ),
  unsubscribes: z.array(
    z.object({ surveyId: z.uuid().nullable(), surveyName: z.string().nullable(), createdAt: jsonTimestamp }),
  ),
})

export const widgetProgramsSchema = z.object({
  programs: z.array(z.object({ id: z.uuid() }).and(widgetTriggerSchema)),
})

export const widgetAnswerSchema = z.union([
  z.object({ show: z.literal(false), reason: z.enum(['not_in_audience', 'suppressed', 'no_program']) }),
  z.object({
    show: z.literal(true),
    url: z.string(),
    invitationId: z.uuid(),
    /** The language of the survey shown (data-lang, else the customer's); the panel's texts follow it. */
    lang: z.string().nullable(),
  }),
])
