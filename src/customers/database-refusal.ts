import { shownText } from './shown-text.js'

// What a record's writer is told when the database refuses it, by SQLSTATE: the database's own text can hold
// the value, a query or an internal detail, and is only logged.
const refusals: Record<string, string> = {
  '22001': 'a text is longer than its field allows',
  '22003': 'a number is out of range',
  '22007': 'a date is not valid',
  '22008': 'a date is out of range',
  '22021': 'a text holds a character that cannot be stored (such as NUL, U+0000)',
  '22P02': 'a value has the wrong form for its field',
  '22P05': 'a text holds a character that cannot be stored (such as NUL, U+0000)',
  '23502': 'a required value is missing',
  '23503': 'it refers to something that does not exist',
  '23505': 'it conflicts with a record stored already',
  '23514': 'a value is outside what is allowed',
  '54000': 'it is too large to store',
  '54001': 'it is too large or too deeply nested to store',
}

/** Why the database refused a record, in words for its writer, and the field when the database names one. */
export function describeRefusal(error: unknown): { field: string | null; message: string } {
  const code = errorProperty(error, 'code')
  const column = errorProperty(error, 'column')
  const reason =
    error instanceof RangeError
      ? 'it is too large or too deeply nested to store'
      : ((code && refusals[code]) ?? 'the database could not store it')
  return { field: column ?? null, message: `rejected by the database: ${reason}` }
}

/** One line for the server's log: the database's code and its own words, cut short. */
export function refusalLogLine(error: unknown): string {
  const code = errorProperty(error, 'code')
  const message = error instanceof Error ? error.message : String(error)
  return `${code ? `${code} ` : ''}${shownText(message, 300)}`
}

function errorProperty(error: unknown, name: 'code' | 'column'): string | undefined {
  if (typeof error !== 'object' || error === null || !(name in error)) return undefined
  const value = (error as Record<string, unknown>)[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}
