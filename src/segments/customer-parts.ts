import { type Sql, sql } from '../db/sql.js'

/** A range of customer ids, [from, to); null is open. */
export interface CustomerPart {
  from: string | null
  to: string | null
}

/** Every customer. */
export const allCustomers: CustomerPart = { from: null, to: null }

/**
 * Splits the customer ids into `count` ranges of about the same size: ids are random (version 4) UUIDs, so equal
 * ranges of their first 32 bits hold about as many customers each.
 * @example customerParts(2) // [{ from: null, to: '80000000-…' }, { from: '80000000-…', to: null }]
 */
export function customerParts(count: number): CustomerPart[] {
  const bound = (k: number) =>
    k === 0 || k === count
      ? null
      : `${Math.floor((k * 2 ** 32) / count)
          .toString(16)
          .padStart(8, '0')}-0000-0000-0000-000000000000`
  return Array.from({ length: count }, (_, k) => ({ from: bound(k), to: bound(k + 1) }))
}

/** The condition that `column` (a uuid) lies in the part. */
export function inPart(column: Sql, part: CustomerPart): Sql {
  return sql`(${part.from}::uuid is null or ${column} >= ${part.from}::uuid)
    and (${part.to}::uuid is null or ${column} < ${part.to}::uuid)`
}
