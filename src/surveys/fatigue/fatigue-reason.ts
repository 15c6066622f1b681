import { inSample } from './sampling.js'

/** Why an invitation was not sent. */
export const suppressionReasons = ['opted_out', 'no_channel', 'sampled_out', 'quarantine', 'cap'] as const
export type SuppressionReason = (typeof suppressionReasons)[number]

/** What the database knows about a person, as far as sending them a survey goes. */
export interface ContactFacts {
  optedOut: boolean
  emailOptIn: boolean
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

/**
 * The reason not to invite, or null to invite. Consent first (it is the person's wish), then whether the
 * channel can reach them, then the sample, then the protections against asking too often.
 */
export function fatigueReason(facts: ContactFacts, rules: FatigueRules, now: Date): SuppressionReason | null {
  if (facts.optedOut || facts.unsubscribed) return 'opted_out'
  if (rules.channel === 'email' && !facts.emailOptIn) return 'opted_out'
  if (rules.channel === 'email' && !facts.email) return 'no_channel'
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
