import type { UnitAccess } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { fieldIssues } from '../http/errors.js'
import { findUnsafeText } from '../http/unsafe-text.js'
import { Importer, type ImportReport } from './importer.js'
import {
  type CustomerRecord,
  customerRecordSchema,
  type EventRecord,
  eventRecordSchema,
  type OrderRecord,
  orderRecordSchema,
  type RecordKind,
} from './records.js'
import { type Checked, scopeByCustomer, scopeCustomers } from './scope-records.js'

export const MAX_BATCH_RECORDS = 10_000

type AnyRecord = CustomerRecord | OrderRecord | EventRecord
const schemas = { customers: customerRecordSchema, orders: orderRecordSchema, events: eventRecordSchema }

/**
 * Validates and imports a batch of JSON records; bad records (text with NUL or a lone surrogate included) are
 * reported by index and field, good ones kept. A writer limited to an org unit (unitPath set) writes only inside
 * it: other records are reported.
 */
export async function ingestRecords(
  db: Db,
  workspaceId: string,
  kind: RecordKind,
  records: readonly unknown[],
  writer: Pick<UnitAccess, 'unitPath'> = { unitPath: null },
): Promise<ImportReport> {
  const schema = schemas[kind]
  const parsed: Checked<AnyRecord>[] = records.map((raw, index) => {
    const unsafe = findUnsafeText(raw)
    if (unsafe) return { index, error: { field: unsafe.field, message: unsafe.message } }
    const result = schema.safeParse(raw)
    if (result.success) return { index, record: result.data }
    const [issue] = fieldIssues(result.error.issues)
    return { index, error: { field: issue?.field ?? '(record)', message: issue?.message ?? 'invalid' } }
  })
  const checked =
    writer.unitPath === null ? parsed : await scopeToUnit(db, { workspaceId, ...writer }, kind, parsed)
  const importer = new Importer(db, workspaceId, kind, { batchSize: 5000 })
  for (const row of checked) await importer.add(row as never)
  return importer.finish()
}

/** Runs the unit check over the valid records and puts the results back in input order. */
async function scopeToUnit(
  db: Db,
  access: UnitAccess,
  kind: RecordKind,
  rows: Checked<AnyRecord>[],
): Promise<Checked<AnyRecord>[]> {
  const valid = rows.filter((r): r is { index: number; record: AnyRecord } => 'record' in r)
  const scoped: Checked<AnyRecord>[] =
    kind === 'customers'
      ? await scopeCustomers(db, access, valid as { index: number; record: CustomerRecord }[])
      : await scopeByCustomer(db, access, valid as { index: number; record: OrderRecord | EventRecord }[])
  const byIndex = new Map(scoped.map((r) => [r.index, r]))
  return rows.map((r) => byIndex.get(r.index) ?? r)
}
