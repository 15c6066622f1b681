import { createDateParser } from '../customers/parse-date.js'
import { ImportFileError, readCsvFileRows } from '../customers/read-import-file.js'
import type { ResponsesFileImport } from '../customers/responses-file-import.js'
import type { Db } from '../db/db.js'
import { getSurvey } from '../surveys/surveys.js'
import { type ImportSurvey, ResponseWriter } from './import-responses.js'
import { mapResponseColumns, parseAnsweredAt, parseResponseRow, responseFileColumns } from './response-row.js'
import { suggestResponseMapping } from './suggest-response-mapping.js'

async function importSurvey(
  db: Db,
  workspaceId: string,
  surveyId: string,
): Promise<ImportSurvey | undefined> {
  const survey = await getSurvey(db, workspaceId, surveyId)
  return survey && { ...survey, version: survey.currentVersion, workspaceId }
}

/**
 * A survey's response history through the import wizard: the file streamed from disk with the wizard's mapping
 * (columns not mapped are left out), each bad row reported by line, idempotent by response_id as the CSV API.
 * The wizard takes the whole workspace, so customers are matched in all its units.
 */
export const responsesFileImport: ResponsesFileImport = {
  async describe(db, workspaceId, surveyId, headers) {
    const survey = await importSurvey(db, workspaceId, surveyId)
    if (!survey) return undefined
    return {
      columns: responseFileColumns(survey.definition),
      required: ['response_id', 'answered_at'],
      suggested: suggestResponseMapping(headers, survey.definition),
    }
  },

  async importFile(db, input) {
    const survey = await importSurvey(db, input.workspaceId, input.surveyId)
    if (!survey) throw new ImportFileError('the survey of this file is gone')
    const writer = new ResponseWriter(
      db,
      survey,
      { workspaceId: input.workspaceId, unitPath: null },
      input.maxErrors,
    )
    const parseDate = input.dateFormat === 'ISO' ? parseAnsweredAt : createDateParser(input.dateFormat)
    const sourceOf = new Map(Object.entries(input.columns).map(([column, header]) => [header, column]))
    const open = (header: string[]) => {
      const mapped = mapResponseColumns(
        header.map((h) => sourceOf.get(h.trim()) ?? null),
        survey.definition,
      )
      if ('error' in mapped) throw new ImportFileError(`the mapping: ${mapped.error}`)
      return {
        row: (fields: string[], line: number) =>
          writer.add(line, parseResponseRow(fields, mapped.columns, survey, parseDate)),
        refused: (line: number, message: string) => writer.refuse(line, null, message),
      }
    }
    const onProgress = (bytes: number) => input.onProgress(bytes, writer.report.read)
    for await (const _ of readCsvFileRows(input.path, { onProgress }, open)) await writer.storeWhenFull()
    return writer.finish()
  },
}
