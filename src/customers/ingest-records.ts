import type { UnitAccess } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { fieldIssues } from '../http/errors.js'
import { findUnsafeText } from '../http/unsafe-text.js'
import { Importer, type ImportReport } from './importer.js'
import { type RecordKind, type RecordOf, recordSchemas } from './records.js'
import { type Checked, scopeByCustomer, scopeCustomers } from './scope-records.js'

export const MAX_BATCH_RECORDS = 10_000

// Typed per kind, so that scopes[kind] takes and gives RecordOf<K> for a generic kind K.
const scopes: {
  [K in RecordKind]: (
    db: Db,
    access: UnitAccess,
    rows: { index: number; record: RecordOf<K> }[],
  ) => Promise<Checked<RecordOf<K>>[]>
} = { customers: scopeCustomers, orders: scopeByCustomer, events: scopeByCustomer }

/**
 * Validates and imports a batch of JSON records; bad records (text with NUL or a lone surrogate included) are
 * reported by index and field, good ones kept. A writer limited to an org unit (unitPath set) writes only inside
 * it: other records are reported.
 */
export async function ingestRecords<K extends RecordKind>(
  db: Db,
  workspaceId: string,
  kind: K,
  records: readonly unknown[],
  writer: Pick<UnitAccess, 'unitPath'> = { unitPath: null },
): Promise<ImportReport> {
  const schema = recordSchemas[kind]
  const parsed: Checked<RecordOf<K>>[] = records.map((raw, index) => {
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
  for (const row of checked) await importer.add(row)
  return importer.finish()
}

/** Runs the unit check over the valid records and puts the results back in input order. */
async function scopeToUnit<K extends RecordKind>(
  db: Db,
  access: UnitAccess,
  kind: K,
  rows: Checked<RecordOf<K>>[],
): Promise<Checked<RecordOf<K>>[]> {
  const valid = rows.filter((r): r is { index: number; record: RecordOf<K> } => 'record' in r)
  const scoped = await scopes[kind](db, access, valid)
  const byIndex = new Map(scoped.map((r) => [r.index, r]))
  return rows.map((r) => byIndex.get(r.index) ?? r)
}
