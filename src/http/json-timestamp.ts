import { z } from 'zod'

/**
 * A moment as a JSON answer carries it: the ISO 8601 text that `Date.toJSON` writes. Response schemas use it
 * instead of `z.date()`, so that their output types (which the dashboard reads) say string, as the JSON does.
 */
export const jsonTimestamp = z.iso.datetime({ offset: true })
