import type { Random } from '../random.js'
import type { Region } from '../regions.js'

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/** Local hours, with weights, at which something happens. */
export type Hours = [number, number][]

// Local hours at which people shop online (evening peak) and in the stores (opening hours).
export const onlineHours: Hours = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23].map(
  (h) => [h, h >= 19 && h <= 22 ? 3 : h >= 12 ? 2 : 1] as [number, number],
)
export const storeHours: Hours = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19].map(
  (h) => [h, h === 13 || h >= 17 ? 2 : 1] as [number, number],
)

/** A moment on the UTC day of `t`, at a local hour of the region drawn from `hours`, to the second. */
export function atLocalHour(rng: Random, t: number, region: Region, hours: Hours): number {
  return (
    Math.floor(t / DAY) * DAY +
    (rng.weighted(hours) - region.utcOffset) * HOUR +
    rng.int(0, 59) * MINUTE +
    rng.int(0, 59) * 1000
  )
}

/** The months the demo covers: their starts (one more than `months`, the last being `end`) and sign-up weights. */
export interface DemoCalendar {
  end: number
  monthStarts: number[]
  monthWeights: (readonly [number, number])[]
}

/** The calendar of the `months` months before `end`. */
export function demoCalendar(end: number, months: number): DemoCalendar {
  const monthStarts: number[] = []
  for (let m = 0; m <= months; m++) {
    const d = new Date(end)
    d.setUTCMonth(d.getUTCMonth() - months + m)
    monthStarts.push(d.getTime())
  }
  // Cohorts grow a little each month; the first month also holds the customers carried over.
  const monthWeights = Array.from({ length: months }, (_, m) => [m, (m === 0 ? 2.5 : 1) + 0.05 * m] as const)
  return { end, monthStarts, monthWeights }
}
