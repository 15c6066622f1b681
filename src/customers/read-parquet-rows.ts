import { stat } from 'node:fs/promises'
import { openDuckDb } from '../db/duckdb.js'
import { sql } from '../db/sql.js'
import type { RecordBuilderOptions } from './build-import-record.js'
import { type ColumnMapping, mapColumns } from './column-mapping.js'
import { ImportFileError } from './import-file-error.js'
import type { RecordKind } from './records.js'

/**
 * Streams the rows of a Parquet file, read by DuckDB, into the sink opened for its columns, as readImportRows
 * does a CSV file's: every value as the text DuckDB casts it to (a timestamp as 2024-03-01 10:00:00, null as
 * empty), numbered as the lines of a CSV file with a header would be. Returns the rows read, plus the header.
 */
export async function* readParquetRows(
  path: string,
  kind: RecordKind,
  options: {
    columns?: Record<string, string>
    dateFormat?: string
    onProgress?: (bytesRead: number, totalBytes: number) => void
  },
  open: (
    mapping: ColumnMapping,
    options: RecordBuilderOptions,
  ) => { row(fields: string[], line: number): void },
): AsyncGenerator<void, number> {
  const size = await stat(path).then(
    (s) => s.size,
    () => {
      throw new ImportFileError(`${path}: no such file`)
    },
  )
  const duck = await openDuckDb()
  try {
    // Times without a zone are UTC, as in a CSV file.
    await duck.connection.run(`set TimeZone = 'UTC'`)
    let result: Awaited<ReturnType<typeof duck.connection.stream>>
    try {
      const query = sql`select columns(*)::varchar from read_parquet(${path})`
      result = await duck.connection.stream(query.text, [path])
    } catch (error) {
      throw new ImportFileError(`${path}: not a readable Parquet file (${(error as Error).message})`)
    }
    const header = result.columnNames()
    const sink = open(mapColumns(header, kind, options.columns), {
      dateFormat: options.dateFormat,
      decimalComma: false,
    })
    let line = 1
    for (;;) {
      const chunk = await result.fetchChunk()
      if (chunk === null || chunk.rowCount === 0) break
      for (const values of chunk.getRows()) {
        line++
        sink.row(
          values.map((v) => (v === null ? '' : String(v))),
          line,
        )
      }
      yield
    }
    options.onProgress?.(size, size)
    return line
  } finally {
    duck.close()
  }
}
