import { z } from 'zod'
import { addDays } from './local-window.js'
import { localDate } from './metrics-request.js'
import type { Window } from './overview.js'

// The window of the analyses (overview, touchpoints, pain points, silence, reach): local dates, both included.

const windowFields = z.object({
  from: localDate.optional().describe('first local day; 89 days before `to` by default'),
  to: localDate.optional().describe('last local day, included; today (UTC) by default'),
})

/** The window's query fields plus more, refused when `to` comes before `from`. */
export function windowQuery<T extends z.ZodRawShape>(more: T) {
  return windowFields
    .extend(more)
    .refine(
      (q: { from?: string | undefined; to?: string | undefined }) => !q.from || !q.to || q.from <= q.to,
      { path: ['to'], message: 'must not be before from' },
    )
}

export const windowQuerySchema = windowQuery({})

/** The window asked for, with the defaults filled in: the 90 days to today. */
export function windowOf(
  query: { from?: string | undefined; to?: string | undefined },
  today = new Date(),
): Window {
  const to = query.to ?? today.toISOString().slice(0, 10)
  const from = query.from ?? addDays(to, -89)
  return { from, to }
}
