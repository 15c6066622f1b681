import { recordAudit, systemActor } from '../access/audit.js'
import { createOrgUnit, listOrgUnits } from '../access/org-units.js'
import type { ImportReport } from '../customers/importer.js'
import { Importer } from '../customers/importer.js'
import type { RecordKind, RecordOf } from '../customers/records.js'
import type { Db } from '../db/db.js'
import { createDemoPrograms, loadDemoSurveys } from './demo-surveys.js'
import { DEFAULT_DEMO_END, type DemoOptions, generateDemo } from './generate-demo.js'
import { seedDemoCases } from './parts/cases.js'
import { seedDemoJourney } from './parts/journey.js'
import { seedDemoChanges } from './parts/loop-changes.js'
import { loadLoyaltyDemo } from './parts/loyalty.js'

/** Fills a workspace with the seeded demo web shop: org units, customers, a year of orders, journey events. */
export async function loadDemo(
  db: Db,
  workspaceId: string,
  options: DemoOptions & {
    onProgress?: (kind: RecordKind, done: number, total: number) => void
    /** Told each step as it starts ("customers", "surveys"…), for a log or a status line. */
    onStep?: (step: string) => void
  } = {},
): Promise<Record<RecordKind, ImportReport>> {
  options.onStep?.('generating')
  const data = generateDemo(options)
  const existing = new Set((await listOrgUnits(db, workspaceId)).map((u) => u.code))
  for (const unit of data.orgUnits) {
    if (existing.has(unit.code)) continue
    await createOrgUnit(db, workspaceId, {
      code: unit.code,
      name: unit.name,
      kind: unit.kind,
      parentCode: unit.parentCode,
    })
  }
  const load = async <K extends RecordKind>(kind: K, records: readonly RecordOf<K>[]) => {
    options.onStep?.(kind)
    // Small batches: no one statement keeps the embedded database (and requests waiting on it) busy for long.
    const importer = new Importer(db, workspaceId, kind, { batchSize: 5000 })
    for (const [index, record] of records.entries()) {
      await importer.add({ index, record })
      if (index % 1000 === 0) options.onProgress?.(kind, index, records.length)
    }
    options.onProgress?.(kind, records.length, records.length)
    return importer.finish()
  }
  // What the dashboard's pages show comes first (customers, orders, survey answers, cases); the journey events,
  // which only the customer timeline and the programs' triggers read, come after.
  const customers = await load('customers', data.customers)
  const orders = await load('orders', data.orders)
  options.onStep?.('surveys')
  const surveys = await loadDemoSurveys(db, workspaceId, data, {
    seed: options.seed ?? 42,
    end: (options.end ?? DEFAULT_DEMO_END).getTime(),
  })
  options.onStep?.('cases')
  await seedDemoCases(db, workspaceId)
  await seedDemoChanges(db, workspaceId)
  const reports = { customers, orders, events: await load('events', data.events) }
  // The journey map after the events, so its paths are built once (still the "events" step on the dashboard).
  await seedDemoJourney(db, workspaceId)
  await createDemoPrograms(db, workspaceId, surveys.ids)
  options.onStep?.('loyalty')
  await loadLoyaltyDemo(db, workspaceId)
  await recordAudit(db, {
    workspaceId,
    actor: systemActor,
    action: 'demo',
    entityType: 'workspace',
    entityId: workspaceId,
    details: { customers: data.customers.length, orders: data.orders.length, events: data.events.length },
  })
  return reports
}
