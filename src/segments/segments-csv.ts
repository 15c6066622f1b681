import type { SegmentCsvRow } from './analyze-file.js'
import { segmentColumns } from './segments.sql.js'

const needsQuotes = /[",\r\n]/

function field(value: string): string {
  return needsQuotes.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/**
 * The rows as CSV under the segment header, quoted as csv-stringify does: by hand, as a million customers
 * took csv-stringify seconds.
 */
export function segmentsCsv(rows: SegmentCsvRow[]): string {
  const parts = [`${segmentColumns.join(',')}\n`]
  for (let i = 0; i < rows.length; i += 10_000) {
    let chunk = ''
    for (const row of rows.slice(i, i + 10_000)) {
      chunk += field(row.customer_id)
      for (let c = 1; c < segmentColumns.length; c++) chunk += `,${field(row[segmentColumns[c]!])}`
      chunk += '\n'
    }
    parts.push(chunk)
  }
  return parts.join('')
}
