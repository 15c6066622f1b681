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
