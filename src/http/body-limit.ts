import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HttpError } from './errors.js'

/** The body limit of a route that does not set one: JSON forms and settings, with room to spare. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024
/** Public answers and login: what a person can type, a few hundred KB. */
export const SMALL_BODY_LIMIT = 256 * 1024
/** Batch ingest: what 10,000 records with their attributes and order lines need. */
export const INGEST_BODY_LIMIT = 32 * 1024 * 1024

/**
 * Refuses a body larger than maxBytes with a 413, by its Content-Length before reading it, or while reading
 * a chunked one, as soon as it passes the limit.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new HttpError(
        413,
        'payload_too_large',
        `the request body is larger than ${maxBytes} bytes, the limit of this route`,
        { limit: maxBytes },
      )
    },
  })
}
