import { expect, test } from 'vitest'
import type { PageQuestion } from '../../../src/surveys/page-boot.js'
import { describeAnswer } from './describe-answer.js'

const base = { text: 'Q', description: '', required: false }
const choice: PageQuestion = {
  ...base,
  id: 'colour',
  type: 'multiple',
  options: [
    { id: 'r', label: 'Red' },
    { id: 'g', label: 'Green' },
  ],
}

test('a score is shown as the number', () => {
  expect(describeAnswer({ ...base, id: 'nps', type: 'nps', min: 0, max: 10 }, 0)).toBe('0')
})

test('options are shown by their labels, in the order chosen', () => {
  expect(describeAnswer(choice, 'g')).toBe('Green')
  expect(describeAnswer(choice, ['g', 'r'])).toBe('Green, Red')
})

test('a text, or an option id no longer offered, is shown as given', () => {
  expect(describeAnswer({ ...base, id: 'why', type: 'text' }, 'Too slow')).toBe('Too slow')
  expect(describeAnswer(choice, ['b'])).toBe('b')
})

test('a battery lists each statement with its score', () => {
  const battery: PageQuestion = {
    ...base,
    id: 'b',
    type: 'battery',
    statements: [
      { id: 's1', text: 'Fast' },
      { id: 's2', text: 'Kind' },
    ],
  }
  expect(describeAnswer(battery, { s2: 1, s1: 5 })).toBe('Fast: 5; Kind: 1')
})
