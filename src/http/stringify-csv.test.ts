import fc from 'fast-check'
import { expect, test } from 'vitest'
import { neutraliseFirstColumn, neutraliseFirstColumnBytes, stringifyCsv } from './stringify-csv.js'

test('cells starting with a formula character get a leading quote', () => {
  const hostile = ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']
  expect(stringifyCsv([[hostile[0]]])).toBe(`"'=HYPERLINK(""http://x"")"\n`)
  expect(stringifyCsv([hostile.slice(1)])).toBe(`'+1+1,'-2+3,'@SUM(A1),'\tcmd,"'\rcmd"\n`)
})

test('plain numbers stay numbers, negative ones and decimal strings included', () => {
  expect(stringifyCsv([[-12.5, '-12.50', '+7', '1e5', 0, '-0.25']])).toBe('-12.5,-12.50,+7,1e5,0,-0.25\n')
})

test('ordinary text and a formula character later in the cell are untouched', () => {
  expect(stringifyCsv([['Kateryna', 'a=b', 'x-1', '']])).toBe('Kateryna,a=b,x-1,\n')
})

test('CSV written by a database COPY gets its first column neutralised, numbers and later cells untouched', () => {
  const copied = '=1+1,2024-01-05,-3\n"@x, y",2024-01-05,1\n-12.50,2024-01-05,=b\nplain,2024-01-05,1\n'
  expect(neutraliseFirstColumn(copied)).toBe(
    '\'=1+1,2024-01-05,-3\n"\'@x, y",2024-01-05,1\n-12.50,2024-01-05,=b\nplain,2024-01-05,1\n',
  )
})

test('CSV bytes are neutralised as their text is, and come back undecoded when nothing needs it', () => {
  // Formula characters next to every line break JavaScript knows, quotes, commas and a multibyte letter.
  const unit = fc.constantFrom(
    '=',
    '+',
    '-',
    '@',
    '\t',
    '\r',
    '\n',
    '\u2028',
    '\u2029',
    '"',
    ',',
    'a',
    '1',
    '.',
    'é',
  )
  fc.assert(
    fc.property(fc.string({ unit, maxLength: 12 }), (text) => {
      const bytes = Buffer.from(text)
      const inert = neutraliseFirstColumnBytes(bytes)
      expect(String(inert)).toBe(neutraliseFirstColumn(text))
      if (!/[=+\-@\t\r]/.test(text)) expect(inert).toBe(bytes)
    }),
    { numRuns: 5000 },
  )
  const plain = Buffer.from('Kateryna,2024-01-05,-3\n"a\nb",2024-01-05,=1\n')
  expect(neutraliseFirstColumnBytes(plain)).toBe(plain)
  expect(neutraliseFirstColumnBytes(Buffer.from('a\u2028=b,1\n'))).toBe("a\u2028'=b,1\n")
})
