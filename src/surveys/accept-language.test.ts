import { expect, test } from 'vitest'
import { acceptedLanguages } from './accept-language.js'

test('Accept-Language is ordered by q, then by position; q=0 and * are dropped', () => {
  expect(acceptedLanguages('en;q=0.5, uk-UA, pl;q=0.9, de;q=0, *;q=0.1')).toEqual(['uk-ua', 'pl', 'en'])
  expect(acceptedLanguages(undefined)).toEqual([])
})
