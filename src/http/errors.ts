import type { ContentfulStatusCode } from 'hono/utils/http-status'

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
