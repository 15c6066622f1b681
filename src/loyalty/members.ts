import { customerScope, type UnitAccess, visibleCustomers } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { isUuid } from '../db/is-uuid.js'
import { type Sql, sql } from '../db/sql.js'

export interface Member {
  id: string
  customerId: string
  enrolledAt: Date
}

export interface ProgramSettings {
  /** Days after which credited points expire unless the credit says otherwise; null: they never expire. */
  expiryDays: number | null
  /** What one point is worth in the workspace's currency, as a decimal string; null: not set. */
  pointValue: string | null
}

/** The workspace's program settings; a workspace that never set them has points that never expire. */
export async function getProgram(db: Db, workspaceId: string): Promise<ProgramSettings> {
  const [row] = await db.query<ProgramSettings>(sql`select expiry_days as "expiryDays",
      trim_scale(point_value)::text as "pointValue"
    from loyalty_programs where workspace_id = ${workspaceId}`)
  return row ?? { expiryDays: null, pointValue: null }
}

/** Sets the program's settings; a point value left out (undefined) stays as it was. */
export async function setProgram(
  db: Db,
  workspaceId: string,
  settings: Omit<ProgramSettings, 'pointValue'> & { pointValue?: string | null },
): Promise<void> {
  const keep = settings.pointValue === undefined
  await db.query(sql`insert into loyalty_programs (workspace_id, expiry_days, point_value)
    values (${workspaceId}, ${settings.expiryDays}, ${settings.pointValue ?? null}::numeric)
    on conflict (workspace_id) do update set expiry_days = excluded.expiry_days,
      point_value = case when ${keep}::boolean then loyalty_programs.point_value else excluded.point_value end,
      updated_at = now()`)
}

/**
 * The from-and-where clause finding the member of a customer the caller may see (`loyalty_members m`), for the
 * ledger's one-statement credit and its locking redemption; the customer id must be a uuid.
 */
export function memberOfCustomer(access: UnitAccess, customerId: string): Sql {
  return sql`loyalty_members m ${customerScope(access, sql`m.customer_id`)}
    where m.workspace_id = ${access.workspaceId} and m.customer_id = ${customerId}`
}

const memberColumns = sql`m.id, m.customer_id as "customerId", m.enrolled_at as "enrolledAt"`

/**
 * Enrolls a customer the caller may see in the program (again: the same member); undefined when there is no such
 * customer.
 */
export async function enrollMember(
  db: Db,
  access: UnitAccess,
  customerId: string,
  now: Date,
): Promise<{ member: Member; created: boolean } | undefined> {
  if (!isUuid(customerId)) return undefined
  const [inserted] = await db.query<Member>(sql`
    insert into loyalty_members as m (workspace_id, customer_id, enrolled_at)
    select c.workspace_id, c.id, ${now} from customers c where c.id = ${customerId} and ${visibleCustomers(access)}
    on conflict (workspace_id, customer_id) do nothing
    returning ${memberColumns}`)
  if (inserted) return { member: inserted, created: true }
  const member = await findMember(db, access, customerId)
  return member && { member, created: false }
}

/** The member for a customer the caller may see, or undefined. */
export async function findMember(
  db: Db,
  access: UnitAccess,
  customerId: string,
): Promise<Member | undefined> {
  if (!isUuid(customerId)) return undefined
  const [row] = await db.query<Member>(sql`select ${memberColumns}
    from loyalty_members m join customers c on c.id = m.customer_id
    where m.workspace_id = ${access.workspaceId} and m.customer_id = ${customerId} and ${visibleCustomers(access)}`)
  return row
}
