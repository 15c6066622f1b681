/** A value of one COPY column: null is SQL NULL; a Date is written as an ISO timestamp. */
export type CopyValue = string | number | boolean | Date | null | undefined

// COPY's text format: one line per row, tab between columns, \N for NULL, backslash escapes.
const special = /[\\\t\n\r]/
const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

/** One value in COPY text format. */
export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N'
  if (typeof value === 'string')
    return special.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => escapes[c] ?? c) : value
  if (value instanceof Date) return value.toISOString()
  return String(value)
}

/**
 * Rows in PostgreSQL's COPY text format, ready for `db.copyFrom`.
 * @example copyText([['a', 1, null]]) // 'a\t1\t\\N\n'
 */
export function copyText(rows: Iterable<readonly CopyValue[]>): string {
  let text = ''
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) text += (i === 0 ? '' : '\t') + copyField(row[i])
    text += '\n'
  }
  return text
}

/** `"table" ("a", "b")` for a COPY statement; names are trusted identifiers, never user input. */
export function copyTarget(table: string, columns: readonly string[]): string {
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`
  return `${quote(table)} (${columns.map(quote).join(', ')})`
}
