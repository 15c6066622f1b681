import { expect, test } from 'vitest'
import { pageTexts } from '../../../src/surveys/page-texts.js'
import { fillText, stateText } from './page-texts.js'

test('fillText puts the value in place of its placeholder and leaves the others', () => {
  expect(fillText('{n} of {total}', 'n', 3)).toBe('3 of {total}')
  expect(fillText(fillText('{n} of {total}', 'n', 3), 'total', 12)).toBe('3 of 12')
})

test('stateText says why a survey cannot be answered, in the page language', () => {
  const pl = pageTexts.pl
  expect(stateText(pl, 'expired')).toBe(pl.expired)
  expect(stateText(pl, 'withdrawn')).toBe(pl.withdrawn)
  expect(stateText(pl, 'not_found')).toBe(pl.notFound)
})

test('stateText of an open survey without its questions says it was not found', () => {
  expect(stateText(pageTexts.en, 'open')).toBe(pageTexts.en.notFound)
})
