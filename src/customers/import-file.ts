// The file-import pipeline (CSV/TSV, optionally gzipped), as other capabilities use it: segments and
// forecasts read and fold order files with it. Everything else in customers/ about files is internal.
export { createRecordBuilder, type ImportRow, type RecordBuilderOptions } from './build-import-record.js'
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
export { type OrderRecord, orderStatus } from './records.js'
