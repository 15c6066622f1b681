import { z } from 'zod'
import { jsonTimestamp } from '../http/json-timestamp.js'
import { pageOf } from '../http/route-params.js'

// What the responses route answers, as the OpenAPI document declares it.

export const responsePageSchema = pageOf(
  z.object({
    id: z.uuid(),
    surveyId: z.uuid(),
    surveyName: z.string(),
    surveyVersion: z.number().int(),
    language: z.string(),
    channel: z.string(),
    touchpoint: z.string(),
    npsKind: z.string(),
    customerId: z.uuid().nullable(),
    customerExternalId: z.string().nullable(),
    customerName: z.string().nullable(),
    orgUnitName: z.string().nullable(),
    /** Question id → answer (a number, text, choice ids…). */
    answers: z.record(z.string(), z.unknown()),
    hidden: z.record(z.string(), z.string()),
    startedAt: jsonTimestamp,
    completedAt: jsonTimestamp.nullable(),
  }),
)

export const questionSummarySchema = z.object({
  surveyId: z.uuid(),
  /** The responses that match the filter, answered or not. */
  responses: z.number().int(),
  questions: z.array(
    z.object({
      questionId: z.string(),
      /** A battery's statement; null for every other question. */
      statementId: z.string().nullable(),
      type: z.enum(['nps', 'csat', 'ces', 'rating', 'single', 'multiple', 'text', 'battery']),
      /** How many of the responses answered it. */
      n: z.number().int(),
      /** Every point of a scale, every option of a choice (in the survey's order); empty for a text. */
      values: z.array(z.object({ value: z.string(), count: z.number().int() })),
      mean: z.number().nullable(),
    }),
  ),
})
