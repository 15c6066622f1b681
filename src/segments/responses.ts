import { z } from 'zod'
import { pageOf } from '../http/route-params.js'

// What the segment routes answer, as the OpenAPI document declares it. Decimals and dates travel as text.

const cell = {
  customers: z.number().int(),
  revenue: z.string(),
  customerShare: z.string(),
  revenueShare: z.string().nullable(),
}

export const segmentSummarySchema = z.object({
  asOf: z.string().nullable(),
  customers: z.number().int(),
  revenue: z.string(),
  habitBroken: z.number().int(),
  segments: z.array(z.object({ ...cell, segment: z.string() })),
  abcXyz: z.array(z.object({ ...cell, abc: z.string(), xyz: z.string().nullable() })),
  rf: z.array(z.object({ ...cell, r: z.number().int(), f: z.number().int(), segment: z.string() })),
})

export const segmentCustomerSchema = z.object({
  id: z.uuid(),
  externalId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  firstPurchase: z.string(),
  lastPurchase: z.string(),
  recencyDays: z.number().int(),
  frequency: z.number().int(),
  monetary: z.string(),
  r: z.number().int(),
  f: z.number().int(),
  m: z.number().int(),
  segment: z.string(),
  abc: z.string(),
  xyz: z.string().nullable(),
  cv: z.string().nullable(),
  medianIntervalDays: z.string().nullable(),
  intervalCv: z.string().nullable(),
  nextDue: z.string().nullable(),
  habitBroken: z.boolean(),
  asOf: z.string(),
})

export const segmentCustomerPageSchema = pageOf(segmentCustomerSchema)

export const cohortsSchema = z.object({
  asOf: z.string().nullable(),
  cohorts: z.array(
    z.object({
      cohort: z.string(),
      customers: z.number().int(),
      repeatRate: z.string(),
      periods: z.array(
        z.object({
          period: z.number().int(),
          active: z.number().int(),
          activeShare: z.string(),
          churnRate: z.string().nullable(),
          retentionRate: z.string().nullable(),
        }),
      ),
    }),
  ),
})

export const segmentHistorySchema = z.object({
  items: z.array(
    z.object({ asOf: z.string(), segment: z.string(), customers: z.number().int(), revenue: z.string() }),
  ),
})

export const recomputeResultSchema = z.object({
  asOf: z.string().nullable(),
  customers: z.number().int(),
  millis: z.number(),
})
