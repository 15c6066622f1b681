// The file-import pipeline (CSV/TSV, optionally gzipped), as other capabilities use it: segments and
// forecasts read and fold order files with it. Everything else in customers/ about files is internal. Only types
// come from the records' schemas: zod loads when a file's records are built (readImportFile), not for its header.
export type { ImportRow, RecordBuilderOptions } from './build-import-record.js'
export { type ColumnMapping, columnIndexes, importColumns } from './column-mapping.js'
export { lineAmount } from './line-amount.js'
export { isoPattern } from './parse-date.js'
export { type PlainOrderRow, plainOrderFields } from './plain-order-fields.js'
export {
  type CsvLayout,
  checkEncoding,
  fileOptionHelp,
  ImportFileError,
  MAX_INFLATION,
  parseColumnsOption,
  parseSize,
  type ReadImportOptions,
  type RowSink,
  readImportFile,
  readImportRows,
} from './read-import-file.js'
export type { OrderRecord } from './records.js'

/** createRecordBuilder, loaded when a file's rows are to be built (their schemas load zod). */
export const loadRecordBuilder = async () => (await import('./build-import-record.js')).createRecordBuilder
