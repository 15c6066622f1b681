import { expect, test } from 'vitest'
import { listChanges } from '../../cases/loop-changes.js'
import { caseWorkspace, npsSurvey } from '../../cases/test-cases.js'
import { sql } from '../../db/sql.js'
import { pgliteTestDb } from '../../db/test-db.js'
import { seedDemoChanges } from './loop-changes.js'

const day = 86_400_000

test('the demo tells a delivery change by consent, compares next scores, and records a theme change not yet sent', async () => {
  const db = await pgliteTestDb()
  const w = await caseWorkspace(db)
  const survey = await npsSurvey(db, w.workspaceId, 'order_delivered')
  const newest = new Date('2026-06-01T10:00:00Z').getTime()
  // Ten who consented, two of unknown consent, one who refused: all scored 3 200 days before the newest answer.
  const consents: (boolean | null)[] = [...Array(10).fill(true), null, null, false]
  for (const [i, consent] of consents.entries()) {
    const id = await w.customer(`dc-${i}`, null, `dc${i}@demo.test`)
    await db.query(sql`update customers set email_opt_in = ${consent} where id = ${id}`)
    await survey.answer(id, { nps: 3 }, new Date(newest - 200 * day))
    await survey.answer(id, { nps: 8 }, new Date(newest - 30 * day))
  }
  // Raised it after the change was told (60 days before the newest answer): not among its customers.
  const late = await w.customer('late', null, 'late@demo.test')
  await survey.answer(
    late,
    { nps: 1, comment: 'The courier came without calling' },
    new Date(newest - 60 * day),
  )
  await survey.answer(late, { nps: 9 }, new Date(newest))

  expect(await seedDemoChanges(db, w.workspaceId)).toBe(2)
  const { items } = await listChanges(
    db,
    { workspaceId: w.workspaceId, unitPath: null },
    { limit: 10, offset: 0 },
  )
  const [theme, delivery] = items
  expect(delivery!.title).toBe('Faster delivery to Riga')
  expect(delivery!.counts.sent + delivery!.counts.deselected).toBe(10)
  expect(delivery!.counts.suppressed).toBe(3)
  const reasons = await db.query<{ reason: string; n: number }>(sql`select reason, count(*)::int as n
    from loop_change_customers where change_id = ${delivery!.id} and status = 'suppressed' group by reason order by reason`)
  expect(reasons).toEqual([
    { reason: 'no_consent', n: 2 },
    { reason: 'opted_out', n: 1 },
  ])
  // Everyone answered 8 after the change: both groups' next mean is 8.
  expect(delivery!.comparison.told.meanNext).toBe(8)
  expect(delivery!.comparison.notTold.meanNext).toBe(8)
  expect(delivery!.comparison.told.n + delivery!.comparison.notTold.n).toBe(13)
  expect(theme!.notifiedAt).toBeNull()
  expect(theme!.counts.selected).toBe(1)
  expect(await seedDemoChanges(db, w.workspaceId)).toBe(0)
  await db.close()
})
