import type { Context } from 'hono'
import { badRequest } from './errors.js'
import { findUnsafeText } from './unsafe-text.js'

/**
 * A 400 for a path segment or query value that decodes to NUL or a lone surrogate, on the routes outside
 * `/api/` (survey pages, unsubscribe pages), which read the URL themselves; ApiRouter checks its own routes
 * and names the parameter.
 */
export function refuseUnsafeUrl(c: Context): void {
  if (c.req.path.startsWith('/api/')) return
  const segments = new URL(c.req.url).pathname.split('/').map(decodeSegment)
  const pathIssue = findUnsafeText(segments)
  if (pathIssue) throw badRequest(`path: ${pathIssue.message}`, [{ ...pathIssue, field: 'path' }])
  const queryIssue = findUnsafeText(c.req.queries())
  if (queryIssue) {
    const field = queryIssue.field.replace(/\.\d+$/, '')
    throw badRequest(`query: ${field}: ${queryIssue.message}`, [{ ...queryIssue, field }])
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment // not valid percent-encoding: the router keeps it as it is, and so it reaches no one decoded
  }
}
