import type { Period } from './metric-types.js'

// Calendar arithmetic on local dates (YYYY-MM-DD), done in UTC so that no machine time zone creeps in.

function parse(date: string): Date {
  return new Date(`${date}T00:00:00Z`)
}

function format(date: Date): string {
  return date.toISOString().slice(0, 10)
}

function addMonths(date: Date, months: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1))
}

/** The first day of the period (ISO week: Monday) that holds the date. */
export function periodStart(date: string, period: Period): string {
  const d = parse(date)
  switch (period) {
    case 'day':
      return format(d)
    case 'week':
      return format(new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000))
    case 'month':
      return format(addMonths(d, 0))
    case 'quarter':
      return format(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % 3), 1)))
  }
}

/** The first day of the period before the one that starts on `start`. */
export function previousPeriodStart(start: string, period: Period): string {
  const d = parse(start)
  switch (period) {
    case 'day':
      return format(new Date(d.getTime() - 86_400_000))
    case 'week':
      return format(new Date(d.getTime() - 7 * 86_400_000))
    case 'month':
      return format(addMonths(d, -1))
    case 'quarter':
      return format(addMonths(d, -3))
  }
}

/** The window of the same length just before [from, to] (both days included). */
export function previousWindow(from: string, to: string): { from: string; to: string } {
  const days = Math.round((parse(to).getTime() - parse(from).getTime()) / 86_400_000) + 1
  const start = parse(from).getTime()
  return { from: format(new Date(start - days * 86_400_000)), to: format(new Date(start - 86_400_000)) }
}

/**
 * The whole months within [from, to] (either open) as [first month, first month after] (null: open), or null when
 * the window holds no whole month; the window's other days lie in [from, first) and [after, to].
 */
export function wholeMonths(
  from: string | null,
  to: string | null,
): { first: string | null; after: string | null } | null {
  const first = from === null ? null : from.endsWith('-01') ? from : format(addMonths(parse(from), 1))
  const next = to === null ? null : format(new Date(parse(to).getTime() + 86_400_000))
  const after = next === null ? null : next.endsWith('-01') ? next : periodStart(next, 'month')
  if (first !== null && after !== null && first >= after) return null
  return { first, after }
}
