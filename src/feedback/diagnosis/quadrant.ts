import { z } from 'zod'

// Dick & Basu (1994): loyalty is relative attitude crossed with repeat patronage. The rules here are the
// definition; diagnosis.sql.ts states the same rules in SQL for a whole workspace at once, and its test checks
// that the two agree.

export const quadrants = [
  'true_loyalty',
  'latent_loyalty',
  'spurious_loyalty',
  'no_loyalty',
  'unknown',
] as const
export type Quadrant = (typeof quadrants)[number]

/** Where a relative attitude was read from: the latest relational NPS answer, else the affective commitment. */
export type AttitudeSource = 'nps' | 'commitment'
/** The band of the answer itself, before "medium" is mapped by the workspace's setting. */
export type AttitudeBand = 'high' | 'medium' | 'low'
export type Level = 'high' | 'low'

const npsPoint = z.coerce.number().int().min(0).max(10)
const agreement = z.coerce.number().min(1).max(7)

/**
 * A workspace's thresholds. NPS: high from npsHighMin (9), low up to npsLowMax (6), medium between (7–8, the
 * passives). Affective commitment (mean of the affective statements on the 1–7 agreement scale, 4 neutral):
 * high from 5.5 (rounded, "agree" or more), low up to 4.5 (rounded, neutral or less), medium between.
 * mediumAttitude decides the medium band: "low" by default, because a passive is satisfied but not attached
 * (Reichheld 2003: passives are open to a competitor's offer), so a passive who buys often is spurious loyalty,
 * at risk, rather than true loyalty. Repeat patronage is high when the RFM F score ≥ patronageFMin and the R
 * score ≥ patronageRMin.
 */
export const diagnosisSettingsSchema = z
  .object({
    npsHighMin: npsPoint.min(1).default(9),
    npsLowMax: npsPoint.max(9).default(6),
    commitmentHighMin: agreement.gt(1).default(5.5),
    commitmentLowMax: agreement.default(4.5),
    mediumAttitude: z.enum(['low', 'high']).default('low'),
    patronageFMin: z.coerce.number().int().min(1).max(5).default(4),
    patronageRMin: z.coerce.number().int().min(1).max(5).default(3),
  })
  .refine((s) => s.npsLowMax < s.npsHighMin, { message: 'must be below npsHighMin', path: ['npsLowMax'] })
  .refine((s) => s.commitmentLowMax < s.commitmentHighMin, {
    message: 'must be below commitmentHighMin',
    path: ['commitmentLowMax'],
  })
export type DiagnosisSettings = z.infer<typeof diagnosisSettingsSchema>

export const defaultDiagnosisSettings: DiagnosisSettings = diagnosisSettingsSchema.parse({})

/** The band of a 0–10 NPS answer. */
export function npsBand(score: number, s: DiagnosisSettings): AttitudeBand {
  if (score >= s.npsHighMin) return 'high'
  if (score <= s.npsLowMax) return 'low'
  return 'medium'
}

/** The band of an affective-commitment mean on 1–7. */
export function commitmentBand(mean: number, s: DiagnosisSettings): AttitudeBand {
  if (mean >= s.commitmentHighMin) return 'high'
  if (mean <= s.commitmentLowMax) return 'low'
  return 'medium'
}

/** What a customer said: their latest relational NPS answer and their latest affective-commitment mean. */
export interface Heard {
  nps: number | null
  commitmentMean: number | null
}

/** The relative attitude and where it came from; null when the customer has given neither answer. */
export function relativeAttitude(
  heard: Heard,
  s: DiagnosisSettings,
): { source: AttitudeSource; band: AttitudeBand; attitude: Level } | null {
  const found =
    heard.nps !== null
      ? { source: 'nps' as const, band: npsBand(heard.nps, s) }
      : heard.commitmentMean !== null
        ? { source: 'commitment' as const, band: commitmentBand(heard.commitmentMean, s) }
        : null
  if (!found) return null
  return { ...found, attitude: found.band === 'medium' ? s.mediumAttitude : found.band }
}

/** Repeat patronage from the current RFM scores; a customer without them (no purchase analysed) buys little. */
export function repeatPatronage(rfm: { r: number; f: number } | null, s: DiagnosisSettings): Level {
  return rfm !== null && rfm.f >= s.patronageFMin && rfm.r >= s.patronageRMin ? 'high' : 'low'
}

/** The quadrant of an attitude and a patronage; a customer never heard from is unknown, not guessed. */
export function quadrantOf(attitude: Level | null, patronage: Level): Quadrant {
  if (attitude === null) return 'unknown'
  if (attitude === 'high') return patronage === 'high' ? 'true_loyalty' : 'latent_loyalty'
  return patronage === 'high' ? 'spurious_loyalty' : 'no_loyalty'
}

/** A customer's diagnosis from what they said and what they did. */
export function diagnose(heard: Heard, rfm: { r: number; f: number } | null, s: DiagnosisSettings) {
  const attitude = relativeAttitude(heard, s)
  const patronage = repeatPatronage(rfm, s)
  return { attitude, patronage, quadrant: quadrantOf(attitude?.attitude ?? null, patronage) }
}
