import type { Context } from 'hono'
import { z } from 'zod'
import { authorizeWorkspace } from '../access/authenticate.js'
import type { Db } from '../db/db.js'
import { isUuid } from '../db/is-uuid.js'
import type { ApiRouter } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { UPLOAD_BODY_LIMIT } from '../http/body-limit.js'
import { badRequest, HttpError, notFound } from '../http/errors.js'
import { jsonTimestamp } from '../http/json-timestamp.js'
import { limitQuery, paramsWith, workspaceParams } from '../http/route-params.js'
import { stringifyCsv } from '../http/stringify-csv.js'
import { importColumns } from './column-mapping.js'
import { ImportFileError } from './import-file-error.js'
import {
  badLines,
  createImportRun,
  getImportMapping,
  getImportRun,
  type ImportRun,
  listImportRuns,
  previewRun,
  removeUploadFile,
  saveImportMapping,
  startImportRun,
} from './import-runs.js'
import { saveUpload, UploadTooLarge } from './import-upload.js'
import type { ResponsesFileImport } from './responses-file-import.js'
import { candidateDateFormats, detectDateFormat, suggestMapping } from './suggest-mapping.js'

const recordKindSchema = z.enum(['customers', 'orders', 'events'])
const kindSchema = z.enum([...recordKindSchema.options, 'responses'])
const columnsSchema = z
  .record(z.string().max(100), z.string().max(500))
  .refine((o) => Object.keys(o).length <= 50, 'must have at most 50 columns')
const dateFormatSchema = z.string().trim().min(1).max(60)

export const runSchema = z.object({
  id: z.uuid(),
  kind: kindSchema,
  /** The survey a responses file answers; null for the other kinds. */
  surveyId: z.uuid().nullable(),
  fileName: z.string(),
  fileSize: z.number(),
  status: z.enum(['uploaded', 'queued', 'running', 'done', 'failed']),
  bytesRead: z.number(),
  rowsRead: z.number(),
  report: z
    .object({
      read: z.number(),
      imported: z.number(),
      updated: z.number(),
      unchanged: z.number(),
      skipped: z.number(),
      customersCreated: z.number(),
      /** Responses only: imported answers that matched no customer. */
      unlinked: z.number().optional(),
      errors: z.array(
        z.object({ line: z.number().nullable(), field: z.string().nullable(), message: z.string() }),
      ),
    })
    .nullable(),
  error: z.string().nullable(),
  createdAt: jsonTimestamp,
  startedAt: jsonTimestamp.nullable(),
  finishedAt: jsonTimestamp.nullable(),
})

export const previewSchema = z.object({
  run: runSchema,
  delimiter: z.string(),
  headers: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  /** The file's canonical columns, required ones first. */
  columns: z.array(z.string()),
  required: z.array(z.string()),
  /** The column whose values are read with the date format (null: none). */
  dateColumn: z.string().nullable(),
  /** The mapping offered: the one saved for this kind when its headers are all in the file, else suggested from the headers. */
  mapping: z.record(z.string(), z.string()),
  savedMapping: z.boolean(),
  dateFormat: z.string(),
  /** For each header, the date format its sample values are read in (null: none, or not dates). */
  dateFormats: z.record(z.string(), z.string().nullable()),
  /** The date formats offered (any pattern of YYYY MM M DD D HH H mm ss is accepted). */
  dateFormatChoices: z.array(z.string()),
})

const mappingSchema = z.object({ columns: columnsSchema, dateFormat: dateFormatSchema })

const importParams = paramsWith('importId')

/** The columns, the required ones and the date column of each kind of file but responses (they depend on the survey). */
const recordColumns = {
  customers: { required: ['customer_id'], dateColumn: null },
  orders: { required: ['customer_id', 'order_id', 'ordered_at'], dateColumn: 'ordered_at' },
  events: { required: ['customer_id', 'type', 'occurred_at'], dateColumn: 'occurred_at' },
} as const

/**
 * The import wizard: upload a file (streamed to disk), preview and map its columns, import in the background.
 * Survey responses are the fourth kind when the composition root passes their importer.
 */
export function importRoutes(api: ApiRouter, responses?: ResponsesFileImport): void {
  const tags = ['customers']

  // Importing a file reaches every org unit the rows name: it takes the whole workspace, like API keys.
  const authorize = (c: Context<AppEnv>, workspaceId: string) =>
    authorizeWorkspace(c, c.var.db, workspaceId, 'ingest', { wholeWorkspace: true })

  // The canonical columns of the run's file and the mapping suggested from its headers.
  async function fileColumns(db: Db, workspaceId: string, run: ImportRun, headers: string[]) {
    if (run.kind !== 'responses') {
      return {
        columns: [...importColumns[run.kind]] as string[],
        required: [...recordColumns[run.kind].required] as string[],
        dateColumn: recordColumns[run.kind].dateColumn as string | null,
        suggested: suggestMapping(run.kind, headers),
      }
    }
    const survey =
      responses && run.surveyId ? await responses.describe(db, workspaceId, run.surveyId, headers) : undefined
    if (!survey) throw notFound('survey')
    return { ...survey, dateColumn: 'answered_at' }
  }

  async function preview(c: Context<AppEnv>, workspaceId: string, id: string) {
    const db = c.var.db
    const run = await getImportRun(db, workspaceId, id)
    if (!run) throw notFound('import')
    const file = await previewRun(db, workspaceId, id)
    const { columns, required, dateColumn, suggested } = await fileColumns(db, workspaceId, run, file.headers)
    const saved = await getImportMapping(db, workspaceId, run.kind)
    const savedFits =
      saved !== undefined &&
      Object.entries(saved.columns).every(([c, h]) => columns.includes(c) && file.headers.includes(h))
    const mapping = savedFits ? saved.columns : suggested
    const dateFormats = Object.fromEntries(
      file.headers.map((h, i) => [h, detectDateFormat(file.rows.map((r) => r[i] ?? ''))]),
    )
    const dateHeader = dateColumn ? mapping[dateColumn] : undefined
    const dateFormat = savedFits ? saved.dateFormat : ((dateHeader && dateFormats[dateHeader]) ?? 'ISO')
    return {
      run,
      ...file,
      columns,
      required,
      dateColumn,
      mapping,
      savedMapping: savedFits,
      dateFormat,
      dateFormats,
      dateFormatChoices: [...candidateDateFormats],
    }
  }

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/imports',
      tags,
      params: workspaceParams,
      query: z.object({
        kind: kindSchema,
        /** For kind=responses: the survey the file answers. */
        survey: z.uuid().optional(),
        fileName: z.string().trim().min(1).max(255).default('upload.csv'),
      }),
      streamedBody: true,
      bodyLimit: UPLOAD_BODY_LIMIT,
      status: 201,
      summary:
        'Upload a CSV or TSV file (optionally gzipped) as the raw body (content-type text/csv or application/gzip); it is streamed to disk. Answers its delimiter, header, first rows and a suggested column mapping',
      response: previewSchema,
    },
    async (c, { params, query }) => {
      const db = c.var.db
      const access = await authorize(c, params.workspaceId)
      if (query.kind === 'responses') {
        if (!query.survey) throw badRequest('query: survey: a responses file needs the survey it answers')
        if (!(await responses?.describe(db, access.workspaceId, query.survey, []))) throw notFound('survey')
      }
      const body = c.req.raw.body
      if (!body) throw badRequest('body: the file is missing')
      let saved: Awaited<ReturnType<typeof saveUpload>>
      try {
        saved = await saveUpload(body, c.var.config.uploadDir, UPLOAD_BODY_LIMIT)
      } catch (error) {
        if (error instanceof UploadTooLarge) throw new HttpError(413, 'payload_too_large', error.message)
        if (error instanceof ImportFileError) throw badRequest(`body: ${error.message}`)
        throw error
      }
      let runId: string
      try {
        const run = await createImportRun(db, {
          workspaceId: access.workspaceId,
          kind: query.kind,
          surveyId: query.kind === 'responses' ? query.survey : null,
          fileName: query.fileName,
          path: saved.path,
          size: saved.size,
          createdBy: access.actor.userId,
        })
        runId = run.id
        return c.json(await preview(c, access.workspaceId, runId), 201)
      } catch (error) {
        if (error instanceof ImportFileError || error instanceof HttpError) await removeUploadFile(saved.path)
        if (error instanceof ImportFileError) throw badRequest(`body: ${error.message}`)
        throw error
      }
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/imports',
      tags,
      params: workspaceParams,
      query: limitQuery(100, 20),
      summary: 'Recent file imports, newest first',
      response: z.object({ items: z.array(runSchema) }),
    },
    async (c, { params, query }) => {
      const access = await authorize(c, params.workspaceId)
      return c.json({ items: await listImportRuns(c.var.db, access.workspaceId, query.limit) })
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/imports/:importId',
      tags,
      params: importParams,
      summary: "An import's progress (bytes and rows read), then its report",
      response: runSchema,
    },
    async (c, { params }) => {
      const access = await authorize(c, params.workspaceId)
      const run = isUuid(params.importId)
        ? await getImportRun(c.var.db, access.workspaceId, params.importId)
        : undefined
      if (!run) throw notFound('import')
      return c.json(run)
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/imports/:importId/preview',
      tags,
      params: importParams,
      summary: "An uploaded file's delimiter, header, first rows and suggested mapping",
      response: previewSchema,
    },
    async (c, { params }) => {
      const access = await authorize(c, params.workspaceId)
      if (!isUuid(params.importId)) throw notFound('import')
      try {
        return c.json(await preview(c, access.workspaceId, params.importId))
      } catch (error) {
        if (error instanceof ImportFileError) throw badRequest(error.message)
        throw error
      }
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/imports/:importId/start',
      tags,
      params: importParams,
      status: 202,
      body: mappingSchema.extend({ save: z.boolean().default(false) }),
      summary:
        'Start the import with this mapping (canonical column → header) and date format; it runs in the background. save keeps the mapping for the next file of this kind',
      response: runSchema,
    },
    async (c, { params, body }) => {
      const access = await authorize(c, params.workspaceId)
      if (!isUuid(params.importId)) throw notFound('import')
      const run = await startImportRun(c.var.db, access.workspaceId, params.importId, body, responses)
      return c.json(run, 202)
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/imports/:importId/bad-lines.csv',
      tags,
      params: importParams,
      summary: 'The bad lines of an import: line, field, error, then the line’s own cells',
      responseType: 'text/csv',
      response: z.string(),
    },
    async (c, { params }) => {
      const access = await authorize(c, params.workspaceId)
      if (!isUuid(params.importId)) throw notFound('import')
      const rows = badLines(c.var.db, access.workspaceId, params.importId)
      const encoder = new TextEncoder()
      let first: IteratorResult<string[][]>
      try {
        first = await rows.next()
      } catch (error) {
        if (error instanceof ImportFileError)
          throw new HttpError(410, 'gone', 'the uploaded file is no longer kept')
        throw error
      }
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          if (first.done) controller.close()
          else controller.enqueue(encoder.encode(stringifyCsv(first.value)))
        },
        async pull(controller) {
          try {
            const next = await rows.next()
            if (next.done) controller.close()
            else controller.enqueue(encoder.encode(stringifyCsv(next.value)))
          } catch (error) {
            console.error(error)
            controller.error(error)
          }
        },
      })
      c.header('content-disposition', 'attachment; filename="bad-lines.csv"')
      return c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8' })
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/import-mappings/:kind',
      tags,
      params: workspaceParams.extend({ kind: recordKindSchema }),
      summary: 'The column mapping saved for a kind of file',
      response: mappingSchema,
    },
    async (c, { params }) => {
      const access = await authorize(c, params.workspaceId)
      const saved = await getImportMapping(c.var.db, access.workspaceId, params.kind)
      if (!saved) throw notFound('mapping')
      return c.json(saved)
    },
  )

  api.route(
    {
      method: 'put',
      path: '/workspaces/:workspaceId/import-mappings/:kind',
      tags,
      params: workspaceParams.extend({ kind: recordKindSchema }),
      body: mappingSchema,
      summary: 'Save the column mapping offered for the next file of this kind',
      response: mappingSchema,
    },
    async (c, { params, body }) => {
      const access = await authorize(c, params.workspaceId)
      const unknown = Object.keys(body.columns).find(
        (k) => !(importColumns[params.kind] as readonly string[]).includes(k),
      )
      if (unknown) throw badRequest(`body: columns.${unknown}: not a ${params.kind} column`)
      await saveImportMapping(c.var.db, access.workspaceId, params.kind, body)
      return c.json(body)
    },
  )
}
