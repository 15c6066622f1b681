import { Readable } from 'node:stream'
import { ownUnitId, type UnitAccess, unitScope } from '../access/unit-scope.js'
import { detectDelimiter } from '../customers/detect-delimiter.js'
import { InvalidTextError, readCsvRecords } from '../customers/read-csv-records.js'
import type { ResponseFileReport } from '../customers/responses-file-import.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import type { SurveyDefinition } from '../surveys/definition.js'
import {
  type ImportedResponse,
  mapResponseColumns,
  parseResponseRow,
  type ResponseColumns,
} from './response-row.js'

/** What became of a response history file: rows read, stored, already there, and the refused ones by line. */
export type ResponseImportReport = ResponseFileReport

export interface ImportSurvey {
  id: string
  workspaceId: string
  version: number
  touchpoint: string
  npsKind: string
  definition: SurveyDefinition
}

/** The header or the text itself is unusable: nothing was imported. */
export class ResponseFileError extends Error {}

const batchSize = 1000

/** The responses' client id: the external response id, prefixed so that it never meets a browser's id. */
export const importedClientId = (responseId: string) => `import:${responseId}`

/**
 * Imports a survey's response history from CSV/TSV text: idempotent by response_id, each bad row reported by
 * line with the good ones kept. Customers are matched by external id, else by e-mail, among those in the
 * importer's org unit (`scope`; the whole workspace by default, as for the command line).
 */
export async function importResponsesCsv(
  db: Db,
  survey: ImportSurvey,
  bytes: Uint8Array,
  scope: UnitAccess = { workspaceId: survey.workspaceId, unitPath: null },
): Promise<ResponseImportReport> {
  const writer = new ResponseWriter(db, survey, scope)
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 64 * 1024)).replace(/^\uFEFF/, '')
  if (head.trim() === '') throw new ResponseFileError('the file is empty')
  let columns: ResponseColumns | null = null
  let width = 0
  let line = 0
  try {
    for await (const { records, quoted } of readCsvRecords(
      Readable.from([Buffer.from(bytes)]),
      detectDelimiter(head),
    )) {
      let nextQuoted = 0
      for (const [r, fields] of records.entries()) {
        line += 1
        const at = line
        if (quoted[nextQuoted] === r) {
          line += fields.reduce((sum, f) => sum + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0)
          nextQuoted++
        }
        if (fields.every((f) => f.trim() === '')) continue
        if (columns === null) {
          const mapped = mapResponseColumns(fields, survey.definition)
          if ('error' in mapped) throw new ResponseFileError(`header: ${mapped.error}`)
          columns = mapped.columns
          width = fields.length
          continue
        }
        const nul = fields.findIndex((f) => f.includes('\u0000'))
        if (nul !== -1)
          writer.refuse(at, null, `field ${nul + 1} holds a NUL character (U+0000), which cannot be stored`)
        else if (fields.length !== width)
          writer.refuse(at, null, `the row has ${fields.length} fields, the header has ${width}`)
        else writer.add(at, parseResponseRow(fields, columns, survey))
        await writer.storeWhenFull()
      }
    }
  } catch (error) {
    if (error instanceof InvalidTextError) throw new ResponseFileError(`line ${line + 1}: not valid UTF-8`)
    if (error instanceof ResponseFileError) throw error
    if (error instanceof Error && 'code' in error && error.code === 'CSV_QUOTE_NOT_CLOSED') {
      writer.refuse(line + 1, null, 'a quoted field starting here is never closed')
    } else throw error
  }
  if (columns === null) throw new ResponseFileError('the file has no header line')
  return writer.finish()
}

/** Parsed rows waiting to be stored a batch at a time, and the report of what became of every row. */
export class ResponseWriter {
  readonly report: ResponseImportReport = {
    read: 0,
    imported: 0,
    unchanged: 0,
    unlinked: 0,
    skipped: 0,
    errors: [],
  }
  private pending: ImportedResponse[] = []

  constructor(
    private readonly db: Db,
    private readonly survey: ImportSurvey,
    private readonly scope: UnitAccess,
    private readonly maxErrors = 1000,
  ) {}

  refuse(line: number, field: string | null, message: string): void {
    this.report.read += 1
    this.report.skipped += 1
    if (this.report.errors.length < this.maxErrors) this.report.errors.push({ line, field, message })
  }

  add(line: number, parsed: ReturnType<typeof parseResponseRow>): void {
    if ('problem' in parsed) this.refuse(line, parsed.problem.field, parsed.problem.message)
    else {
      this.report.read += 1
      this.pending.push(parsed.response)
    }
  }

  async storeWhenFull(): Promise<void> {
    if (this.pending.length < batchSize) return
    await storeResponses(this.db, this.survey, this.scope, this.pending.splice(0), this.report)
  }

  async finish(): Promise<ResponseImportReport> {
    await storeResponses(this.db, this.survey, this.scope, this.pending.splice(0), this.report)
    return this.report
  }
}

/** One statement per batch: customers matched in SQL, a response_id seen before left alone. */
async function storeResponses(
  db: Db,
  survey: ImportSurvey,
  scope: UnitAccess,
  responses: ImportedResponse[],
  report: ResponseImportReport,
): Promise<void> {
  if (responses.length === 0) return
  const rows = responses.map((r) => ({
    client_id: importedClientId(r.responseId),
    customer: r.customerId,
    email: r.email,
    answered_at: r.answeredAt.toISOString(),
    channel: r.channel,
    touchpoint: r.touchpoint,
    language: r.language,
    answers: r.answers,
  }))
  const stored = await db.query<{ linked: boolean }>(sql`
    insert into responses (workspace_id, survey_id, survey_version, client_id, customer_id, org_unit_id, language,
      channel, touchpoint, nps_kind, answers, started_at, updated_at, completed_at)
    select ${survey.workspaceId}, ${survey.id}, ${survey.version}, x.client_id, c.id,
      coalesce(c.org_unit_id, ${ownUnitId(scope)}::uuid), x.language,
      x.channel, x.touchpoint, ${survey.npsKind}, x.answers, x.answered_at, x.answered_at, x.answered_at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(client_id text, customer text, email text,
      answered_at timestamptz, channel text, touchpoint text, language text, answers jsonb)
    left join lateral (select cu.id, cu.org_unit_id from customers cu
      where cu.workspace_id = ${survey.workspaceId} and ${unitScope(scope, sql`cu.org_unit_id`)}
        and (cu.external_id = x.customer or (x.customer is null and lower(cu.email) = lower(x.email)))
      order by cu.created_at, cu.id limit 1) c on true
    on conflict (survey_id, client_id) do nothing
    returning customer_id is not null as linked`)
  report.imported += stored.length
  report.unlinked += stored.filter((s) => !s.linked).length
  report.unchanged += responses.length - stored.length
}
