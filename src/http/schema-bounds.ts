import { z } from 'zod'

// Shared zod pieces that keep what a stranger sends inside what the database and the server can hold, so that
// the 400 names the field instead of PostgreSQL failing with a 500.

/** The largest value of a PostgreSQL integer (int4) column. */
export const INT4_MAX = 2_147_483_647

/** An integer that fits an int4 column. */
export const int4 = () =>
  z
    .number()
    .int()
    .min(-INT4_MAX - 1)
    .max(INT4_MAX)

// PostgreSQL takes 4713 BC to 294276 AD; years 1 to 9999 are what ISO 8601 and the drivers write plainly.
const FIRST_TIME = Date.UTC(1, 0, 1)
const LAST_TIME = Date.UTC(10_000, 0, 1) - 1

/** A date and time (ISO text or epoch milliseconds) between the years 1 and 9999. */
export const dbDate = () =>
  z.coerce
    .date({ error: 'must be a date and time, such as 2026-03-14 or 2026-03-14T18:42:09Z' })
    .refine(
      (d) => d.getTime() >= FIRST_TIME && d.getTime() <= LAST_TIME,
      'must be between the years 1 and 9999',
    )

/** A calendar day YYYY-MM-DD that exists, between the years 1 and 9999. */
export const dbDay = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .refine((v) => {
      const date = new Date(`${v}T00:00:00Z`)
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(v) && v >= '0001-01-01'
    }, 'must be a real date between the years 1 and 9999')

/** The size of a value written as JSON; Infinity for one that cannot be (a cycle, nesting past the stack). */
function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0
  } catch {
    return Number.POSITIVE_INFINITY
  }
}

/**
 * A free-form JSON object (customer attributes, event properties, answers): at most maxKeys keys of at most
 * 200 characters, and at most maxChars when written as JSON.
 */
export const jsonObject = (limits: { maxKeys: number; maxChars: number }) =>
  z
    .record(z.string().max(200), z.unknown())
    .refine((o) => Object.keys(o).length <= limits.maxKeys, `must have at most ${limits.maxKeys} keys`)
    .refine(
      (o) => jsonLength(o) <= limits.maxChars,
      `must be at most ${limits.maxChars} characters long as JSON`,
    )

/** A map of short texts (hidden fields): at most maxKeys keys and 500 characters a value. */
export const textMap = (maxKeys: number) =>
  z
    .record(z.string().max(200), z.string().max(500))
    .refine((o) => Object.keys(o).length <= maxKeys, `must have at most ${maxKeys} keys`)
