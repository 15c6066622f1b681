const canonical = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Whether a path parameter can be looked up in a uuid column: anything else would make the database reject
 * the query, where the caller is owed a plain 404.
 */
export function isUuid(value: string): boolean {
  return canonical.test(value)
}
