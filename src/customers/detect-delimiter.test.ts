import { describe, expect, test } from 'vitest'
import { detectDelimiter } from './detect-delimiter.js'

describe('detectDelimiter', () => {
  test.each([
    ['comma', 'customer_id,name,email\n1,a,b', ','],
    ['tab', 'customer_id\tname\temail\n1\ta\tb', '\t'],
    ['semicolon', 'customer_id;name;email\r\n1;a;b', ';'],
    ['pipe', 'customer_id|name|email', '|'],
  ])('detects %s', (_name, head, expected) => {
    expect(detectDelimiter(head)).toBe(expected)
  })

  test('delimiters inside quotes do not count', () => {
    expect(detectDelimiter('"a,b,c,d";"e,f";g\n1;2;3')).toBe(';')
  })

  test('only the first line counts, even when later lines look different', () => {
    expect(detectDelimiter('a\tb\n1,2,3,4,5,6')).toBe('\t')
  })

  test('a single-column header falls back to comma', () => {
    expect(detectDelimiter('customer_id\n42')).toBe(',')
  })
})
