import { expect, test } from 'vitest'
import { parseDefinition } from './definition.js'
import { conditionHolds, surveyPath } from './survey-path.js'
import { npsDefinition } from './test-survey.js'

const d = parseDefinition(npsDefinition)

test('a promoter jumps from the first page to the promoter ending; others see page two', () => {
  expect(surveyPath(d, { nps: 9 })).toEqual({ pages: ['score'], ending: 'promoter', missing: [] })
  expect(surveyPath(d, { nps: 8 })).toEqual({
    pages: ['score', 'why'],
    ending: 'thanks',
    missing: ['reason'],
  })
  expect(surveyPath(d, {})).toEqual({ pages: ['score', 'why'], ending: 'thanks', missing: ['nps', 'reason'] })
})

test('conditions compare numbers, match options and test presence', () => {
  expect(conditionHolds({ question: 'a', op: 'lt', value: 7 }, { a: 6 })).toBe(true)
  expect(conditionHolds({ question: 'a', op: 'lt', value: 7 }, { a: 7 })).toBe(false)
  expect(conditionHolds({ question: 'a', op: 'gte', value: 7 }, { a: 'x' })).toBe(false)
  expect(conditionHolds({ question: 'a', op: 'includes', value: 'price' }, { a: ['speed', 'price'] })).toBe(
    true,
  )
  expect(conditionHolds({ question: 'a', op: 'eq', value: 'yes' }, { a: 'yes' })).toBe(true)
  expect(conditionHolds({ question: 'a', op: 'not_answered' }, {})).toBe(true)
})
