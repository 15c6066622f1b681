/** Whether a query failed on the named unique constraint (SQLSTATE 23505), on either driver. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (error === null || typeof error !== 'object') return false
  const { code, constraint: violated } = error as { code?: unknown; constraint?: unknown }
  return code === '23505' && violated === constraint
}
