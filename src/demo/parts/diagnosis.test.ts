import { expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../../access/workspaces.js'
import { pgliteTestDb } from '../../db/test-db.js'
import { getDiagnosisMatrix, listDiagnosedCustomers } from '../../feedback/diagnosis/diagnosis.sql.js'
import { defaultDiagnosisSettings } from '../../feedback/diagnosis/quadrant.js'
import { currentResults } from '../../segments/current-results.js'
import { recomputeSegments } from '../../segments/recompute-segments.js'
import { loadDemo } from '../load-demo.js'

// The demo shop's loyalty diagnosis comes alive from what the demo already records: quarterly relational NPS and a
// commitment panel (survey-answers.ts) against the customers' own orders. A newcomer sees every quadrant.

test('a small demo shop has customers in all four quadrants and in unknown, each believable', async () => {
  const db = await pgliteTestDb()
  const organization = await createOrganization(db, 'Demo company')
  const workspaceId = (await createWorkspace(db, organization.id, 'Demo web shop')).id
  await loadDemo(db, workspaceId, { customers: 400, seed: 5 })
  await recomputeSegments(db, workspaceId)
  const scope = { access: { workspaceId, unitPath: null } }
  const matrix = await getDiagnosisMatrix(db, currentResults, scope, defaultDiagnosisSettings)
  for (const cell of matrix.cells) expect(cell.customers, cell.quadrant).toBeGreaterThan(0)
  // Most customers were never surveyed: unknown is the largest cell, as in a real shop.
  const unknown = matrix.cells.find((c) => c.quadrant === 'unknown')!.customers
  expect(Math.max(...matrix.cells.map((c) => c.customers))).toBe(unknown)
  // The spurious are frequent buyers who would not recommend: each has F ≥ 4 and R ≥ 3 and a low attitude.
  const spurious = await listDiagnosedCustomers(
    db,
    currentResults,
    scope,
    defaultDiagnosisSettings,
    'spurious_loyalty',
    {
      limit: 500,
      offset: 0,
    },
  )
  for (const d of spurious.items) {
    expect(d.f! >= 4 && d.r! >= 3, d.externalId).toBe(true)
    expect(d.attitude).toBe('low')
  }
  await db.close()
}, 300_000)
