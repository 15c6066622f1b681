import { rm } from 'node:fs/promises'
import { recordAudit } from '../access/audit.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'
import { enqueueJob, extendJobLease } from '../jobs/queries.js'
import { mapColumns } from './column-mapping.js'
import { ImportFileError } from './import-file-error.js'
import { previewUpload } from './import-upload.js'
import { Importer, type ImportReport } from './importer.js'
import { createDateParser } from './parse-date.js'
import { readCsvFileRows, readImportFile } from './read-import-file.js'
import type { RecordKind } from './records.js'
import type { ResponsesFileImport } from './responses-file-import.js'

export type ImportKind = RecordKind | 'responses'

/** The job that runs an uploaded file's import in the background. */
export const IMPORT_FILE_JOB = 'customers.import-file'

/** Bad lines kept per run for the download (the report itself shows the first REPORT_ERRORS). */
export const MAX_STORED_ERRORS = 100_000
const REPORT_ERRORS = 100

export interface ImportOptions {
  /** canonical column → the file's header */
  columns: Record<string, string>
  dateFormat: string
}

export interface ImportRun {
  id: string
  kind: ImportKind
  /** The survey a responses file answers (null for the other kinds). */
  surveyId: string | null
  fileName: string
  fileSize: number
  status: 'uploaded' | 'queued' | 'running' | 'done' | 'failed'
  options: Partial<ImportOptions>
  bytesRead: number
  rowsRead: number
  report:
    | (Omit<ImportReport, 'errors'> & {
        /** Responses only: imported answers that matched no customer. */
        unlinked?: number
        errors: { line: number | null; field: string | null; message: string }[]
      })
    | null
  error: string | null
  createdAt: Date
  startedAt: Date | null
  finishedAt: Date | null
}

const columns = sql`id, kind, survey_id as "surveyId", file_name as "fileName", file_size::float8 as "fileSize", status, options,
  bytes_read::float8 as "bytesRead", rows_read as "rowsRead", report, error, created_at as "createdAt",
  started_at as "startedAt", finished_at as "finishedAt"`

/** Records an uploaded file, ready to be mapped and imported. */
export async function createImportRun(
  db: Db,
  input: {
    workspaceId: string
    kind: ImportKind
    surveyId?: string | null
    fileName: string
    path: string
    size: number
    createdBy: string | null
  },
): Promise<ImportRun> {
  const [row] = await db.query<ImportRun>(sql`insert into import_runs
      (workspace_id, kind, survey_id, file_name, file_path, file_size, created_by)
    values (${input.workspaceId}, ${input.kind}, ${input.surveyId ?? null}, ${input.fileName}, ${input.path},
      ${input.size}, ${input.createdBy})
    returning ${columns}`)
  return row!
}

export async function getImportRun(db: Db, workspaceId: string, id: string): Promise<ImportRun | undefined> {
  const [row] = await db.query<ImportRun>(
    sql`select ${columns} from import_runs where workspace_id = ${workspaceId} and id = ${id}`,
  )
  return row
}

async function runFile(
  db: Db,
  id: string,
): Promise<{ workspaceId: string; path: string; createdBy: string | null } | undefined> {
  const [row] = await db.query<{ workspaceId: string; path: string; createdBy: string | null }>(sql`select
      workspace_id as "workspaceId", file_path as path, created_by as "createdBy" from import_runs where id = ${id}`)
  return row
}

/** The file's header and first rows, for the mapping step. */
export async function previewRun(db: Db, workspaceId: string, id: string) {
  const file = await runFile(db, id)
  if (!file || file.workspaceId !== workspaceId) throw new DomainError('not_found', 'import not found')
  return previewUpload(file.path)
}

export async function listImportRuns(db: Db, workspaceId: string, limit: number): Promise<ImportRun[]> {
  return db.query<ImportRun>(sql`select ${columns} from import_runs where workspace_id = ${workspaceId}
    order by created_at desc limit ${limit}`)
}

/**
 * Checks the mapping against the file's header and queues the import; a run is started once. The mapping is
 * kept for the next file of this kind when `save` is set.
 */
export async function startImportRun(
  db: Db,
  workspaceId: string,
  id: string,
  options: ImportOptions & { save: boolean },
  responses?: ResponsesFileImport,
): Promise<ImportRun> {
  const run = await getImportRun(db, workspaceId, id)
  if (!run) throw new DomainError('not_found', 'import not found')
  if (run.status !== 'uploaded') throw new DomainError('conflict', 'this import has already been started')
  try {
    createDateParser(options.dateFormat)
  } catch (error) {
    throw new DomainError('invalid', (error as Error).message, 'dateFormat')
  }
  const preview = await previewRun(db, workspaceId, id)
  const misfit = await mappingMisfit(db, workspaceId, run, preview.headers, options.columns, responses)
  if (misfit) throw new DomainError('invalid', misfit, 'columns')
  const stored = { columns: options.columns, dateFormat: options.dateFormat }
  return db.transaction(async (tx) => {
    const [started] = await tx.query<ImportRun>(sql`update import_runs set status = 'queued',
        options = ${JSON.stringify(stored)}::jsonb
      where workspace_id = ${workspaceId} and id = ${id} and status = 'uploaded' returning ${columns}`)
    if (!started) throw new DomainError('conflict', 'this import has already been started')
    if (options.save) await saveImportMapping(tx, workspaceId, run.kind, stored)
    await enqueueJob(tx, {
      kind: IMPORT_FILE_JOB,
      workspaceId,
      payload: { runId: id },
      dedupeKey: `${IMPORT_FILE_JOB}:${id}`,
      maxAttempts: 3,
    })
    return started
  })
}

// What is wrong with a mapping for the file's header, if anything.
async function mappingMisfit(
  db: Db,
  workspaceId: string,
  run: ImportRun,
  headers: string[],
  columns: Record<string, string>,
  responses: ResponsesFileImport | undefined,
): Promise<string | undefined> {
  if (run.kind !== 'responses') {
    try {
      mapColumns(headers, run.kind, columns)
      return undefined
    } catch (error) {
      if (error instanceof ImportFileError) return error.message
      throw error
    }
  }
  const survey =
    responses && run.surveyId ? await responses.describe(db, workspaceId, run.surveyId, headers) : undefined
  if (!survey) return 'the survey of this file is gone'
  const unknown = Object.keys(columns).find((c) => !survey.columns.includes(c))
  if (unknown) return `${unknown} is not a column of this survey`
  const absent = Object.values(columns).find((h) => !headers.includes(h))
  if (absent !== undefined) return `the file has no column ${JSON.stringify(absent.slice(0, 80))}`
  const missing = survey.required.filter((c) => columns[c] === undefined)
  if (missing.length > 0)
    return `map the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`
  if (columns.customer_id === undefined && columns.email === undefined) return 'map customer_id or email'
  return undefined
}

export async function saveImportMapping(
  db: Db,
  workspaceId: string,
  kind: ImportKind,
  options: ImportOptions,
): Promise<void> {
  await db.query(sql`insert into import_mappings (workspace_id, kind, columns, date_format)
    values (${workspaceId}, ${kind}, ${JSON.stringify(options.columns)}::jsonb, ${options.dateFormat})
    on conflict (workspace_id, kind) do update set columns = excluded.columns, date_format = excluded.date_format,
      updated_at = now()`)
}

export async function getImportMapping(
  db: Db,
  workspaceId: string,
  kind: ImportKind,
): Promise<ImportOptions | undefined> {
  const [row] =
    await db.query<ImportOptions>(sql`select columns, date_format as "dateFormat" from import_mappings
    where workspace_id = ${workspaceId} and kind = ${kind}`)
  return row
}

/**
 * Runs a queued import: reads the file as the CLI does, writes progress as it goes (and keeps the job's lease),
 * then stores the report and every bad line. A file that stops being readable ends the run as failed, with
 * the rows before it imported.
 */
export async function runImportFile(
  db: Db,
  runId: string,
  jobId?: string,
  responses?: ResponsesFileImport,
): Promise<void> {
  const file = await runFile(db, runId)
  if (!file) return
  const [run] = await db.query<{
    kind: ImportKind
    surveyId: string | null
    status: string
    options: ImportOptions
    fileSize: number
  }>(sql`
    update import_runs set status = 'running', started_at = now(), bytes_read = 0, rows_read = 0
    where id = ${runId} and status in ('queued', 'running')
    returning kind, survey_id as "surveyId", status, options, file_size::float8 as "fileSize"`)
  if (!run) return
  await db.query(sql`delete from import_errors where run_id = ${runId}`)
  let lastWrite = 0
  let progress: Promise<unknown> = Promise.resolve()
  const onProgress = (bytes: number, rows: number) => {
    const now = Date.now()
    if (now - lastWrite < 250) return
    lastWrite = now
    progress = progress
      .then(async () => {
        await db.query(
          sql`update import_runs set bytes_read = ${bytes}, rows_read = ${rows} where id = ${runId}`,
        )
        if (jobId) await extendJobLease(db, jobId, 300)
      })
      .catch(() => {})
  }
  let outcome: { report: RunReport | null; error: string | null }
  if (run.kind === 'responses') {
    if (!responses || !run.surveyId) throw new Error('the responses import is not wired in')
    outcome = await importResponseFile(db, file, run.surveyId, run.options, responses, onProgress)
  } else outcome = await importRecordFile(db, file, run.kind, run.options, onProgress)
  const { report, error } = outcome
  await progress
  const errors = report?.errors ?? []
  if (errors.length > 0) {
    const lines = errors.map((e) => ('line' in e ? e.line : e.index))
    await db.query(sql`insert into import_errors (run_id, line, field, message)
      select ${runId}, line, field, message
      from unnest(${lines}::int[], ${errors.map((e) => e.field)}::text[], ${errors.map((e) => e.message)}::text[])
        as t(line, field, message)`)
  }
  const shown = report && {
    ...report,
    errors: errors
      .slice(0, REPORT_ERRORS)
      .map((e) => ({ line: 'line' in e ? e.line : null, field: e.field, message: e.message })),
  }
  await db.query(sql`update import_runs set status = ${report ? 'done' : 'failed'},
      report = ${shown ? JSON.stringify(shown) : null}::jsonb, error = ${error},
      bytes_read = case when ${report !== null && error === null} then file_size else bytes_read end,
      rows_read = ${report?.read ?? 0}, finished_at = now()
    where id = ${runId}`)
  await recordAudit(db, {
    workspaceId: file.workspaceId,
    actor: { userId: file.createdBy, apiKeyId: null },
    action: 'import',
    entityType: run.kind,
    entityId: runId,
    details: { ...(report ?? {}), errors: errors.length, error },
  })
}

type RunReport = Omit<ImportReport, 'errors'> & { unlinked?: number; errors: ImportReport['errors'] }
type RunFile = { workspaceId: string; path: string }

// Customers, orders or events, read as the CLI reads them.
async function importRecordFile(
  db: Db,
  file: RunFile,
  kind: RecordKind,
  options: ImportOptions,
  onProgress: (bytes: number, rows: number) => void,
): Promise<{ report: RunReport | null; error: string | null }> {
  const importer = new Importer(db, file.workspaceId, kind, { maxErrors: MAX_STORED_ERRORS })
  try {
    const progress = (bytes: number) => onProgress(bytes, importer.report.read)
    const rows = readImportFile(file.path, kind, { ...options, onProgress: progress })
    for await (const row of rows) await importer.add(row)
    return { report: await importer.finish(), error: null }
  } catch (thrown) {
    if (!(thrown instanceof ImportFileError)) throw thrown
    const error = thrown.message.replace(file.path, 'the file')
    return { report: importer.report.read > 0 ? await importer.finish() : null, error }
  }
}

// A survey's responses, by the capability that records them.
async function importResponseFile(
  db: Db,
  file: RunFile,
  surveyId: string,
  options: ImportOptions,
  responses: ResponsesFileImport,
  onProgress: (bytes: number, rows: number) => void,
): Promise<{ report: RunReport | null; error: string | null }> {
  try {
    const done = await responses.importFile(db, {
      workspaceId: file.workspaceId,
      surveyId,
      path: file.path,
      columns: options.columns,
      dateFormat: options.dateFormat,
      maxErrors: MAX_STORED_ERRORS,
      onProgress,
    })
    return { report: { ...done, updated: 0, customersCreated: 0 }, error: null }
  } catch (thrown) {
    if (!(thrown instanceof ImportFileError)) throw thrown
    return { report: null, error: thrown.message.replace(file.path, 'the file') }
  }
}

/**
 * The bad lines of a run with the file's own cells after the line number, field and message: fix them and
 * import the CSV again. Lines the file could not split into cells come with the message only.
 */
export async function* badLines(db: Db, workspaceId: string, runId: string): AsyncGenerator<string[][]> {
  const file = await runFile(db, runId)
  const run = await getImportRun(db, workspaceId, runId)
  if (!file || !run || file.workspaceId !== workspaceId)
    throw new DomainError('not_found', 'import not found')
  const errors = await db.query<{
    line: number
    field: string | null
    message: string
  }>(sql`select line, field, message
    from import_errors where run_id = ${runId} order by line`)
  const byLine = new Map<number, { field: string | null; message: string }[]>()
  for (const e of errors) byLine.set(e.line, [...(byLine.get(e.line) ?? []), e])
  const { headers } = await previewUpload(file.path)
  yield [['line', 'field', 'error', ...headers]]
  const cells = new Map<number, string[]>()
  let batch: string[][] = []
  const open = () => ({
    row: (fields: string[], line: number) => {
      if (byLine.has(line)) cells.set(line, fields)
    },
    refused: () => {},
  })
  for await (const _ of readCsvFileRows(file.path, {}, open)) {
    // Read for the cells only; the rows are emitted in line order below, once all are known.
  }
  for (const [line, list] of byLine) {
    for (const e of list) {
      batch.push([String(line), e.field ?? '', e.message, ...(cells.get(line) ?? [])])
      if (batch.length >= 2000) {
        yield batch
        batch = []
      }
    }
  }
  if (batch.length > 0) yield batch
}

/** Removes runs older than `days` and their files. */
export async function purgeImportRuns(db: Db, days = 7): Promise<number> {
  const old = await db.query<{ path: string }>(sql`delete from import_runs
    where created_at < now() - make_interval(days => ${days}) and status not in ('queued', 'running')
    returning file_path as path`)
  for (const { path } of old) await rm(path, { force: true })
  return old.length
}

/** Deletes an upload's file (tests, and a run that failed to be recorded). */
export const removeUploadFile = (path: string) => rm(path, { force: true })
