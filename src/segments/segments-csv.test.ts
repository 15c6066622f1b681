import { stringify } from 'csv-stringify/sync'
import { expect, test } from 'vitest'
import type { SegmentCsvRow } from './analyze-file.js'
import { segmentColumns } from './segments.sql.js'
import { segmentsCsv } from './segments-csv.js'

test('rows are written and quoted as csv-stringify writes them', () => {
  const ids = ['c1', 'a,b', 'say "hi"', 'two\nlines', 'cr\r', ' spaced ', '', 'ünï']
  const rows = ids.map(
    (id) =>
      Object.fromEntries(segmentColumns.map((c) => [c, c === 'customer_id' ? id : ''])) as SegmentCsvRow,
  )
  rows[0]!.monetary = '-12.5'
  const expected = stringify([[...segmentColumns], ...rows.map((r) => segmentColumns.map((c) => r[c]))])
  expect(segmentsCsv(rows)).toBe(expected)
  expect(segmentsCsv([])).toBe(`${segmentColumns.join(',')}\n`)
})
