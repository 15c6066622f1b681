import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { enrollMember } from './members.js'

// Test support: a workspace with enrolled members, made straight in the database.

/** A new workspace and `count` customers enrolled in its program; returns the workspace and member ids. */
export async function seedMembers(
  db: Db,
  count: number,
): Promise<{ workspaceId: string; memberIds: string[] }> {
  const [org] = await db.query<{ id: string }>(
    sql`insert into organizations (name) values ('Loyal') returning id`,
  )
  const [ws] = await db.query<{ id: string }>(
    sql`insert into workspaces (organization_id, name) values (${org?.id}, 'Loyal shop') returning id`,
  )
  const workspaceId = ws?.id ?? ''
  const memberIds: string[] = []
  for (let i = 0; i < count; i++) {
    const [customer] = await db.query<{ id: string }>(sql`insert into customers (workspace_id, external_id)
      values (${workspaceId}, ${`M-${i}`}) returning id`)
    const enrolled = await enrollMember(db, { workspaceId, unitPath: null }, customer?.id ?? '', new Date())
    memberIds.push(enrolled?.member.id ?? '')
  }
  return { workspaceId, memberIds }
}

export interface LedgerTotals {
  credited: bigint
  remaining: bigint
  spent: bigint
  expired: bigint
  reversed: bigint
  /** Lots whose consumptions differ from points − remaining, or exceed their points. */
  brokenLots: number
}

/** The member's ledger summed independently of the code that wrote it. */
export async function ledgerTotals(db: Db, memberId: string): Promise<LedgerTotals> {
  const [row] = await db.query<Record<keyof LedgerTotals, string>>(sql`
    select
      (select coalesce(sum(points), 0) from loyalty_lots where member_id = ${memberId})::text as credited,
      (select coalesce(sum(remaining), 0) from loyalty_lots where member_id = ${memberId})::text as remaining,
      (select coalesce(sum(c.points), 0) from loyalty_consumptions c join loyalty_entries e on e.seq = c.entry_seq
        where e.member_id = ${memberId} and e.kind = 'debit')::text as spent,
      (select coalesce(sum(c.points), 0) from loyalty_consumptions c join loyalty_entries e on e.seq = c.entry_seq
        where e.member_id = ${memberId} and e.kind = 'expiry')::text as expired,
      (select coalesce(sum(c.points), 0) from loyalty_consumptions c join loyalty_entries e on e.seq = c.entry_seq
        where e.member_id = ${memberId} and e.kind = 'reversal')::text as reversed,
      (select count(*) from loyalty_lots l
        where l.member_id = ${memberId} and (l.remaining < 0
          or l.points - l.remaining <> (select coalesce(sum(points), 0) from loyalty_consumptions where lot_id = l.id)))::text
        as "brokenLots"`)
  if (!row) throw new Error('no totals')
  return {
    credited: BigInt(row.credited),
    remaining: BigInt(row.remaining),
    spent: BigInt(row.spent),
    expired: BigInt(row.expired),
    reversed: BigInt(row.reversed),
    brokenLots: Number(row.brokenLots),
  }
}
