import { stringify } from 'csv-stringify/sync'

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
const formulaStart = /^[=+\-@\t\r]/
// Where neutraliseFirstColumn may change UTF-8 bytes read as Latin-1: its `^` starts a line after \n, \r, U+2028 or
// U+2029 (E2 80 A8 and E2 80 A9).
const lineFormulaStart = /(?:^|[\n\r]|\xE2\x80[\xA8\xA9])"?[=+\-@\t\r]/
// A plain decimal such as -12.50 or +3e5 is a number to the spreadsheet, not a formula.
const plainNumber = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

/** A cell's text made inert for spreadsheets: a leading formula character gets a `'` before it. */
export function neutraliseCsvCell(text: string): string {
  return formulaStart.test(text) && !plainNumber.test(text) ? `'${text}` : text
}

/**
 * Rows as CSV text, every string cell neutralised: the one way Rapport writes CSV.
 * @example stringifyCsv([['=1+1', -12.5]]) // "'=1+1,-12.5\n"
 */
export function stringifyCsv(rows: readonly (readonly unknown[])[]): string {
  return stringify(rows as unknown[][], {
    cast: {
      string: neutraliseCsvCell,
      object: (value) => neutraliseCsvCell(JSON.stringify(value)),
    },
  })
}

/**
 * CSV text written elsewhere (a database COPY) made inert where only its first column holds outside text:
 * each line's first cell is neutralised as stringifyCsv would.
 */
export function neutraliseFirstColumn(csv: string): string {
  return csv.replace(/^("?)([=+\-@\t\r][^,\n"]*)/gm, (whole, quote: string, cell: string) =>
    plainNumber.test(cell) ? whole : `${quote}'${cell}`,
  )
}

/**
 * neutraliseFirstColumn of UTF-8 CSV bytes, without decoding them when no line of theirs starts with a formula
 * character: then they come back as they are.
 */
export function neutraliseFirstColumnBytes(csv: Buffer): Buffer | string {
  return lineFormulaStart.test(csv.toString('latin1')) ? neutraliseFirstColumn(csv.toString()) : csv
}
