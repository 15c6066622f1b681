import { describe, expect, test } from 'vitest'
import { type CaseRule, type ClassifiedResponse, caseRulesSchema, defaultRules, matchRule } from './rules.js'

const response = (over: Partial<ClassifiedResponse>): ClassifiedResponse => ({
  id: 'r',
  workspaceId: 'w',
  surveyId: 's',
  customerId: null,
  orgUnitId: null,
  touchpoint: 'delivery',
  language: 'en',
  completedAt: new Date('2026-03-23T08:00:00Z'),
  nps: [],
  csat: [],
  ces: [],
  choices: [],
  comments: [],
  ...over,
})

describe('matchRule', () => {
  test('a 6 is a detractor and a 7 is not (NPS: 0–6 detract, 7–8 passive)', () => {
    expect(matchRule(defaultRules, response({ nps: [6] }))?.rule.when).toBe('detractor')
    expect(matchRule(defaultRules, response({ nps: [7] }))).toBeUndefined()
  })

  test('CSAT 2 and CES 3 open a case with the default rules; CSAT 3 and CES 4 do not', () => {
    expect(matchRule(defaultRules, response({ csat: [2] }))?.reason).toBe('CSAT 2')
    expect(matchRule(defaultRules, response({ ces: [3] }))?.reason).toBe('CES 3')
    expect(matchRule(defaultRules, response({ csat: [3], ces: [4] }))).toBeUndefined()
  })

  test('the first matching rule in the workspace order wins', () => {
    const rules: CaseRule[] = [
      { name: 'Refund words', when: 'comment_contains', words: ['refund'], priority: 'urgent' },
      ...defaultRules,
    ]
    const match = matchRule(rules, response({ nps: [2], comments: ['I want a REFUND now'] }))
    expect(match?.rule.name).toBe('Refund words')
    expect(match?.rule.priority).toBe('urgent')
  })

  test('words match whole words, not parts of others; phrases match as written', () => {
    const rules: CaseRule[] = [
      { name: 'Late', when: 'comment_contains', words: ['late', 'never arrived'], priority: 'high' },
    ]
    expect(matchRule(rules, response({ comments: ['chocolate was great'] }))).toBeUndefined()
    expect(matchRule(rules, response({ comments: ['Late again.'] }))?.reason).toBe('comment mentions “late”')
    expect(matchRule(rules, response({ comments: ['It never arrived!'] }))).toBeDefined()
  })

  test('a chosen answer matches by option id', () => {
    const rules: CaseRule[] = [{ name: 'Damaged', when: 'answer', options: ['damaged'], priority: 'high' }]
    expect(matchRule(rules, response({ choices: ['fast', 'damaged'] }))?.reason).toBe('answered damaged')
    expect(matchRule(rules, response({ choices: ['fast'] }))).toBeUndefined()
  })
})

test('rule thresholds outside the scale are refused, naming the field', () => {
  const parsed = caseRulesSchema.safeParse([{ name: 'x', when: 'csat_at_most', value: 9, priority: 'low' }])
  expect(parsed.error?.issues[0]?.path).toEqual([0, 'value'])
})
