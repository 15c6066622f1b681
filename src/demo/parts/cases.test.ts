import { expect, test } from 'vitest'
import { caseWorkspace } from '../../cases/test-cases.js'
import { sql } from '../../db/sql.js'
import { pgliteTestDb } from '../../db/test-db.js'
import { seedDemoCases } from './cases.js'

test('the demo has open, waiting, resolved and closed cases, some escalated past their targets; a reload adds none', async () => {
  const db = await pgliteTestDb()
  const w = await caseWorkspace(db)
  await w.person('Agent', 'agent', w.units.north.id)
  await w.person('Boss', 'owner', null)
  for (let i = 0; i < 9; i++) await w.customer(`demo-${i}`, w.units.riga.id, `c${i}@demo.test`)
  expect(await seedDemoCases(db, w.workspaceId)).toBe(9)
  const byStatus = await db.query<{
    status: string
    n: number
  }>(sql`select status, count(*)::int as n from cases
    where workspace_id = ${w.workspaceId} group by status order by status`)
  expect(Object.fromEntries(byStatus.map((r) => [r.status, r.n]))).toEqual({
    closed: 1,
    in_progress: 1,
    new: 4,
    resolved: 2,
    waiting_on_customer: 1,
  })
  const [escalated] = await db.query<{
    n: number
  }>(sql`select count(distinct case_id)::int as n from case_escalations
    where workspace_id = ${w.workspaceId}`)
  // The cases opened 6, 9 and 12 days ago and still open are past their targets; the fresh ones are not.
  expect(escalated!.n).toBe(3)
  const unsummarised = await db.query(sql`select 1 from cases where workspace_id = ${w.workspaceId}
    and status in ('resolved', 'closed') and resolution_summary is null`)
  expect(unsummarised).toHaveLength(0)
  expect(await seedDemoCases(db, w.workspaceId)).toBe(0)
  await db.close()
})
