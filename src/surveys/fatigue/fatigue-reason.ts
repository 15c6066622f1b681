import { inSample } from './sampling.js'

/** Why an invitation was not sent. */
export const suppressionReasons = [
  'opted_out',
  'no_channel',
  'no_consent',
  'sampled_out',
  'quarantine',
  'cap',
] as const
export type SuppressionReason = (typeof suppressionReasons)[number]

/** What the database knows about a person, as far as sending them a survey goes. */
export interface ContactFacts {
  optedOut: boolean
  /** null: never stated, which is no consent unless the workspace has a legitimate-interest basis. */
  emailOptIn: boolean | null
  /** The workspace's documented legitimate-interest basis for e-mailing people of unknown consent. */
  emailLegitimateInterest: boolean
  email: string | null
  /** Unsubscribed from this survey or from all surveys. */
  unsubscribed: boolean
  lastInvitedAt: Date | null
  invitedLast90Days: number
}

export interface FatigueRules {
  channel: 'email' | 'widget' | 'link' | 'conversation'
  quarantineDays: number
  maxPer90Days: number
  samplePercent: number
  sampleKey: string
}

const DAY = 86_400_000

/** Whether e-mail consent allows a survey e-mail: given, or unknown under a legitimate-interest basis. */
export function emailConsentAllows(
  facts: Pick<ContactFacts, 'emailOptIn' | 'emailLegitimateInterest'>,
): boolean {
  return facts.emailOptIn === true || (facts.emailOptIn === null && facts.emailLegitimateInterest)
}

/**
 * The reason not to invite, or null to invite. Refusals first (the person's wish), then whether the channel
 * can reach them, then consent that was never given, then the sample, then the protections against asking too often.
 */
export function fatigueReason(facts: ContactFacts, rules: FatigueRules, now: Date): SuppressionReason | null {
  if (facts.optedOut || facts.unsubscribed) return 'opted_out'
  if (rules.channel === 'email' && facts.emailOptIn === false) return 'opted_out'
  if (rules.channel === 'email' && !facts.email) return 'no_channel'
  if (rules.channel === 'email' && !emailConsentAllows(facts)) return 'no_consent'
  if (!inSample(rules.sampleKey, rules.samplePercent)) return 'sampled_out'
  if (
    rules.quarantineDays > 0 &&
    facts.lastInvitedAt &&
    now.getTime() - facts.lastInvitedAt.getTime() < rules.quarantineDays * DAY
  )
    return 'quarantine'
  if (facts.invitedLast90Days >= rules.maxPer90Days) return 'cap'
  return null
}
