import { recordAudit, systemActor } from '../access/audit.js'
import { createOrgUnit, listOrgUnits } from '../access/org-units.js'
import type { ImportReport } from '../customers/importer.js'
import { Importer } from '../customers/importer.js'
import type { RecordKind, RecordOf } from '../customers/records.js'
import type { Db } from '../db/db.js'
import { recomputeThemes } from '../feedback/themes/recompute-themes.js'
import { createDemoPrograms, loadDemoSurveys } from './demo-surveys.js'
import { DEFAULT_DEMO_END, type DemoOptions, generateDemo } from './generate-demo.js'
import { seedDemoCases } from './parts/cases.js'
import { seedDemoJourney } from './parts/journey.js'
import { seedDemoChanges } from './parts/loop-changes.js'
import { loadLoyaltyDemo } from './parts/loyalty.js'
import { seedDemoOutreach } from './parts/outreach.js'

/** What the demo adds to its org units, customers and orders. */
export const demoParts = ['surveys', 'cases', 'events', 'loyalty'] as const
export type DemoPart = (typeof demoParts)[number]

/**
 * Fills a workspace with the seeded demo web shop: org units, customers, a year of orders, and the parts (all
 * unless told): surveys with a year of answers and their programs, cases, journey events, the loyalty program.
 * The generated data are the same whichever parts are stored.
 */
export async function loadDemo(
  db: Db,
  workspaceId: string,
  options: DemoOptions & {
    onProgress?: (kind: RecordKind, done: number, total: number) => void
    /** Told each step as it starts ("customers", "surveys"…), for a log or a status line. */
    onStep?: (step: string) => void
    /** For a test that needs only some: the parts to store besides the customers and orders. */
    parts?: readonly DemoPart[]
  } = {},
): Promise<Record<RecordKind, ImportReport>> {
  const parts = new Set(options.parts ?? demoParts)
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
  let surveys: Awaited<ReturnType<typeof loadDemoSurveys>> | undefined
  if (parts.has('surveys')) {
    options.onStep?.('surveys')
    surveys = await loadDemoSurveys(db, workspaceId, data, {
      seed: options.seed ?? 42,
      end: (options.end ?? DEFAULT_DEMO_END).getTime(),
    })
    // The comments' themes and sentiment, so that the themes page and the pain points show them at once.
    await recomputeThemes(db, workspaceId)
  }
  if (parts.has('cases')) {
    options.onStep?.('cases')
    await seedDemoCases(db, workspaceId)
    await seedDemoChanges(db, workspaceId)
    await seedDemoOutreach(db, workspaceId)
  }
  const reports = {
    customers,
    orders,
    events: await load('events', parts.has('events') ? data.events : []),
  }
  // The journey map after the events, so its paths are built once (still the "events" step on the dashboard).
  if (parts.has('events')) await seedDemoJourney(db, workspaceId)
  if (surveys) await createDemoPrograms(db, workspaceId, surveys.ids)
  if (parts.has('loyalty')) {
    options.onStep?.('loyalty')
    await loadLoyaltyDemo(db, workspaceId)
  }
  await recordAudit(db, {
    workspaceId,
    actor: systemActor,
    action: 'demo',
    entityType: 'workspace',
    entityId: workspaceId,
    details: {
      customers: data.customers.length,
      orders: data.orders.length,
      events: parts.has('events') ? data.events.length : 0,
    },
  })
  return reports
}
