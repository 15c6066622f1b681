import { describe, expect, test } from 'vitest'
import { timeOrderedUuid } from './time-ordered-uuid.js'

describe('timeOrderedUuid', () => {
  test('is a version 7, RFC 4122 variant UUID whose first 48 bits are the time in milliseconds', () => {
    const before = Date.now()
    const id = timeOrderedUuid()
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const ms = Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)
    // Within the same or the next few milliseconds (ids made meanwhile in a burst may borrow ahead).
    expect(ms).toBeGreaterThanOrEqual(before)
    expect(ms).toBeLessThan(Date.now() + 1000)
  })

  test('ids made one after another sort in the order they were made, even 20,000 in a burst', () => {
    const ids = Array.from({ length: 20_000 }, () => timeOrderedUuid())
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(ids)
  })
})
