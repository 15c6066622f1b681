import { expect, test } from 'vitest'
import { periodStart, previousPeriodStart, previousWindow, wholeMonths } from './periods.js'

test('an ISO week starts on Monday, also across a year end', () => {
  expect(periodStart('2026-01-01', 'week')).toBe('2025-12-29')
  expect(periodStart('2026-03-29', 'week')).toBe('2026-03-23')
  expect(periodStart('2026-03-30', 'week')).toBe('2026-03-30')
})

test('months and quarters start on their first day', () => {
  expect(periodStart('2026-05-31', 'month')).toBe('2026-05-01')
  expect(periodStart('2026-05-31', 'quarter')).toBe('2026-04-01')
  expect(periodStart('2026-12-31', 'quarter')).toBe('2026-10-01')
})

test('the previous period of January is December of the year before', () => {
  expect(previousPeriodStart('2026-01-01', 'month')).toBe('2025-12-01')
  expect(previousPeriodStart('2026-01-01', 'quarter')).toBe('2025-10-01')
  expect(previousPeriodStart('2026-03-01', 'day')).toBe('2026-02-28')
  expect(previousPeriodStart('2026-01-05', 'week')).toBe('2025-12-29')
})

test('the previous window has the same number of days', () => {
  expect(previousWindow('2026-03-01', '2026-03-31')).toEqual({ from: '2026-01-29', to: '2026-02-28' })
  expect(previousWindow('2026-03-10', '2026-03-10')).toEqual({ from: '2026-03-09', to: '2026-03-09' })
})

test('the whole months of a window, read from the monthly rollup; the rest are its edge days', () => {
  expect(wholeMonths('2026-09-09', '2026-12-07')).toEqual({ first: '2026-10-01', after: '2026-12-01' })
  expect(wholeMonths('2026-03-01', '2026-03-31')).toEqual({ first: '2026-03-01', after: '2026-04-01' })
  expect(wholeMonths('2026-02-01', '2026-02-28')).toEqual({ first: '2026-02-01', after: '2026-03-01' })
  expect(wholeMonths('2026-03-15', '2026-04-20')).toBeNull()
  expect(wholeMonths(null, '2026-03-20')).toEqual({ first: null, after: '2026-03-01' })
  expect(wholeMonths('2026-12-31', null)).toEqual({ first: '2027-01-01', after: null })
  expect(wholeMonths(null, null)).toEqual({ first: null, after: null })
})
