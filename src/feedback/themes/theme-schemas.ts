import { z } from 'zod'
import { jsonTimestamp } from '../../http/json-timestamp.js'
import { pageOf, pagingQuery, paramsWith, workspaceParams } from '../../http/route-params.js'
import { dbDate } from '../../http/schema-bounds.js'
import { themeLanguageSchema } from './languages.js'

// What the comment-theme routes take and answer, as the OpenAPI document declares them.

/** A theme key: a shop theme (delivery, price…), or a learned one (x:language:stems). */
const themeKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\p{Cc}]+$/u, 'a theme key without control characters')

export const themeParams = paramsWith('themeKey').extend({ themeKey })
export const themesParams = workspaceParams

const polaritySchema = z.enum(['positive', 'negative', 'neutral'])

export const themeFilterQuery = z.object({
  language: themeLanguageSchema.optional().describe('only comments detected in this language'),
  touchpoint: z.string().min(1).max(200).optional(),
  from: dbDate().optional().describe('answered at or after'),
  to: dbDate().optional().describe('answered before'),
})

export const themeTableQuery = themeFilterQuery.extend({
  nameLanguage: themeLanguageSchema
    .optional()
    .describe("name the themes from their phrases in this language (the reader's), where they have some"),
})

export const verbatimQuery = themeFilterQuery.extend(pagingQuery(200).shape).extend({
  polarity: polaritySchema.optional(),
})

const separationSchema = z.object({
  detractors: z.number().int(),
  promoters: z.number().int(),
  lift: z.number().nullable(),
  logOdds: z.number(),
  se: z.number(),
  z: z.number(),
})

export const themeRowSchema = z.object({
  key: z.string(),
  name: z.string(),
  renamed: z.boolean(),
  kind: z.enum(['seed', 'pinned', 'learned']),
  pinned: z.boolean(),
  merged: z.array(z.string()).describe('theme keys merged into this one'),
  phrases: z.array(
    z.object({ key: z.string(), surface: z.string(), comments: z.number().int(), language: z.string() }),
  ),
  comments: z.number().int(),
  share: z.number().describe('of all comments in the filter'),
  positive: z.number().int(),
  negative: z.number().int(),
  neutral: z.number().int(),
  meanSentiment: z.number().describe('−1…1, the lexicon and the score given on the same response'),
  separation: separationSchema.describe(
    'detractor vs promoter comments: log odds (Haldane ½), SE, z and lift',
  ),
})

export const themeTableSchema = z.object({
  totals: z.object({
    comments: z.number().int(),
    detractors: z.number().int(),
    promoters: z.number().int(),
    themed: z.number().int(),
  }),
  themes: z.array(themeRowSchema),
  computedAt: jsonTimestamp.nullable(),
})

export const verbatimPageSchema = pageOf(
  z.object({
    responseId: z.string(),
    questionId: z.string(),
    text: z.string(),
    language: z.string(),
    sentiment: z.number(),
    polarity: polaritySchema,
    npsGroup: z.enum(['promoter', 'passive', 'detractor']).nullable(),
    touchpoint: z.string(),
    answeredAt: jsonTimestamp,
  }),
)

export const themeEditBody = z
  .object({
    name: z.string().trim().min(1).max(200).nullable().optional().describe('null: back to the phrases'),
    pinned: z.boolean().optional(),
    mergedInto: themeKey.nullable().optional().describe('null: unmerge'),
  })
  .strict()

export const themeEditSchema = z.object({
  key: z.string(),
  name: z.string().nullable(),
  pinned: z.boolean(),
  mergedInto: z.string().nullable(),
})

export const themeRunSchema = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  total: z.number().int(),
  processed: z.number().int(),
  error: z.string().nullable(),
  createdAt: jsonTimestamp,
  startedAt: jsonTimestamp.nullable(),
  finishedAt: jsonTimestamp.nullable(),
})
