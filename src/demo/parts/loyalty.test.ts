import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { testDrivers } from '../../db/test-db.js'
import { seedMembers } from '../../loyalty/test-members.js'
import { loadLoyaltyDemo } from './loyalty.js'

const now = new Date('2026-11-01T00:00:00Z')
const driver = testDrivers[0]!

describe.skipIf(!(await driver.available()))('the demo loyalty program', () => {
  let db: Db
  let ws: string
  beforeAll(async () => {
    db = await driver.open()
    ws = (await seedMembers(db, 0)).workspaceId
    // Six buyers: customer k bought k + 1 times, 100 each, in the last year; one more never bought.
    for (let k = 0; k < 7; k++) {
      const [c] = await db.query<{ id: string }>(sql`insert into customers (workspace_id, external_id)
        values (${ws}, ${`D-${k}`}) returning id`)
      for (let j = 0; j <= k && k < 6; j++)
        await db.query(sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount)
          values (${ws}, ${c?.id}, ${`O-${k}-${j}`}, ${new Date(now.getTime() - (j + 1) * 20 * 86_400_000)}, 'EUR', 100)`)
    }
    await loadLoyaltyDemo(db, ws, now)
  })
  afterAll(async () => {
    await db.close()
  })

  test('buyers join with a point per euro, some redeem, acts are recorded and tiers given', async () => {
    const [row] = await db.query<Record<string, string>>(sql`select
      (select count(*) from loyalty_members where workspace_id = ${ws})::text as members,
      (select sum(points) from loyalty_lots where workspace_id = ${ws} and source_type = 'demo')::text as purchased,
      (select count(*) from loyalty_entries where workspace_id = ${ws} and kind = 'debit')::text as redemptions,
      (select count(*) from loyalty_acts where workspace_id = ${ws})::text as acts,
      (select count(*) from loyalty_members where workspace_id = ${ws} and tier_id is not null)::text as tiered`)
    // 1 + 2 + … + 6 = 21 orders of 100: 2,100 points; members 0 and 5 (every fifth) redeem; members 0 and 3 act.
    expect(row).toEqual({ members: '6', purchased: '2100', redemptions: '2', acts: '2', tiered: '5' })
  })

  test('tiers were evaluated over the past months, so the dashboard has tier movements to chart', async () => {
    const rows = await db.query<{ at: Date }>(sql`select occurred_at as at from events
      where workspace_id = ${ws} and type = 'loyalty.tier_changed' order by occurred_at`)
    // D-5's two oldest orders (100 and 120 days back) made them a friend three evaluations (90 days) ago, before
    // anyone else; the last evaluation, at now, cannot be the first.
    expect(rows[0]?.at.getTime()).toBe(now.getTime() - 90 * 86_400_000)
    expect(rows.at(-1)?.at.getTime()).toBe(now.getTime())
  })
})
