import type { Db } from '../db/db.js'
import { fieldIssues } from '../http/errors.js'
import { findUnsafeText } from '../http/unsafe-text.js'
import { Importer, type ImportReport } from './importer.js'
import { customerRecordSchema, eventRecordSchema, orderRecordSchema, type RecordKind } from './records.js'

export const MAX_BATCH_RECORDS = 10_000

const schemas = { customers: customerRecordSchema, orders: orderRecordSchema, events: eventRecordSchema }

/**
 * Validates and imports a batch of JSON records; bad records (text with NUL or a lone surrogate included) are
 * reported by index and field, good ones kept.
 */
export async function ingestRecords(
  db: Db,
  workspaceId: string,
  kind: RecordKind,
  records: readonly unknown[],
): Promise<ImportReport> {
  const importer = new Importer(db, workspaceId, kind, { batchSize: 5000 })
  const schema = schemas[kind]
  for (const [index, raw] of records.entries()) {
    const unsafe = findUnsafeText(raw)
    if (unsafe) {
      await importer.add({ index, error: { field: unsafe.field, message: unsafe.message } })
      continue
    }
    const parsed = schema.safeParse(raw)
    if (parsed.success) await importer.add({ index, record: parsed.data as never })
    else {
      const issue = fieldIssues(parsed.error.issues)[0]!
      await importer.add({ index, error: { field: issue.field, message: issue.message } })
    }
  }
  return importer.finish()
}
