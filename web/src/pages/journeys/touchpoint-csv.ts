// A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection"); the server's
// stringifyCsv neutralises the same way. A plain number such as -12.5 stays a number.
const formulaStart = /^[=+\-@\t\r]/
const plainNumber = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

function cell(value: string | number | null): string {
  if (value === null) return ''
  let text = String(value)
  if (formulaStart.test(text) && !plainNumber.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * Rows as CSV text (RFC 4180, CRLF), every text cell made inert for spreadsheets.
 * @example toCsv([['=1+1', -12.5]]) // "'=1+1,-12.5\r\n"
 */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return rows.map((row) => `${row.map(cell).join(',')}\r\n`).join('')
}

/** Offers text as a file download from the browser. */
export function downloadText(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  URL.revokeObjectURL(url)
}
