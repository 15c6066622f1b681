import { type UnitAccess, unitPathInScope, unitScope } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import type { CustomerRecord, EventRecord, OrderRecord } from './records.js'

export type Checked<T> =
  | { index: number; record: T }
  | { index: number; error: { field: string; message: string } }

// Checked just before the import's own transactions: a customer that someone else creates or moves in between
// is not seen. Closing that narrow window needs the check inside the importer's batch statements.

/**
 * Keeps a unit-limited writer's customer records inside their unit: a customer outside it is refused, as is a
 * move to a unit outside it; a new customer given no unit lands in the writer's unit.
 */
export async function scopeCustomers(
  db: Db,
  access: UnitAccess,
  rows: readonly { index: number; record: CustomerRecord }[],
): Promise<Checked<CustomerRecord>[]> {
  const ids = [...new Set(rows.map((r) => r.record.customer_id))]
  const existing = new Map(
    (
      await db.query<{ externalId: string; inside: boolean }>(sql`select c.external_id as "externalId",
        coalesce(${unitScope(access, sql`c.org_unit_id`)}, false) as inside
      from customers c where c.workspace_id = ${access.workspaceId} and c.external_id = any(${ids}::text[])`)
    ).map((c) => [c.externalId, c.inside]),
  )
  const codes = [...new Set(rows.map((r) => r.record.org_unit).filter((c): c is string => !!c))]
  const unitPaths = new Map(
    (
      await db.query<{ code: string; path: string }>(sql`select code, path from org_units
        where workspace_id = ${access.workspaceId} and (code = any(${codes}::text[]) or path = ${access.unitPath})`)
    ).map((u) => [u.code, u.path]),
  )
  const ownCode = [...unitPaths].find(([, path]) => path === access.unitPath)?.[0]
  return rows.map(({ index, record }) => {
    if (existing.get(record.customer_id) === false)
      return { index, error: { field: 'customer_id', message: 'this customer is outside your org unit' } }
    const unit = record.org_unit
    // An unknown code is left to the importer, which reports it as unknown.
    if (unit && unitPaths.has(unit) && !unitPathInScope(access, unitPaths.get(unit) ?? null))
      return { index, error: { field: 'org_unit', message: `org unit '${unit}' is outside your org unit` } }
    if (!unit && !existing.has(record.customer_id))
      return { index, record: { ...record, org_unit: ownCode ?? null } }
    return { index, record }
  })
}

/** Keeps a unit-limited writer's orders or events to the customers inside their unit. */
export async function scopeByCustomer<T extends OrderRecord | EventRecord>(
  db: Db,
  access: UnitAccess,
  rows: readonly { index: number; record: T }[],
): Promise<Checked<T>[]> {
  const ids = [...new Set(rows.map((r) => r.record.customer_id))]
  const inside = new Set(
    (
      await db.query<{ externalId: string }>(sql`select c.external_id as "externalId" from customers c
      where c.workspace_id = ${access.workspaceId} and c.external_id = any(${ids}::text[])
        and ${unitScope(access, sql`c.org_unit_id`)}`)
    ).map((c) => c.externalId),
  )
  return rows.map(({ index, record }) =>
    inside.has(record.customer_id)
      ? { index, record }
      : { index, error: { field: 'customer_id', message: 'no customer with this id in your org unit' } },
  )
}
