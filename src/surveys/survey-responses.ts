import { z } from 'zod'
import { jsonTimestamp } from '../http/json-timestamp.js'
import { definitionSchema, textSchema } from './definition.js'
import { MAX_RECOMMENDED_SECONDS } from './estimate-time.js'
import { surveyPageUrl } from './invitations.js'
import { npsKindSchema, type SurveyWithDefinition, surveyStatusSchema } from './surveys.js'

// What the survey routes answer, as the OpenAPI document declares it.

const surveyFields = {
  id: z.uuid(),
  workspaceId: z.uuid(),
  name: z.string(),
  touchpoint: z.string(),
  /** The journeys' touchpoint whose key `touchpoint` is (null only if that touchpoint was deleted). */
  touchpointId: z.uuid().nullable(),
  npsKind: npsKindSchema,
  status: surveyStatusSchema,
  template: z.string().nullable(),
  slug: z.string(),
  anonymousLink: z.boolean(),
  currentVersion: z.number().int(),
  /** Set while archived: out of the list, closed to answers and invitations. */
  archivedAt: jsonTimestamp.nullable(),
  createdAt: jsonTimestamp,
  updatedAt: jsonTimestamp,
  estimatedSeconds: z.number(),
  estimateWarning: z.boolean(),
}

export const surveyListSchema = z.object({
  items: z.array(z.object({ ...surveyFields, responses: z.number().int(), completed: z.number().int() })),
})

/** A survey with its current definition and its anonymous link. */
export const surveySchema = z.object({
  ...surveyFields,
  definition: definitionSchema,
  anonymousUrl: z.string(),
})

/** One version of a survey's definition, as its answers were given to it. */
export const surveyVersionSchema = z.object({
  surveyId: z.uuid(),
  version: z.number().int(),
  definition: definitionSchema,
})

/** The survey as the dashboard sees it: definition, time estimate with its warning, anonymous link. */
export function presentSurvey(survey: SurveyWithDefinition) {
  return {
    ...survey,
    estimateWarning: survey.estimatedSeconds > MAX_RECOMMENDED_SECONDS,
    anonymousUrl: surveyPageUrl({ slug: survey.slug }),
  }
}

export const surveyTemplatesSchema = z.array(
  z.object({
    key: z.string(),
    name: textSchema,
    source: z.string(),
    meaning: textSchema,
    npsKind: npsKindSchema,
    touchpoint: z.string(),
    definition: definitionSchema,
    estimatedSeconds: z.number(),
  }),
)

export const surveyEstimateSchema = z.object({
  valid: z.boolean(),
  issues: z.array(z.object({ field: z.string(), message: z.string() })),
  estimatedSeconds: z.number().nullable(),
  estimateWarning: z.boolean(),
})

export const createdInvitationSchema = z.object({
  invitation: z.object({
    id: z.uuid(),
    workspaceId: z.uuid(),
    surveyId: z.uuid(),
    customerId: z.uuid().nullable(),
    orgUnitId: z.uuid().nullable(),
    programId: z.uuid().nullable(),
    channel: z.string(),
    language: z.string().nullable(),
    status: z.string(),
    suppressedReason: z.string().nullable(),
    hidden: z.record(z.string(), z.string()),
    createdAt: jsonTimestamp,
    sentAt: jsonTimestamp.nullable(),
    openedAt: jsonTimestamp.nullable(),
    startedAt: jsonTimestamp.nullable(),
    completedAt: jsonTimestamp.nullable(),
    expiresAt: jsonTimestamp.nullable(),
  }),
  /** The personal link to send. */
  url: z.string(),
})
