import { describe, expect, test } from 'vitest'
import { createDateParser } from './parse-date.js'

const iso = (value: string) => createDateParser()(value)?.toISOString() ?? null

describe('createDateParser, ISO 8601', () => {
  test('a date alone is midnight UTC', () => {
    expect(iso('2024-03-01')).toBe('2024-03-01T00:00:00.000Z')
  })

  test('a date-time without zone is UTC, with T or a space', () => {
    expect(iso('2024-03-01T09:30')).toBe('2024-03-01T09:30:00.000Z')
    expect(iso('2010-12-01 08:26:00')).toBe('2010-12-01T08:26:00.000Z')
    expect(iso(' 2024-03-01T09:30:15.25 ')).toBe('2024-03-01T09:30:15.250Z')
  })

  test('a zone is honoured', () => {
    expect(iso('2024-03-01T09:30:00Z')).toBe('2024-03-01T09:30:00.000Z')
    expect(iso('2024-03-01T09:30:00+02:00')).toBe('2024-03-01T07:30:00.000Z')
    expect(iso('2024-03-01T09:30:00-0530')).toBe('2024-03-01T15:00:00.000Z')
    expect(iso('2024-03-01T23:30:00-01')).toBe('2024-03-02T00:30:00.000Z')
  })

  test.each([
    '2023-02-30',
    '2023-13-01',
    '2024-03-01T24:00',
    '2024-03-01T10:60',
    '20240301',
    '1/12/2010',
    '',
    'x',
  ])('rejects %j', (value) => {
    expect(iso(value)).toBeNull()
  })

  test('29 February only in leap years', () => {
    expect(iso('2024-02-29')).toBe('2024-02-29T00:00:00.000Z')
    expect(iso('2023-02-29')).toBeNull()
    expect(iso('1900-02-29')).toBeNull()
    expect(iso('2000-02-29')).toBe('2000-02-29T00:00:00.000Z')
  })
})

describe('createDateParser, patterns', () => {
  test('YYYYMMDD reads CDNOW dates', () => {
    expect(createDateParser('YYYYMMDD')('19970101')?.toISOString()).toBe('1997-01-01T00:00:00.000Z')
    expect(createDateParser('YYYYMMDD')('1997011')).toBeNull()
  })

  test('M/D/YYYY H:mm takes one- or two-digit month, day and hour', () => {
    const parse = createDateParser('M/D/YYYY H:mm')
    expect(parse('12/1/2010 8:26')?.toISOString()).toBe('2010-12-01T08:26:00.000Z')
    expect(parse('1/31/2011 17:05')?.toISOString()).toBe('2011-01-31T17:05:00.000Z')
    expect(parse('13/45/2010 8:26')).toBeNull()
    expect(parse('2/30/2011 8:26')).toBeNull()
    expect(parse('12/1/2010')).toBeNull()
  })

  test('DD.MM.YYYY and literal T separators', () => {
    expect(createDateParser('DD.MM.YYYY')('31.12.2023')?.toISOString()).toBe('2023-12-31T00:00:00.000Z')
    expect(createDateParser('DD.MM.YYYY')('31-12-2023')).toBeNull()
    expect(createDateParser('YYYY-MM-DDTHH:mm:ss')('2023-12-31T23:59:59')?.toISOString()).toBe(
      '2023-12-31T23:59:59.000Z',
    )
  })

  test('a repeated value gives a fresh Date each time', () => {
    const parse = createDateParser('YYYYMMDD')
    const first = parse('19970101')
    first?.setUTCFullYear(2000)
    expect(parse('19970101')?.toISOString()).toBe('1997-01-01T00:00:00.000Z')
  })

  test.each(['yyyy-mm-dd', 'MM/DD', 'YYYY-MM-DD hh:mm', 'YYYY-MM-MM-DD'])(
    'refuses the bad format %j',
    (format) => {
      expect(() => createDateParser(format)).toThrow(/date format/)
    },
  )
})
