import { createHash } from 'node:crypto'
import type { Context } from 'hono'
import { HttpError } from './errors.js'

export interface PagePolicy {
  /** Who may frame the page: nobody (default), this origin (the builder's preview), or any site (the widget). */
  frameAncestors?: "'none'" | "'self'" | '*'
  /** The `sha256-…` sources of the page's inline <style> elements (see styleHash). */
  styleHashes?: string[]
}

/**
 * The Content-Security-Policy of a page: scripts, styles, images and requests from this origin only, no
 * inline script. The dashboard and the survey pages load everything from /assets; a survey page's boot
 * data is a JSON <script> block, which is never run.
 */
export function contentSecurityPolicy(policy: PagePolicy = {}): string {
  const styles = ["'self'", ...(policy.styleHashes ?? []).map((hash) => `'${hash}'`)]
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src ${styles.join(' ')}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${policy.frameAncestors ?? "'none'"}`,
  ].join('; ')
}

/** The CSP source of an inline <style> element's text. */
export function styleHash(css: string): string {
  return `sha256-${createHash('sha256').update(css).digest('base64')}`
}

/** Gives this response its own page policy (the middleware keeps the default for every other one). */
export function setPagePolicy(c: Context, policy: PagePolicy): void {
  c.header('content-security-policy', contentSecurityPolicy(policy))
  // The older header, for browsers without frame-ancestors; it cannot say "any site", so it is left out then.
  c.header('x-frame-options', frameOptions[policy.frameAncestors ?? "'none'"])
}

const frameOptions = { "'none'": 'DENY', "'self'": 'SAMEORIGIN', '*': undefined }

const defaultPolicy = contentSecurityPolicy()

/**
 * Headers on everything the server sends: a CSP (unless the handler chose its own page policy), no MIME
 * sniffing, no framing unless allowed, and no Referer, so a token in a URL (personal links, unsubscribe)
 * never reaches another site.
 */
export function addSecurityHeaders(headers: Headers): void {
  if (!headers.has('content-security-policy')) {
    headers.set('content-security-policy', defaultPolicy)
    headers.set('x-frame-options', 'DENY')
  }
  headers.set('x-content-type-options', 'nosniff')
  if (!headers.has('referrer-policy')) headers.set('referrer-policy', 'no-referrer')
}

// Public endpoints take other bodies on purpose: the widget posts text/plain (no CORS preflight from a shop's
// page), shops sign their raw webhook bodies. None of them acts on a session cookie.
const publicPrefixes = ['/api/v1/public/', '/api/public/', '/api/v1/hooks/']

/**
 * Login CSRF and cross-site form posts: a browser sends text/plain and form bodies to any site without asking,
 * but never application/json (nor text/csv or application/gzip, which the file uploads use): those need a preflight. So a body sent
 * to a cookie-authenticated route (or to login and setup) must be one of them: otherwise 415. Requests carrying
 * an Authorization header (API keys) are not at risk.
 */
export function refuseCrossSiteBody(c: Context): void {
  const method = c.req.method
  const path = c.req.path
  if (
    path.startsWith('/api/') &&
    !publicPrefixes.some((prefix) => path.startsWith(prefix)) &&
    method !== 'GET' &&
    method !== 'HEAD' &&
    method !== 'OPTIONS' &&
    !c.req.header('authorization') &&
    hasBody(c) &&
    !isPreflightedType(c.req.header('content-type'))
  )
    throw new HttpError(
      415,
      'unsupported_media_type',
      'content-type: the body must be sent as application/json',
      [{ field: 'content-type', message: 'must be application/json' }],
    )
}

function hasBody(c: Context): boolean {
  const length = c.req.header('content-length')
  return (
    (length !== undefined && length !== '0') ||
    c.req.header('transfer-encoding') !== undefined ||
    (length === undefined && c.req.raw.body !== null)
  )
}

function isPreflightedType(contentType: string | undefined): boolean {
  const media = contentType?.split(';')[0]?.trim().toLowerCase()
  return media === 'application/json' || media === 'text/csv' || media === 'application/gzip'
}
