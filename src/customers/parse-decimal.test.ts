import { describe, expect, test } from 'vitest'
import { parseDecimal } from './parse-decimal.js'

describe('parseDecimal', () => {
  test.each([
    ['12.50', '12.50'],
    ['-3', '-3'],
    [' 7 ', '7'],
    ['+4.25', '4.25'],
    ['.5', '0.5'],
    ['-.5', '-0.5'],
    ['5.', '5'],
    ['0012', '0012'],
  ])('accepts %j as %j', (input, expected) => {
    expect(parseDecimal(input)).toBe(expected)
  })

  test.each(['1e3', 'abc', '', '  ', '1.2.3', '12,50', '1 000', '0x10', 'NaN', 'Infinity', '-'])(
    'rejects %j',
    (input) => {
      expect(parseDecimal(input)).toBeNull()
    },
  )

  test('a decimal comma is accepted only when allowed', () => {
    expect(parseDecimal('12,50', true)).toBe('12.50')
    expect(parseDecimal('-0,5', true)).toBe('-0.5')
    expect(parseDecimal('12,50', false)).toBeNull()
  })

  test('mixed grouping and decimal marks are refused rather than guessed', () => {
    expect(parseDecimal('1.234,50', true)).toBeNull()
    expect(parseDecimal('1,234,50', true)).toBeNull()
  })

  test('long decimals keep every digit (no float rounding)', () => {
    expect(parseDecimal('123456789012345.6789')).toBe('123456789012345.6789')
  })
})
