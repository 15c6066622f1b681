import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HttpError } from './errors.js'

/** The body limit of a route that does not set one: JSON forms and settings, with room to spare. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024
/** Public answers and login: what a person can type, a few hundred KB. */
export const SMALL_BODY_LIMIT = 256 * 1024
/** Batch ingest: what 10,000 records with their attributes and order lines need. */
export const INGEST_BODY_LIMIT = 32 * 1024 * 1024

/** An import file streamed to disk: large data files, gzipped or not. */
export const UPLOAD_BODY_LIMIT = 50 * 1024 ** 3

/**
 * For a body the handler streams itself (uploads): refuses one whose Content-Length is over maxBytes with a
 * 413, and leaves the stream unread; the handler counts what it reads (hono's limit would hold a chunked body
 * in memory to count it).
 */
export function limitDeclaredBody(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const declared = Number(c.req.header('content-length') ?? '0')
    if (declared > maxBytes)
      throw new HttpError(
        413,
        'payload_too_large',
        `the request body is larger than ${maxBytes} bytes, the limit of this route`,
        { limit: maxBytes },
      )
    await next()
  }
}

/**
 * Refuses a body larger than maxBytes with a 413, by its Content-Length before reading it, or while reading
 * a chunked one, as soon as it passes the limit.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const chunked = bodyLimit({ maxSize: maxBytes, onError: () => tooLarge(maxBytes) })
  return async (c, next) => {
    const declared = c.req.header('content-length')
    // Decided on the header alone: hono's limit opens the body as a web stream, which costs the node server its
    // fast read of the body straight from the socket on every request.
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return chunked(c, next)
    if (Number(declared) > maxBytes) tooLarge(maxBytes)
    await next()
  }
}

function tooLarge(maxBytes: number): never {
  throw new HttpError(
    413,
    'payload_too_large',
    `the request body is larger than ${maxBytes} bytes, the limit of this route`,
    { limit: maxBytes },
  )
}
