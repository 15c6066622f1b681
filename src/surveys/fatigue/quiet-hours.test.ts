import { expect, test } from 'vitest'
import { isQuietHour, localHour, nextSendTime } from './quiet-hours.js'

test('a window that wraps midnight covers the late evening and the early morning only', () => {
  expect([20, 21, 23, 0, 7, 8].map((h) => isQuietHour(h, 21, 8))).toEqual([
    false,
    true,
    true,
    true,
    true,
    false,
  ])
  expect([12, 13, 14].map((h) => isQuietHour(h, 13, 14))).toEqual([false, true, false])
  expect(isQuietHour(3, 5, 5)).toBe(false)
})

test('local hours follow the zone, including its daylight-saving offset', () => {
  // Kyiv is UTC+2 in winter and UTC+3 in summer.
  expect(localHour(new Date('2026-01-15T19:30:00Z'), 'Europe/Kyiv')).toBe(21)
  expect(localHour(new Date('2026-07-15T19:30:00Z'), 'Europe/Kyiv')).toBe(22)
  expect(localHour(new Date('2026-01-15T19:30:00Z'), 'Asia/Kolkata')).toBe(1) // UTC+5:30
})

test('during quiet hours the next send time is the local end of them, the next morning', () => {
  // 22:30 in Kyiv (UTC+2) → 08:00 Kyiv = 06:00 UTC.
  expect(nextSendTime(new Date('2026-11-23T20:30:00Z'), 'Europe/Kyiv', 21, 8).toISOString()).toBe(
    '2026-11-24T06:00:00.000Z',
  )
  // 02:10 in New York (UTC−5) → 08:00 New York = 13:00 UTC the same day.
  expect(nextSendTime(new Date('2026-11-23T07:10:00Z'), 'America/New_York', 21, 8).toISOString()).toBe(
    '2026-11-23T13:00:00.000Z',
  )
  // Half-hour zone: 23:00 in Kolkata (UTC+5:30) → 08:00 Kolkata = 02:30 UTC.
  expect(nextSendTime(new Date('2026-11-23T17:30:00Z'), 'Asia/Kolkata', 21, 8).toISOString()).toBe(
    '2026-11-24T02:30:00.000Z',
  )
})

test('outside quiet hours a message goes now', () => {
  const noonInKyiv = new Date('2026-11-23T10:00:00Z')
  expect(nextSendTime(noonInKyiv, 'Europe/Kyiv', 21, 8)).toBe(noonInKyiv)
})
