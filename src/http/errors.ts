import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { DomainError, DomainErrorKind } from '../errors/domain-error.js'

/** An error the API reports to the client as `{ error: { code, message, details } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Response headers that belong to the error, e.g. Retry-After on a 429. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message)
  }
}

export const notFound = (what = 'resource') => new HttpError(404, 'not_found', `${what} not found`)
export const forbidden = (message = 'not allowed') => new HttpError(403, 'forbidden', message)
export const unauthorized = (message = 'not logged in') => new HttpError(401, 'unauthorized', message)
export const badRequest = (message: string, details?: unknown) =>
  new HttpError(400, 'invalid_request', message, details)

export interface FieldIssue {
  field: string
  message: string
}

/** Turns zod issues into `[{ field: 'records.3.email', message }]`. */
export function fieldIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FieldIssue[] {
  return issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }))
}

const statusOfKind: Record<DomainErrorKind, ContentfulStatusCode> = {
  not_found: 404,
  conflict: 409,
  invalid: 400,
  forbidden: 403,
}

/** Says a domain refusal as the API does: 404, 409, 400 or 403, with the field at fault in the details. */
export function httpErrorOf(error: DomainError): HttpError {
  const details = error.field ? [{ field: error.field, message: error.message }] : undefined
  const named = error.field ? `${error.field}: ${error.message}` : error.message
  // Domain input arrives in the body; a 400 names it there, as the body's schema does.
  const message =
    error.kind === 'invalid' ? `body: ${named}` : error.kind === 'not_found' ? error.message : named
  const code = error.kind === 'invalid' ? 'invalid_request' : error.kind
  return new HttpError(statusOfKind[error.kind], code, message, details)
}
