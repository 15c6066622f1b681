import { expect, test } from 'vitest'
import { neutraliseFirstColumn, stringifyCsv } from './stringify-csv.js'

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
