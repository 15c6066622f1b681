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
