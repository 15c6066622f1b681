import { expect, test } from 'vitest'
import { toCsv } from './touchpoint-csv.js'

// RFC 4180 quoting and the OWASP rule, on hand-written cells.

test('a cell a spreadsheet would run as a formula is made inert; plain numbers stay numbers', () => {
  expect(toCsv([['=HYPERLINK("x")', '+1', -12.5, '-3', '@me', 'ok']])).toBe(
    `"'=HYPERLINK(""x"")",+1,-12.5,-3,'@me,ok\r\n`,
  )
})

test('commas, quotes and line breaks are quoted; null is an empty cell', () => {
  expect(toCsv([['a,b', 'say "hi"', 'two\nlines', null]])).toBe(`"a,b","say ""hi""","two\nlines",\r\n`)
})
