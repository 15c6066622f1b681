/** Turns the text of one date cell into a Date (UTC unless the text has a zone), or null when it is not one. */
export type DateParser = (value: string) => Date | null

type Part = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second'

const tokens: Record<string, { part: Part; pattern: string }> = {
  YYYY: { part: 'year', pattern: '(\\d{4})' },
  MM: { part: 'month', pattern: '(\\d{2})' },
  M: { part: 'month', pattern: '(\\d{1,2})' },
  DD: { part: 'day', pattern: '(\\d{2})' },
  D: { part: 'day', pattern: '(\\d{1,2})' },
  HH: { part: 'hour', pattern: '(\\d{2})' },
  H: { part: 'hour', pattern: '(\\d{1,2})' },
  mm: { part: 'minute', pattern: '(\\d{2})' },
  ss: { part: 'second', pattern: '(\\d{2})' },
}
const tokenPattern = /YYYY|MM|M|DD|D|HH|H|mm|ss/g

/** The dates the 'ISO' format accepts (trimmed), as a regular expression that RE2 (DuckDB) reads alike. */
export const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/

/** Turns the text of one date cell into milliseconds since 1970 (UTC unless the text has a zone), or NaN. */
export type TimeParser = (value: string) => number

/**
 * Compiles 'ISO' (the default) or a pattern of YYYY MM M DD D HH H mm ss tokens into a strict date parser.
 * @example createDateParser('M/D/YYYY H:mm')('12/1/2010 8:26') // 2010-12-01T08:26:00.000Z
 */
export function createDateParser(format = 'ISO'): DateParser {
  const parse = createTimeParser(format)
  return (value) => {
    const time = parse(value)
    return Number.isNaN(time) ? null : new Date(time)
  }
}

/** createDateParser's parser, giving the time as a number: no Date to make for each row. */
export function createTimeParser(format = 'ISO'): TimeParser {
  const parse = format.toUpperCase() === 'ISO' ? parseIso : compilePattern(format)
  // Exports repeat the same timestamp on many consecutive rows (one per order line), and a few thousand
  // timestamps on many more.
  let lastValue = ''
  let lastTime = Number.NaN
  const seen = new Map<string, number>()
  return (value) => {
    if (value === lastValue) return lastTime
    lastValue = value
    let time = seen.get(value)
    if (time === undefined) {
      time = parse(value.trim())
      if (seen.size >= 4096) seen.clear()
      seen.set(value, time)
    }
    lastTime = time
    return time
  }
}

function parseIso(value: string): number {
  const m = isoPattern.exec(value)
  if (!m) return Number.NaN
  const fraction = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0
  const time = utcTime(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    +(m[4] ?? 0),
    +(m[5] ?? 0),
    +(m[6] ?? 0),
    fraction,
  )
  if (!m[9]) return time
  const offsetHours = Number(m[10])
  const offsetMinutes = +(m[11] ?? 0)
  if (offsetHours > 23 || offsetMinutes > 59) return Number.NaN
  const offset = (offsetHours * 60 + offsetMinutes) * 60_000
  return m[9] === '-' ? time + offset : time - offset
}

function compilePattern(format: string): (value: string) => number {
  const parts: Part[] = []
  let source = '^'
  let last = 0
  for (const match of format.matchAll(tokenPattern)) {
    source += literal(format.slice(last, match.index), format)
    const token = tokens[match[0]]
    if (token === undefined) throw new Error(`date format "${format}": no token ${match[0]}`)
    if (parts.includes(token.part)) throw new Error(`date format "${format}" has more than one ${token.part}`)
    parts.push(token.part)
    source += token.pattern
    last = match.index + match[0].length
  }
  source += `${literal(format.slice(last), format)}$`
  for (const required of ['year', 'month', 'day'] as const) {
    if (!parts.includes(required))
      throw new Error(`date format "${format}" has no ${required} (use YYYY, MM or M, DD or D)`)
  }
  const regex = new RegExp(source)
  const at = (part: Part) => parts.indexOf(part) + 1
  const [y, mo, d, h, mi, s] = [at('year'), at('month'), at('day'), at('hour'), at('minute'), at('second')]
  return (value) => {
    const m = regex.exec(value)
    if (!m) return Number.NaN
    return utcTime(
      Number(m[y]),
      Number(m[mo]),
      Number(m[d]),
      h ? Number(m[h]) : 0,
      mi ? Number(m[mi]) : 0,
      s ? Number(m[s]) : 0,
      0,
    )
  }
}

function literal(text: string, format: string): string {
  // A stray letter is almost always a mistyped token (yyyy, hh): refuse it instead of matching nothing.
  const letter = /[A-SU-Za-z]/.exec(text)
  if (letter) {
    throw new Error(
      `date format "${format}" has an unknown token "${letter[0]}" (use YYYY MM M DD D HH H mm ss)`,
    )
  }
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function utcTime(
  year: number,
  month: number,
  day: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN
  if (h > 23 || mi > 59 || s > 59) return Number.NaN
  const time = Date.UTC(year, month - 1, day, h, mi, s, ms)
  // Date.UTC reads years 0–99 as 1900–1999.
  return year < 100 ? new Date(time).setUTCFullYear(year) : time
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}
