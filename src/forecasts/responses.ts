import { z } from 'zod'
import { jsonTimestamp } from '../http/json-timestamp.js'
import { pageOf } from '../http/route-params.js'

// What the forecast routes answer, as the OpenAPI document declares it.

const modelParameters = z.record(z.string(), z.number()).nullable()

export const fitSchema = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  fittedAt: jsonTimestamp,
  status: z.enum(['fitted', 'failed']),
  error: z.string().nullable(),
  unit: z.string(),
  currency: z.string().nullable(),
  calibrationEnd: z.string().nullable(),
  horizonDays: z.number().int(),
  customers: z.number().int(),
  chosen: z.enum(['bgnbd', 'paretoNbd']).nullable(),
  bgnbd: modelParameters,
  paretoNbd: modelParameters,
  gammaGamma: modelParameters,
  constantSpend: z.number().nullable(),
  clvOptions: z.record(z.string(), z.number()),
  warnings: z.array(z.string()),
  seconds: z.number(),
  /** What the fit says, in numbers and one English paragraph; null when it failed. */
  explanation: z
    .object({
      model: z.enum(['bgnbd', 'paretoNbd']),
      purchasesPerWeek: z.number(),
      dropoutPerPurchase: z.number().nullable(),
      lifetimeWeeks: z.number().nullable(),
      meanSpend: z.number().nullable(),
      holdoutError: z.number().nullable(),
      correlation: z.number().nullable(),
      text: z.string(),
    })
    .nullable(),
})

export const currentFitSchema = z.object({ fit: fitSchema.nullable() })

/** A figure per purchase model; null for a model that was not fitted. */
const perModel = z.object({ bgnbd: z.number().nullable(), paretoNbd: z.number().nullable() })

/** The holdout comparison of the models (see validate-holdout.ts), or why there is none. */
export const holdoutValidationSchema = z.union([
  z.object({ error: z.string() }),
  z.object({
    calibrationEnd: z.string(),
    holdoutEnd: z.string(),
    duration: z.number(),
    actual: z.number(),
    predicted: perModel,
    tracking: z.array(perModel.extend({ week: z.number().int(), actual: z.number() })),
    byFrequency: z.array(
      perModel.extend({
        x: z.number().int(),
        orMore: z.boolean(),
        customers: z.number().int(),
        actual: z.number(),
      }),
    ),
    correlation: perModel,
  }),
])

export const fitValidationSchema = z.object({
  fitId: z.uuid().nullable(),
  validation: holdoutValidationSchema.nullable(),
})

export const customerForecastSchema = z.object({
  current: z
    .object({
      fitId: z.uuid(),
      fittedAt: jsonTimestamp,
      x: z.number(),
      pAlive: z.number(),
      pAliveBefore: z.number().nullable(),
      expectedPurchases: z.number(),
      expectedSpend: z.string().nullable(),
      clv: z.string().nullable(),
    })
    .nullable(),
  horizonDays: z.number().int().nullable(),
  currency: z.string().nullable(),
  history: z.array(z.object({ fittedAt: jsonTimestamp, pAlive: z.number() })),
})

export const atRiskPageSchema = pageOf(
  z.object({
    customerId: z.uuid(),
    externalId: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    revenue: z.string(),
    pAlive: z.number(),
    pAliveBefore: z.number(),
    revenueAtRisk: z.string(),
    expectedPurchases: z.number(),
    clv: z.string().nullable(),
  }),
).extend({ currency: z.string().nullable() })
