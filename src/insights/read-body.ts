import type { Context } from 'hono'
import { HttpError } from '../http/errors.js'

/** The request body's bytes, read no further than `max` (then 413): a client cannot make the server hold more. */
export async function readBodyBytes(c: Context, max: number): Promise<Uint8Array> {
  const declared = Number(c.req.header('content-length') ?? '0')
  if (declared > max) throw tooLarge(max)
  const stream = c.req.raw.body
  if (!stream) return new Uint8Array(0)
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let length = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    length += value.length
    if (length > max) {
      await reader.cancel()
      throw tooLarge(max)
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.length
  }
  return bytes
}

function tooLarge(max: number): HttpError {
  return new HttpError(413, 'payload_too_large', `the body is larger than ${max} bytes`)
}
