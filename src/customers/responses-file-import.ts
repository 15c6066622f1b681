import type { Db } from '../db/db.js'

/** What the wizard knows of a survey's response file: its columns, the required ones, and a suggested mapping. */
export interface ResponseFileColumns {
  /** The canonical columns (the fixed ones, then one per question, battery rows as question.statement). */
  columns: string[]
  required: string[]
  /** canonical column → the file's header suggested for it */
  suggested: Record<string, string>
}

/** What became of a response file: as the report of the responses import. */
export interface ResponseFileReport {
  read: number
  imported: number
  /** Rows whose response_id was imported before: left as they are. */
  unchanged: number
  /** Imported rows whose customer id or e-mail matched no customer the importer may act on: stored without one. */
  unlinked: number
  skipped: number
  errors: { line: number; field: string | null; message: string }[]
}

/**
 * The fourth kind of the import wizard, survey responses: the capability that records answers provides it through
 * the composition root (this folder imports no other capability).
 */
export interface ResponsesFileImport {
  /** The survey's columns for the file's headers; undefined when the workspace has no such survey. */
  describe(
    db: Db,
    workspaceId: string,
    surveyId: string,
    headers: string[],
  ): Promise<ResponseFileColumns | undefined>
  /** Imports the uploaded file with the mapping; throws ImportFileError when the file cannot be read at all. */
  importFile(
    db: Db,
    input: {
      workspaceId: string
      surveyId: string
      path: string
      columns: Record<string, string>
      dateFormat: string
      maxErrors: number
      onProgress: (bytesRead: number, rowsRead: number) => void
    },
  ): Promise<ResponseFileReport>
}
