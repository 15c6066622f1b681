import { describe, expect, test } from 'vitest'
import { addBusinessSeconds, type BusinessCalendar, businessSecondsBetween, calendarSchema } from './sla.js'

// Expected instants worked by hand: Riga is UTC+2 in winter (EET) and UTC+3 from 03:00 on Sunday 29 March 2026
// (EEST). 20 and 27 March 2026 are Fridays, 23 and 30 March Mondays.

const weekday = { start: '09:00', end: '17:00' }
const riga: BusinessCalendar = {
  timeZone: 'Europe/Riga',
  hours: [null, weekday, weekday, weekday, weekday, weekday, null],
  holidays: [],
}
const at = (iso: string) => new Date(iso)
const hours = (n: number) => n * 3600

describe('addBusinessSeconds', () => {
  test('four hours from Friday 16:00 skip the weekend and end Monday 12:00', () => {
    expect(addBusinessSeconds(riga, at('2026-03-20T14:00:00Z'), hours(4))).toEqual(at('2026-03-23T10:00:00Z'))
  })

  test('a holiday on the Monday moves the deadline to Tuesday 12:00', () => {
    const withHoliday = { ...riga, holidays: ['2026-03-23'] }
    expect(addBusinessSeconds(withHoliday, at('2026-03-20T14:00:00Z'), hours(4))).toEqual(
      at('2026-03-24T10:00:00Z'),
    )
  })

  test('across the spring DST change the deadline keeps local working hours (15:00 EEST = 12:00 UTC)', () => {
    // Friday 15:00 EET: 2 h on Friday, 6 h on Monday → Monday 15:00 local, now UTC+3.
    expect(addBusinessSeconds(riga, at('2026-03-27T13:00:00Z'), hours(8))).toEqual(at('2026-03-30T12:00:00Z'))
  })

  test('across the autumn DST change too (Friday 23 October EEST to Monday 26 October EET)', () => {
    // Friday 15:00 EEST = 12:00 UTC; Monday 15:00 EET = 13:00 UTC.
    expect(addBusinessSeconds(riga, at('2026-10-23T12:00:00Z'), hours(8))).toEqual(at('2026-10-26T13:00:00Z'))
  })

  test('time waiting on the customer pauses the clock', () => {
    // Monday 09:00 local + 8 h would be 17:00; four hours waiting (10:00–14:00) move it to Tuesday 13:00.
    const waits = [{ start: at('2026-03-23T08:00:00Z'), end: at('2026-03-23T12:00:00Z') }]
    expect(addBusinessSeconds(riga, at('2026-03-23T07:00:00Z'), hours(8), waits)).toEqual(
      at('2026-03-24T11:00:00Z'),
    )
  })

  test('a wait overnight pauses only its business hours (16:00 Monday to 10:00 Tuesday is two hours)', () => {
    const waits = [{ start: at('2026-03-23T14:00:00Z'), end: at('2026-03-24T08:00:00Z') }]
    expect(addBusinessSeconds(riga, at('2026-03-23T07:00:00Z'), hours(8), waits)).toEqual(
      at('2026-03-24T09:00:00Z'),
    )
  })

  test('while still waiting there is no deadline', () => {
    const waits = [{ start: at('2026-03-23T08:00:00Z'), end: null }]
    expect(addBusinessSeconds(riga, at('2026-03-23T07:00:00Z'), hours(8), waits)).toBeNull()
  })

  test('a start outside working hours counts from the next opening', () => {
    // Saturday noon → Monday 09:00 + 1 h.
    expect(addBusinessSeconds(riga, at('2026-03-21T10:00:00Z'), hours(1))).toEqual(at('2026-03-23T08:00:00Z'))
  })

  test('a calendar with no working day never reaches a deadline', () => {
    const closed = { ...riga, hours: [null, null, null, null, null, null, null] }
    expect(addBusinessSeconds(closed, at('2026-03-23T07:00:00Z'), 60)).toBeNull()
  })
})

describe('businessSecondsBetween', () => {
  test('Friday 16:00 to Monday 10:00 is two business hours', () => {
    expect(businessSecondsBetween(riga, at('2026-03-20T14:00:00Z'), at('2026-03-23T08:00:00Z'))).toBe(
      hours(2),
    )
  })

  test('over the spring DST change, Friday 15:00 to Monday 15:00 is eight hours, not the 71 on the wall', () => {
    expect(businessSecondsBetween(riga, at('2026-03-27T13:00:00Z'), at('2026-03-30T12:00:00Z'))).toBe(
      hours(8),
    )
  })

  test('waiting is not counted, and the end before the start gives zero', () => {
    const waits = [{ start: at('2026-03-23T08:00:00Z'), end: at('2026-03-23T12:00:00Z') }]
    expect(businessSecondsBetween(riga, at('2026-03-23T07:00:00Z'), at('2026-03-23T15:00:00Z'), waits)).toBe(
      hours(4),
    )
    expect(businessSecondsBetween(riga, at('2026-03-23T15:00:00Z'), at('2026-03-23T07:00:00Z'))).toBe(0)
  })
})

describe('calendarSchema', () => {
  test('refuses an unknown time zone and hours that end before they start, naming the field', () => {
    const bad = calendarSchema.safeParse({ ...riga, timeZone: 'Mars/Olympus' })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.path).toEqual(['timeZone'])
    const backwards = calendarSchema.safeParse({
      ...riga,
      hours: [null, { start: '17:00', end: '09:00' }, null, null, null, null, null],
    })
    expect(backwards.error?.issues[0]?.path).toEqual(['hours', 1, 'end'])
  })
})
