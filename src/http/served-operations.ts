import fc from 'fast-check'

// Test support: the operations of the served OpenAPI document, and minimal valid values for their schemas,
// so that generated walks reach the access rule instead of a validation 400.

export interface JsonSchema {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minItems?: number
  items?: JsonSchema
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  default?: unknown
}

export interface OpenApiParameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  schema?: JsonSchema
}

export interface OpenApiOperation {
  security?: unknown[]
  parameters?: OpenApiParameter[]
  requestBody?: { content: Record<string, { schema?: JsonSchema }> }
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>
}

export interface ServedOperation {
  method: string
  /** OpenAPI path syntax: /api/v1/workspaces/{workspaceId}. */
  path: string
  operation: OpenApiOperation
  /** security: [] — no login needed. */
  isPublic: boolean
  pathParams: string[]
  query: OpenApiParameter[]
  body?: JsonSchema
}

/** Every operation in the document, in document order. */
export function servedOperations(document: OpenApiDocument): ServedOperation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const parameters = operation.parameters ?? []
      return {
        method,
        path,
        operation,
        isPublic: Array.isArray(operation.security) && operation.security.length === 0,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''),
        query: parameters.filter((p) => p.in === 'query'),
        body: operation.requestBody?.content['application/json']?.schema,
      }
    }),
  )
}

/** Fills {name} placeholders; an unknown one throws, naming it. */
export function fillPath(
  path: string,
  values: Record<string, string | undefined>,
  encode: (value: string) => string = encodeURIComponent,
): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name]
    if (value === undefined) throw new Error(`no fixture for path parameter ${name} in ${path}`)
    return encode(value)
  })
}

/** The smallest value the schema accepts: required properties only, first enum value, formats honoured. */
export function minimalValue(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const
  if (schema.enum) return schema.enum[0]
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map(minimalValue))
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives) {
    const first = alternatives.find((a) => a.type !== 'null') ?? alternatives[0]
    return first ? minimalValue(first) : null
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  switch (type) {
    case 'object':
      return minimalObject(schema)
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => minimalValue(schema.items ?? {}))
    case 'string':
      return minimalString(schema)
    case 'integer':
    case 'number':
      return minimalNumber(schema, type === 'integer')
    case 'boolean':
      return false
    case 'null':
      return null
    default:
      return schema.default ?? null
  }
}

// The password policy (zxcvbn) is a refinement that JSON Schema cannot state: 'x' × 10 is refused as a repeat.
const strongPassword = 'plum harbour violin 4417'
const isNewPassword = (name: string) => /^(new)?password$/i.test(name)

function minimalObject(schema: JsonSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const name of schema.required ?? [])
    out[name] = isNewPassword(name) ? strongPassword : minimalValue(schema.properties?.[name] ?? {})
  return out
}

function minimalString(schema: JsonSchema): string {
  switch (schema.format) {
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000'
    case 'date-time':
      return '2024-01-01T00:00:00.000Z'
    case 'date':
      return '2024-01-01'
    case 'email':
      return 'someone@example.test'
    case 'uri':
      return 'https://example.test/'
  }
  if (schema.pattern) return sampleMatching(schema.pattern)
  return 'x'.repeat(Math.max(schema.minLength ?? 1, 1))
}

const samplesByPattern = new Map<string, string>()

/** The same string for the same pattern (a fixed seed), built once: a walk asks thousands of times. */
function sampleMatching(pattern: string): string {
  let sample = samplesByPattern.get(pattern)
  if (sample === undefined) {
    sample = fc.sample(fc.stringMatching(new RegExp(pattern)), { numRuns: 1, seed: 1 })[0] ?? ''
    samplesByPattern.set(pattern, sample)
  }
  return sample
}

function minimalNumber(schema: JsonSchema, integer: boolean): number {
  const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1)
  const value = schema.maximum !== undefined ? Math.min(low, schema.maximum) : low
  return integer ? Math.ceil(value) : value
}

/** The operation's URL with its path filled and its required query parameters at their minimal values. */
export function minimalUrl(op: ServedOperation, pathValues: Record<string, string | undefined>): string {
  const query = new URLSearchParams()
  for (const parameter of op.query)
    if (parameter.required) query.set(parameter.name, String(minimalValue(parameter.schema ?? {})))
  const search = query.toString()
  return fillPath(op.path, pathValues) + (search ? `?${search}` : '')
}

/** "GET /api/v1/workspaces/{workspaceId}/customers": how the walks name an operation. */
export function operationName(op: Pick<ServedOperation, 'method' | 'path'>): string {
  return `${op.method.toUpperCase()} ${op.path}`
}
