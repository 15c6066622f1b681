/** The local hour (0–23) at an instant in a time zone. */
export function localHour(at: Date, timeZone: string): number {
  const text = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at)
  return Number(text)
}

/** Whether the local hour falls in [start, end), a window that may wrap midnight; start = end means none. */
export function isQuietHour(hour: number, start: number, end: number): boolean {
  if (start === end) return false
  return start < end ? hour >= start && hour < end : hour >= start || hour < end
}

/**
 * The first moment at or after `at` outside quiet hours in the time zone. Walks minute by minute so
 * that half-hour offsets and daylight-saving jumps need no special cases.
 * @example nextSendTime(new Date('2026-11-23T20:30:00Z'), 'Europe/Kyiv', 21, 8) // 2026-11-24T06:00:00Z
 */
export function nextSendTime(at: Date, timeZone: string, start: number, end: number): Date {
  if (!isQuietHour(localHour(at, timeZone), start, end)) return at
  const minute = 60_000
  let t = Math.ceil(at.getTime() / minute) * minute
  for (let i = 0; i <= 24 * 60; i++, t += minute) {
    if (!isQuietHour(localHour(new Date(t), timeZone), start, end)) return new Date(t)
  }
  return at
}
