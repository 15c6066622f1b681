import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi'
import type { Context, Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from './app-env.js'
import { DEFAULT_BODY_LIMIT, limitBody, limitDeclaredBody } from './body-limit.js'
import { badRequest, fieldIssues } from './errors.js'
import { findUnsafeText } from './unsafe-text.js'

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
})

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'
type Schema = z.ZodType
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined

export interface RouteSpec<
  P extends Schema | undefined,
  Q extends Schema | undefined,
  B extends Schema | undefined,
> {
  method: Method
  /** Hono-style path, e.g. '/workspaces/:workspaceId/customers'. */
  path: string
  tags: string[]
  summary: string
  params?: P
  query?: Q
  body?: B
  response?: Schema
  /** Content type of a non-JSON response, e.g. 'text/csv'. */
  responseType?: string
  status?: number
  /** Routes that need no login (setup, login, health). */
  public?: boolean
  /** The largest request body in bytes (default 1 MiB); a larger one is a 413, refused before it is read. */
  bodyLimit?: number
  /**
   * The body's array of items that the handler checks one by one and reports by index (batch ingest): their
   * text is left to the handler, so that one bad item does not refuse the others.
   */
  isolatedItems?: string
  /** The handler streams the raw body itself (an upload): bodyLimit is checked on Content-Length only. */
  streamedBody?: boolean
}

export interface RouteInput<P, Q, B> {
  params: P
  query: Q
  body: B
}

/**
 * Registers routes on a Hono app and describes them in OpenAPI from the same zod schemas:
 * params, query and body are parsed before the handler runs, and a bad one is a 400 naming the field.
 * Every text in them is first checked for NUL and lone surrogates, and the body is limited before it is read.
 */
export class ApiRouter {
  readonly registry = new OpenAPIRegistry()

  constructor(
    private readonly app: Hono<AppEnv>,
    private readonly prefix: string,
  ) {}

  route<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined>(
    spec: RouteSpec<P, Q, B>,
    handler: (c: Context<AppEnv>, input: RouteInput<Infer<P>, Infer<Q>, Infer<B>>) => Promise<Response>,
  ): void {
    this.describe(spec)
    const path = this.prefix + spec.path
    this.app.on(
      spec.method.toUpperCase(),
      path,
      spec.streamedBody
        ? limitDeclaredBody(spec.bodyLimit ?? DEFAULT_BODY_LIMIT)
        : limitBody(spec.bodyLimit ?? DEFAULT_BODY_LIMIT),
      async (c) => {
        const params = spec.params ? parse(spec.params, safeInput(c.req.param(), 'path'), 'path') : undefined
        const query = spec.query ? parse(spec.query, safeInput(c.req.query(), 'query'), 'query') : undefined
        const body = spec.body
          ? parse(spec.body, safeBody(await readJson(c), spec.isolatedItems), 'body')
          : undefined
        return handler(c, { params, query, body } as RouteInput<Infer<P>, Infer<Q>, Infer<B>>)
      },
    )
  }

  private describe(spec: RouteSpec<Schema | undefined, Schema | undefined, Schema | undefined>): void {
    const status = String(spec.status ?? 200)
    const error = { description: 'error', content: { 'application/json': { schema: errorSchema } } }
    this.registry.registerPath({
      method: spec.method,
      path: (this.prefix + spec.path).replace(/:(\w+)/g, '{$1}'),
      tags: spec.tags,
      summary: spec.summary,
      ...(spec.public ? { security: [] } : {}),
      request: {
        ...(spec.params ? { params: spec.params as z.ZodObject } : {}),
        ...(spec.query ? { query: spec.query as z.ZodObject } : {}),
        ...(spec.body
          ? { body: { content: { 'application/json': { schema: spec.body } }, required: true } }
          : {}),
      },
      responses: {
        [status]: spec.response
          ? {
              description: spec.summary,
              content: { [spec.responseType ?? 'application/json']: { schema: spec.response } },
            }
          : { description: spec.summary },
        400: error,
        ...(spec.public ? {} : { 401: error, 403: error, 404: error }),
      },
    })
  }
}

function parse<S extends Schema>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value)
  if (!result.success) {
    const issues = fieldIssues(result.error.issues)
    const [first = { field: '(value)', message: 'invalid' }] = issues
    throw badRequest(`${where}: ${first.field}: ${first.message}`, issues)
  }
  return result.data
}

/** The input itself, once no text in it holds NUL or a lone surrogate (PostgreSQL would fail on them). */
export function safeInput<T>(value: T, where: string): T {
  const issue = findUnsafeText(value)
  if (issue) throw badRequest(`${where}: ${issue.field}: ${issue.message}`, [issue])
  return value
}

/** The body, once its text outside the isolated items is safe (see RouteSpec.isolatedItems). */
function safeBody(body: unknown, isolatedItems: string | undefined): unknown {
  if (!isolatedItems || body === null || typeof body !== 'object' || Array.isArray(body))
    return safeInput(body, 'body')
  const { [isolatedItems]: items, ...rest } = body as Record<string, unknown>
  safeInput(Array.isArray(items) ? rest : body, 'body')
  return body
}

async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text()
  if (text.trim() === '') throw badRequest('the request body is empty; JSON expected')
  try {
    return JSON.parse(text)
  } catch {
    throw badRequest('the request body is not valid JSON')
  }
}

/** The OpenAPI 3.1 document of every route registered in these routers. */
export function openApiDocument(registries: OpenAPIRegistry[]): object {
  // A registry's `definitions` include those of the registries it was built from, which a parent
  // registry's own flattening (one level only) would drop.
  const all = new OpenAPIRegistry()
  all.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'rapport_session',
  })
  all.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer' })
  const definitions = [...registries.flatMap((registry) => registry.definitions), ...all.definitions]
  return new OpenApiGeneratorV31(definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Rapport API',
      version: '1',
      description:
        'Customer experience and loyalty. Authenticate with a session cookie (plus the x-csrf-token header on writes) or an API key as a Bearer token.',
    },
    security: [{ session: [] }, { apiKey: [] }],
  })
}
