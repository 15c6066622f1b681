import { recordAudit } from '../access/audit.js'
import type { UnitAccess } from '../access/unit-scope.js'
import type { WorkspaceAccess } from '../access/workspace-access.js'
import { getCustomer } from '../customers/queries.js'
import type { Db } from '../db/db.js'
import { isUuid } from '../db/is-uuid.js'
import {
  clearCustomer,
  customerActs,
  customerEvents,
  customerInvitations,
  customerLoyalty,
  customerOrders,
  customerRecord,
  customerResponses,
  customerUnsubscribes,
} from './queries.js'

/** Everything Rapport holds about one customer (a subject access request), or undefined when not visible. */
export async function exportCustomerData(db: Db, access: UnitAccess, customerId: string) {
  if (!isUuid(customerId) || !(await getCustomer(db, access, customerId))) return undefined
  const { workspaceId } = access
  const [customer, orders, events, responses, invitations, unsubscribes, loyalty, acts] = await Promise.all([
    customerRecord(db, workspaceId, customerId),
    customerOrders(db, workspaceId, customerId),
    customerEvents(db, workspaceId, customerId),
    customerResponses(db, workspaceId, customerId),
    customerInvitations(db, workspaceId, customerId),
    customerUnsubscribes(db, workspaceId, customerId),
    customerLoyalty(db, workspaceId, customerId),
    customerActs(db, workspaceId, customerId),
  ])
  return {
    exportedAt: new Date(),
    customer,
    orders,
    events,
    responses,
    invitations,
    unsubscribes,
    loyalty: loyalty[0] ?? null,
    acts,
  }
}

/**
 * Erases a customer's personal data (right to erasure) in one audited transaction; the anonymous record stays,
 * so that revenue, segments and scores remain consistent. Returns undefined when the customer is not visible.
 */
export async function eraseCustomer(
  db: Db,
  access: Pick<WorkspaceAccess, 'workspaceId' | 'unitPath' | 'actor'>,
  customerId: string,
  reason: string | undefined,
): Promise<{ customerId: string; erasedAt: Date } | undefined> {
  if (!isUuid(customerId)) return undefined
  return db.transaction(async (tx) => {
    if (!(await getCustomer(tx, access, customerId))) return undefined
    await clearCustomer(tx, access.workspaceId, customerId)
    // The audit entry names the record and the reason, never the person.
    await recordAudit(tx, {
      workspaceId: access.workspaceId,
      actor: access.actor,
      action: 'customer.erased',
      entityType: 'customer',
      entityId: customerId,
      details: reason ? { reason } : {},
    })
    const record = await customerRecord(tx, access.workspaceId, customerId)
    return { customerId, erasedAt: record?.erasedAt as Date }
  })
}
