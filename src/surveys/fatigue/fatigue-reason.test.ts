import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { type ContactFacts, type FatigueRules, fatigueReason } from './fatigue-reason.js'
import { inSample } from './sampling.js'

const now = new Date('2026-11-23T12:00:00Z')
const day = 86_400_000
const reachable: ContactFacts = {
  optedOut: false,
  emailOptIn: true,
  emailLegitimateInterest: false,
  email: 'olena@example.com',
  unsubscribed: false,
  lastInvitedAt: null,
  invitedLast90Days: 0,
}
const rules: FatigueRules = {
  channel: 'email',
  quarantineDays: 30,
  maxPer90Days: 3,
  samplePercent: 100,
  sampleKey: 'k',
}

test('a reachable person never asked before is invited', () => {
  expect(fatigueReason(reachable, rules, now)).toBeNull()
})

test('opt-out and unsubscribes hold on every channel; e-mail consent only on e-mail', () => {
  for (const channel of ['email', 'widget', 'link', 'conversation'] as const) {
    expect(fatigueReason({ ...reachable, optedOut: true }, { ...rules, channel }, now)).toBe('opted_out')
    expect(fatigueReason({ ...reachable, unsubscribed: true }, { ...rules, channel }, now)).toBe('opted_out')
  }
  expect(fatigueReason({ ...reachable, emailOptIn: false }, rules, now)).toBe('opted_out')
  expect(fatigueReason({ ...reachable, emailOptIn: false }, { ...rules, channel: 'widget' }, now)).toBeNull()
})

test('unknown e-mail consent is no consent, unless a legitimate-interest basis covers it; a refusal always wins', () => {
  const unknown = { ...reachable, emailOptIn: null }
  expect(fatigueReason(unknown, rules, now)).toBe('no_consent')
  expect(fatigueReason({ ...unknown, email: null }, rules, now)).toBe('no_channel')
  expect(fatigueReason({ ...unknown, emailLegitimateInterest: true }, rules, now)).toBeNull()
  expect(fatigueReason({ ...reachable, emailOptIn: false, emailLegitimateInterest: true }, rules, now)).toBe(
    'opted_out',
  )
  expect(fatigueReason(unknown, { ...rules, channel: 'widget' }, now)).toBeNull()
})

test('no e-mail address means no channel for an e-mail program, but the widget can still ask', () => {
  expect(fatigueReason({ ...reachable, email: null }, rules, now)).toBe('no_channel')
  expect(fatigueReason({ ...reachable, email: null }, { ...rules, channel: 'widget' }, now)).toBeNull()
})

test('quarantine counts whole days since the last invitation on any channel', () => {
  const at = (days: number) => ({ ...reachable, lastInvitedAt: new Date(now.getTime() - days * day) })
  expect(fatigueReason(at(29.9), rules, now)).toBe('quarantine')
  expect(fatigueReason(at(30), rules, now)).toBeNull()
  expect(fatigueReason(at(5), { ...rules, quarantineDays: 3 }, now)).toBeNull()
  expect(fatigueReason(at(0), { ...rules, quarantineDays: 0 }, now)).toBeNull()
})

test('the 90-day cap stops the fourth invitation when the cap is three', () => {
  expect(fatigueReason({ ...reachable, invitedLast90Days: 2 }, rules, now)).toBeNull()
  expect(fatigueReason({ ...reachable, invitedLast90Days: 3 }, rules, now)).toBe('cap')
})

test('consent wins over every other reason', () => {
  const everything = { ...reachable, optedOut: true, email: null, lastInvitedAt: now, invitedLast90Days: 9 }
  expect(fatigueReason(everything, { ...rules, samplePercent: 0 }, now)).toBe('opted_out')
})

test('sampling matches an independent reading of the SHA-256 bucket and keeps about the share asked', () => {
  fc.assert(
    fc.property(fc.string(), fc.integer({ min: 1, max: 99 }), (key, percent) => {
      const bucket = Number.parseInt(createHash('sha256').update(key).digest('hex').slice(0, 8), 16)
      expect(inSample(key, percent)).toBe(bucket * 100 < percent * 2 ** 32)
    }),
  )
  const kept = Array.from({ length: 2000 }, (_, i) => inSample(`program:event-${i}`, 25)).filter(
    Boolean,
  ).length
  expect(kept).toBeGreaterThan(420)
  expect(kept).toBeLessThan(580)
  expect(inSample('x', 0)).toBe(false)
  expect(inSample('x', 100)).toBe(true)
})
