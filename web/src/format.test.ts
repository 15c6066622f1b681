import { describe, expect, test } from 'vitest'
import {
  createFormat,
  formatDate,
  formatDateTime,
  formatDuration,
  formatMoney,
  formatParameter,
  formatPercent,
} from './format.js'

// Expected strings are written from CLDR's conventions for each language, not copied from output: en groups
// with commas and puts the sign first; uk, ru, pl and lv group with a no-break space (pl and lv only from five
// digits, CLDR's minimumGroupingDigits = 2), use a decimal comma and put the currency sign after the amount.
const nb = '\u00a0'
// ICU versions differ on the space before AM/PM (U+0020 or U+202F); the test reads both as a space.
const plain = (s: string) => s.replace(/\u202f/g, ' ')

describe('money in the workspace currency', () => {
  const cases: [string, string, string][] = [
    ['en', '1234.50', '€1,234.50'],
    ['uk', '1234.50', `1${nb}234,50${nb}€`],
    ['ru', '1234.50', `1${nb}234,50${nb}€`],
    ['pl', '1234.50', `1234,50${nb}€`],
    ['lv', '1234.50', `1234,50${nb}€`],
    ['pl', '-1234567.5', `-1${nb}234${nb}567,50${nb}€`],
    ['en', '-1234567.5', '-€1,234,567.50'],
  ]
  test.each(cases)('%s %s', (locale, amount, expected) => {
    expect(formatMoney(amount, 'EUR', locale)).toBe(expected)
  })

  test('an amount beyond a float’s 15–17 digits keeps every digit', () => {
    expect(formatMoney('12345678901234567.89', 'EUR', 'en')).toBe('€12,345,678,901,234,567.89')
    expect(formatMoney('9007199254740993.01', null, 'en')).toBe('9,007,199,254,740,993.01')
  })

  test('Ukrainian shows the workspace’s own currency by its sign, not its code', () => {
    expect(formatMoney('10', 'UAH', 'uk')).toBe(`10,00${nb}₴`)
    expect(formatMoney('10', 'PLN', 'pl')).toBe(`10,00${nb}zł`)
  })

  test('another currency than the workspace’s keeps its unambiguous sign', () => {
    const f = createFormat({ locale: 'en', currency: 'EUR' })
    expect(f.money('5', 'USD')).toBe('$5.00')
    expect(f.money('5', 'UAH')).toBe(`UAH${nb}5.00`) // CLDR's currency spacing: a no-break space between a code and digits
    expect(f.money('5')).toBe('€5.00')
    expect(f.money(null)).toBe('—')
  })

  test('a value that is no decimal is shown as it came', () => {
    expect(formatMoney('n/a', 'EUR', 'en')).toBe('n/a EUR')
  })
})

describe('percentages and parameters', () => {
  test.each([
    ['en', '12.3%'],
    ['uk', '12,3%'],
    ['ru', `12,3${nb}%`],
    ['pl', '12,3%'],
    ['lv', '12,3%'],
  ])('%s percent', (locale, expected) => {
    expect(formatPercent(0.1234, locale)).toBe(expected)
  })

  test('model parameters keep four significant digits whatever their size', () => {
    expect(formatParameter(0.24312, 'en')).toBe('0.2431')
    expect(formatParameter(4.41432, 'uk')).toBe('4,414')
    expect(formatParameter(0.000123456, 'lv')).toBe('0,0001235')
    expect(formatParameter(12345.6, 'ru')).toBe(`12${nb}350`)
    expect(formatParameter(null, 'en')).toBe('—')
  })
})

describe('dates in the workspace time zone', () => {
  // 22:30 UTC on 5 March is already 00:30 on 6 March in Riga (UTC+2 in winter).
  const moment = '2026-03-05T22:30:00Z'
  test.each([
    ['en', 'Mar 6, 2026, 12:30 AM'],
    ['uk', '6 бер. 2026 р., 00:30'],
    ['ru', '6 мар. 2026 г., 00:30'],
    ['pl', '6 mar 2026, 00:30'],
    ['lv', '2026. gada 6. marts 00:30'],
  ])('%s date and time', (locale, expected) => {
    expect(plain(formatDateTime(moment, locale, 'Europe/Riga'))).toBe(expected)
  })

  test('a moment is the day it fell on in the zone; a calendar date stays its day everywhere', () => {
    expect(formatDate(moment, 'en', 'Europe/Riga')).toBe('Mar 6, 2026')
    expect(formatDate(moment, 'en', 'America/New_York')).toBe('Mar 5, 2026')
    expect(formatDate('2026-03-05', 'en', 'America/New_York')).toBe('Mar 5, 2026')
    expect(formatDate('2026-03-05', 'en', 'Asia/Tokyo')).toBe('Mar 5, 2026')
    expect(formatDate(null, 'en')).toBe('—')
  })
})

describe('durations', () => {
  const threeDaysFourHours = 3 * 86_400 + 4 * 3_600
  test.each([
    ['en', '3 days 4 hr'],
    ['uk', '3 дн. 4 год'],
    ['ru', '3 дн. 4 ч'],
    ['pl', '3 dni 4 godz.'],
    ['lv', '3 d. 4 st.'],
  ])('%s: three days four hours', (locale, expected) => {
    expect(formatDuration(threeDaysFourHours, locale)).toBe(expected)
  })

  test('two largest units, rounded to the smaller, an empty smaller unit left out', () => {
    expect(formatDuration(25 * 60, 'en')).toBe('25 min')
    expect(formatDuration(3_600 + 29 * 60 + 40, 'en')).toBe('1 hr 30 min')
    expect(formatDuration(2 * 86_400 + 10 * 60, 'en')).toBe('2 days')
    expect(formatDuration(5, 'pl')).toBe('5 sek.')
    expect(formatDuration(0, 'en')).toBe('0 sec')
    expect(formatDuration(null, 'en')).toBe('—')
  })

  test('rounding up carries into the larger unit', () => {
    // 1 h 59 min 45 s rounds to 2 h 0 min, shown as "2 hr".
    expect(formatDuration(3_600 + 59 * 60 + 45, 'en')).toBe('2 hr')
  })
})
