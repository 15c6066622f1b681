import type { Customer, CustomerPage, Me, SetupInput, SetupState, Timeline } from './api-types.js'

/** An error answered by the API: `{ error: { code, message, details } }`, or a network failure. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: unknown

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }
}

let csrfToken: string | null = null

/** Remembers the token that non-GET requests must carry in `x-csrf-token`. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** The token non-GET requests carry (for requests not made through request(), such as uploads). */
export function currentCsrfToken(): string | null {
  return csrfToken
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

async function readError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null)
  const error = isRecord(body) ? body.error : undefined
  if (isRecord(error) && typeof error.code === 'string') {
    const message = typeof error.message === 'string' ? error.message : error.code
    return new ApiError(response.status, error.code, message, error.details)
  }
  return new ApiError(response.status, 'http_error', `${response.status} ${response.statusText}`.trim())
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' }
  // A DELETE carries no body, and Chromium then sends no Content-Length: the server, unable to tell, asks for
  // the JSON type that a cross-site form cannot send.
  if (body !== undefined || method === 'DELETE') headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (cause) {
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : String(cause))
  }
  if (!response.ok) throw await readError(response)
  return response
}

/** A JSON request with the session's CSRF token; capabilities build their own API clients on it. */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body)
  return (await response.json()) as T
}

/** For `.catch` after a request answered 204: there is no JSON to read, and request() failing to parse it means success. */
export function noContent(error: unknown): void {
  if (error instanceof SyntaxError) return
  throw error
}

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}`

/** A query string of the given parameters, leaving out the empty ones; '' when none is left. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

/** The customer list's filters, as the list and its CSV take them. */
export interface CustomerFilter {
  q?: string
  segment?: string
  abc?: string
  orgUnitId?: string
  language?: string
  /** Customers whose engagement score is at least this (0 to 100). */
  minEngagement?: string
}

export interface CustomerQuery extends CustomerFilter {
  sort?: 'name' | 'external_id' | 'orders' | 'revenue' | 'last_order'
  dir?: 'asc' | 'desc'
  limit?: number
  offset?: number
}

export const api = {
  getSetupState: () => request<SetupState>('GET', '/api/v1/setup'),
  setup: (input: SetupInput) => request<Me>('POST', '/api/v1/setup', input),
  login: (email: string, password: string) => request<Me>('POST', '/api/v1/auth/login', { email, password }),
  logout: async (): Promise<void> => {
    await send('POST', '/api/v1/auth/logout')
  },
  getMe: () => request<Me>('GET', '/api/v1/me'),
  listCustomers: (workspaceId: string, params: CustomerQuery) =>
    request<CustomerPage>('GET', `${ws(workspaceId)}/customers${query({ ...params })}`),
  getCustomer: (workspaceId: string, customerId: string) =>
    request<Customer>('GET', `${ws(workspaceId)}/customers/${encodeURIComponent(customerId)}`),
  getTimeline: (workspaceId: string, customerId: string) =>
    request<Timeline>('GET', `${ws(workspaceId)}/customers/${encodeURIComponent(customerId)}/timeline`),
}

/** The CSV export of the customer list, for a plain download link. */
export function customersCsvUrl(
  workspaceId: string,
  filter: Omit<CustomerQuery, 'limit' | 'offset'>,
): string {
  return `${ws(workspaceId)}/customers.csv${query({ ...filter })}`
}
