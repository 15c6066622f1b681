import { z } from 'zod'

// The path and paging schemas every capability's routes share, written once so that a route cannot parse its
// workspace id or page differently from the others.

/** The path of a route under /workspaces/:workspaceId. */
export const workspaceParams = z.object({ workspaceId: z.string() })

/**
 * The workspace's path plus one more id.
 * @example params: paramsWith('customerId') // /workspaces/:workspaceId/customers/:customerId
 */
export function paramsWith<K extends string>(name: K) {
  return workspaceParams.extend({ [name]: z.string() } as { [P in K]: z.ZodString })
}

/** A query's `limit`: a whole number from 1 to max, byDefault when absent. */
export function limitQuery(max: number, byDefault: number) {
  return z.object({ limit: z.coerce.number().int().min(1).max(max).default(byDefault) })
}

/** A page of a list: `limit` (1 to max, 50 by default) and `offset` (from 0). */
export function pagingQuery(max = 500) {
  return limitQuery(max, 50).extend({ offset: z.coerce.number().int().min(0).default(0) })
}

/** The response of a paged list: its items, how many there are in all, and the page asked for. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
}
