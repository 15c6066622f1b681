import { expect, test } from 'vitest'
import { answeredBySend } from './conversation-mode.js'
import { toggleOption } from './question-input.js'

test('ticking an option adds it after those ticked before', () => {
  expect(toggleOption(['a'], 'c', undefined)).toEqual(['a', 'c'])
})

test('ticking a ticked option unticks it', () => {
  expect(toggleOption(['a', 'b'], 'a', 2)).toEqual(['b'])
})

test('a tick beyond maxChoices is ignored, an untick is not', () => {
  expect(toggleOption(['a', 'b'], 'c', 2)).toEqual(['a', 'b'])
  expect(toggleOption(['a', 'b'], 'b', 2)).toEqual(['a'])
})

test('in conversation mode multiple choice, text and battery wait for Send; a scale or single choice moves on', () => {
  expect(['multiple', 'text', 'battery', 'nps', 'single'].map((type) => answeredBySend({ type }))).toEqual([
    true,
    true,
    true,
    false,
    false,
  ])
})
