import { z } from 'zod'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'

/** Whether Intl knows the time zone name (IANA, e.g. Europe/Kyiv). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name })
    return true
  } catch {
    return false
  }
}

export const deliverySettingsSchema = z.object({
  /** Days between any two invitations to the same person, across all channels. */
  quarantineDays: z.number().int().min(0).max(365),
  maxPer90Days: z.number().int().min(1).max(90),
  quietStart: z.number().int().min(0).max(23),
  quietEnd: z.number().int().min(0).max(23),
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Kyiv'),
})
export type DeliverySettings = z.infer<typeof deliverySettingsSchema>

export const defaultDeliverySettings: DeliverySettings = {
  quarantineDays: 30,
  maxPer90Days: 3,
  quietStart: 21,
  quietEnd: 8,
  timezone: 'UTC',
}

export async function getDeliverySettings(db: Db, workspaceId: string): Promise<DeliverySettings> {
  const [row] = await db.query<DeliverySettings>(sql`select quarantine_days as "quarantineDays",
      max_per_90_days as "maxPer90Days", quiet_start as "quietStart", quiet_end as "quietEnd", timezone
    from survey_delivery_settings where workspace_id = ${workspaceId}`)
  return row ?? defaultDeliverySettings
}

export async function saveDeliverySettings(
  db: Db,
  workspaceId: string,
  s: DeliverySettings,
): Promise<DeliverySettings> {
  await db.query(sql`insert into survey_delivery_settings
      (workspace_id, quarantine_days, max_per_90_days, quiet_start, quiet_end, timezone)
    values (${workspaceId}, ${s.quarantineDays}, ${s.maxPer90Days}, ${s.quietStart}, ${s.quietEnd}, ${s.timezone})
    on conflict (workspace_id) do update set quarantine_days = excluded.quarantine_days,
      max_per_90_days = excluded.max_per_90_days, quiet_start = excluded.quiet_start,
      quiet_end = excluded.quiet_end, timezone = excluded.timezone, updated_at = now()`)
  return getDeliverySettings(db, workspaceId)
}

export const consentSettingsSchema = z
  .object({
    /** E-mail people whose consent is unknown (never those who refused) under a legitimate interest. */
    emailLegitimateInterest: z.boolean(),
    /** The workspace's written-down basis: what the interest is and why it outweighs the person's. */
    legitimateInterestBasis: z
      .string()
      .trim()
      .min(10)
      .max(2000)
      .refine(
        (text) => !text.includes('\u0000') && !/\p{Cs}/u.test(text),
        'must be text without NUL or lone surrogates',
      )
      .nullish(),
  })
  .refine((s) => !s.emailLegitimateInterest || s.legitimateInterestBasis, {
    message: 'is required to e-mail people of unknown consent',
    path: ['legitimateInterestBasis'],
  })
/** The consent settings as stored and answered. */
export const storedConsentSettingsSchema = z.object({
  emailLegitimateInterest: z.boolean(),
  legitimateInterestBasis: z.string().nullable(),
})
export type ConsentSettings = z.infer<typeof storedConsentSettingsSchema>

export async function getConsentSettings(db: Db, workspaceId: string): Promise<ConsentSettings> {
  const [row] =
    await db.query<ConsentSettings>(sql`select email_legitimate_interest as "emailLegitimateInterest",
      legitimate_interest_basis as "legitimateInterestBasis"
    from survey_delivery_settings where workspace_id = ${workspaceId}`)
  return row ?? { emailLegitimateInterest: false, legitimateInterestBasis: null }
}

export async function saveConsentSettings(
  db: Db,
  workspaceId: string,
  s: z.infer<typeof consentSettingsSchema>,
): Promise<ConsentSettings> {
  const basis = s.legitimateInterestBasis ?? null
  await db.query(sql`insert into survey_delivery_settings (workspace_id, email_legitimate_interest, legitimate_interest_basis)
    values (${workspaceId}, ${s.emailLegitimateInterest}, ${basis})
    on conflict (workspace_id) do update set email_legitimate_interest = excluded.email_legitimate_interest,
      legitimate_interest_basis = excluded.legitimate_interest_basis, updated_at = now()`)
  return getConsentSettings(db, workspaceId)
}
