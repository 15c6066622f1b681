import { z } from 'zod'

// SLA arithmetic in business time: the workspace's working hours per weekday, in its time zone, less its
// holidays and less the spans spent waiting on the customer. Pure: no clock, no database.

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM')
export const dayHoursSchema = z
  .object({ start: hhmm, end: hhmm })
  .refine((h) => minutes(h.start) < minutes(h.end), { message: 'end must be after start', path: ['end'] })
  .nullable()

export const calendarSchema = z.object({
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Riga'),
  /** Seven entries, Sunday first: the working hours of that weekday, or null when closed. */
  hours: z.array(dayHoursSchema).length(7),
  /** Local dates (YYYY-MM-DD) with no working hours. */
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')).max(400),
})
export type BusinessCalendar = z.infer<typeof calendarSchema>

/** A span of time; end null: still going on. */
export interface Span {
  start: Date
  end: Date | null
}

// A calendar with no working day at all would never reach a deadline: the walk gives up after ten years.
const maxDays = 3660

function minutes(text: string): number {
  const [h, m] = text.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name })
    return true
  } catch {
    return false
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** The wall-clock time at `instant` in the zone, as if it were UTC (ms). */
function wallClock(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {}
  for (const p of formatter(timeZone).formatToParts(new Date(instant)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
}

/** The instant when the zone's clocks show this wall-clock time (ms as if UTC). */
function fromWallClock(wall: number, timeZone: string): number {
  // Two passes settle the offset on either side of a DST change; a time skipped by the change moves forward.
  let guess = wall - (wallClock(wall, timeZone) - wall)
  guess = wall - (wallClock(guess, timeZone) - guess)
  return guess
}

const dayMs = 86_400_000

/** The working windows [start, end) in ms, day by day from the local day holding `from`. */
function* workingWindows(calendar: BusinessCalendar, from: number): Generator<[number, number]> {
  const holidays = new Set(calendar.holidays)
  let day = Math.floor(wallClock(from, calendar.timeZone) / dayMs) * dayMs
  for (let i = 0; i < maxDays; i++, day += dayMs) {
    const date = new Date(day)
    const hours = calendar.hours[date.getUTCDay()]
    if (!hours || holidays.has(date.toISOString().slice(0, 10))) continue
    const start = fromWallClock(day + minutes(hours.start) * 60_000, calendar.timeZone)
    const end = fromWallClock(day + minutes(hours.end) * 60_000, calendar.timeZone)
    if (end > from) yield [Math.max(start, from), end]
  }
}

/** [start, end) minus the pauses, as sorted disjoint pieces. */
function withoutPauses(start: number, end: number, pauses: readonly Span[]): [number, number][] {
  let pieces: [number, number][] = [[start, end]]
  for (const pause of pauses) {
    const ps = pause.start.getTime()
    const pe = pause.end?.getTime() ?? Number.POSITIVE_INFINITY
    pieces = pieces.flatMap(([s, e]): [number, number][] => {
      if (pe <= s || ps >= e) return [[s, e]]
      const left: [number, number][] = ps > s ? [[s, ps]] : []
      const right: [number, number][] = pe < e ? [[pe, e]] : []
      return [...left, ...right]
    })
  }
  return pieces
}

/** Business seconds between two instants, not counting holidays, closed hours and the pauses. */
export function businessSecondsBetween(
  calendar: BusinessCalendar,
  from: Date,
  to: Date,
  pauses: readonly Span[] = [],
): number {
  const end = to.getTime()
  if (end <= from.getTime()) return 0
  let total = 0
  for (const [ws, we] of workingWindows(calendar, from.getTime())) {
    if (ws >= end) break
    for (const [s, e] of withoutPauses(ws, Math.min(we, end), pauses)) total += e - s
  }
  return Math.round(total / 1000)
}

/**
 * The instant at which `seconds` of business time have passed since `from`; null when an open pause (waiting
 * on the customer now) stops the clock before then, or the calendar never works that long.
 * @example addBusinessSeconds(rigaWeekdays, fridayAt16, 4 * 3600) // Monday 12:00 in Riga
 */
export function addBusinessSeconds(
  calendar: BusinessCalendar,
  from: Date,
  seconds: number,
  pauses: readonly Span[] = [],
): Date | null {
  let left = seconds * 1000
  const openPause = pauses.find((p) => p.end === null)
  for (const [ws, we] of workingWindows(calendar, from.getTime())) {
    if (openPause && ws >= openPause.start.getTime()) return null
    for (const [s, e] of withoutPauses(ws, we, pauses)) {
      if (e - s >= left) return new Date(s + left)
      left -= e - s
    }
  }
  return null
}

/** Weekdays 09:00–17:00 in UTC, no holidays: what a workspace has until it sets its own. */
export const defaultCalendar: BusinessCalendar = {
  timeZone: 'UTC',
  hours: [
    null,
    { start: '09:00', end: '17:00' },
    { start: '09:00', end: '17:00' },
    { start: '09:00', end: '17:00' },
    { start: '09:00', end: '17:00' },
    { start: '09:00', end: '17:00' },
    null,
  ],
  holidays: [],
}
