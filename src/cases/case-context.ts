import type { UnitAccess } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import type { CustomerScore } from '../feedback/customer-scores.js'
import { type CaseStatus, getCase, listCases } from './cases.js'

// The case page's customer context. What the customer said, their segment and value belong to other capabilities,
// so the composition root hands them in as one reader; this file adds the customer's other cases.

export interface ContextTouchpoint {
  at: Date
  source: 'response' | 'event'
  touchpoint: string | null
  /** The event's type, or the survey's name. */
  label: string
  channel: string | null
}

export interface CustomerContext {
  /** Oldest first, for a chart over time. */
  scores: CustomerScore[]
  segment: { segment: string; abc: string; xyz: string | null; habitBroken: boolean; asOf: string } | null
  /** From the newest fitted forecast, null when that fit has no prediction for the customer. */
  clv: { clv: string | null; pAlive: number; fittedAt: Date } | null
  /** Newest first. */
  touchpoints: ContextTouchpoint[]
}

/** Reads a visible customer's scores, segment, CLV and last touchpoints. */
export type ReadCustomerContext = (db: Db, access: UnitAccess, customerId: string) => Promise<CustomerContext>

export interface EarlierCase {
  id: string
  number: number
  subject: string
  status: CaseStatus
  openedAt: Date
}

export type CaseContext = { customerId: string | null; earlierCases: EarlierCase[] } & (
  | CustomerContext
  | { scores: []; segment: null; clv: null; touchpoints: [] }
)

/** The context of a case the caller may see (undefined otherwise): its customer's story and their earlier cases. */
export async function getCaseContext(
  db: Db,
  access: UnitAccess,
  caseId: string,
  readCustomer: ReadCustomerContext,
): Promise<CaseContext | undefined> {
  const k = await getCase(db, access, caseId)
  if (!k) return undefined
  if (!k.customerId)
    return { customerId: null, earlierCases: [], scores: [], segment: null, clv: null, touchpoints: [] }
  const others = await listCases(db, access, { customerId: k.customerId }, { limit: 200, offset: 0 })
  const earlierCases = others.items
    .filter((o) => o.id !== k.id && o.openedAt <= k.openedAt)
    .sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime() || b.number - a.number)
    .slice(0, 20)
    .map(({ id, number, subject, status, openedAt }) => ({ id, number, subject, status, openedAt }))
  return { customerId: k.customerId, earlierCases, ...(await readCustomer(db, access, k.customerId)) }
}
