import { z } from 'zod'
import { pageOf } from '../../http/route-params.js'
import { diagnosisSettingsSchema, quadrants } from './quadrant.js'

// What the diagnosis routes answer, as the OpenAPI document declares it. Decimals and dates travel as text.

const quadrantSchema = z.enum(quadrants)
const level = z.enum(['high', 'low'])

export const diagnosisMatrixSchema = z.object({
  /** The date of the RFM analysis the patronage comes from; null before the first one. */
  asOf: z.string().nullable(),
  orgUnitId: z.uuid().nullable(),
  settings: diagnosisSettingsSchema,
  cells: z.array(
    z.object({
      quadrant: quadrantSchema,
      customers: z.number().int(),
      revenue: z.string(),
    }),
  ),
})

export const diagnosedCustomerSchema = z.object({
  id: z.uuid(),
  externalId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  quadrant: quadrantSchema,
  attitudeSource: z.enum(['nps', 'commitment']).nullable(),
  attitudeBand: z.enum(['high', 'medium', 'low']).nullable(),
  attitude: level.nullable(),
  patronage: level,
  nps: z.number().int().nullable(),
  commitmentMean: z.string().nullable(),
  r: z.number().int().nullable(),
  f: z.number().int().nullable(),
  monetary: z.string().nullable(),
  asOf: z.string().nullable(),
})

export const diagnosedCustomerPageSchema = pageOf(diagnosedCustomerSchema)
