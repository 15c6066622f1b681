import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { pipeline, Readable, Transform } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { createRecordBuilder, type RecordBuilderOptions } from './build-import-record.js'
import { type ColumnMapping, mapColumns } from './column-mapping.js'
import { detectDelimiter } from './detect-delimiter.js'
import { ImportFileError } from './import-file-error.js'
import { createDateParser } from './parse-date.js'
import { readCsvRecords } from './read-csv-records.js'
import type {
  ImportRow as AnyImportRow,
  CustomerRecord,
  EventRecord,
  OrderRecord,
  RecordKind,
} from './records.js'

export { parseColumnsOption } from './column-mapping.js'
export { ImportFileError } from './import-file-error.js'

/** One data row of an import file: its record, or why it was refused. `line` is the physical line it starts on. */
export type ImportRow<T> = AnyImportRow<T, { line: number }>

export interface ReadImportOptions {
  /** target=source: the file's column `source` holds the canonical column `target`. */
  columns?: Record<string, string>
  /** 'ISO' (default) or a pattern of YYYY MM M DD D HH H mm ss tokens, e.g. 'YYYYMMDD', 'M/D/YYYY H:mm'. */
  dateFormat?: string
  /** Forced delimiter; detected from the header line otherwise. */
  delimiter?: string
  /** Dates without a zone are UTC (the only choice for now). */
  timeZone?: 'UTC'
  /** Called as the file is read; bytes are those on disk (compressed for .gz). */
  onProgress?: (bytesRead: number, totalBytes: number) => void
}

const headBytes = 64 * 1024

/** The record type each kind of import file yields. */
export type ImportRecord<K extends RecordKind> = {
  customers: CustomerRecord
  orders: OrderRecord
  events: EventRecord
}[K]

/** Streams the rows of a CSV/TSV file (optionally .gz) as validated records of `kind`, each with its line number. */
export function readImportFile<K extends RecordKind>(
  path: string,
  kind: K,
  options?: ReadImportOptions,
): AsyncGenerator<ImportRow<ImportRecord<K>>>
export async function* readImportFile(
  path: string,
  kind: RecordKind,
  options: ReadImportOptions = {},
): AsyncGenerator<ImportRow<CustomerRecord | OrderRecord | EventRecord>> {
  const rows: ImportRow<CustomerRecord | OrderRecord | EventRecord>[] = []
  const open: OpenRowSink = (mapping, recordOptions) => {
    const build = createRecordBuilder(kind, mapping, recordOptions)
    return {
      row: (fields, line) => {
        rows.push(build(fields, line))
      },
      refused: (line, message) => {
        rows.push({ line, error: { field: null, message } })
      },
    }
  }
  for await (const _ of readImportRows(path, kind, options, open)) yield* rows.splice(0)
}

/** What takes the data rows of an import file, opened once its header is read. */
export interface RowSink {
  /** A data row with as many fields as the header; `line` is the physical line it starts on. */
  row(fields: string[], line: number): void
  /** A row that cannot be a record: a wrong number of fields, or a quote that is never closed. */
  refused(line: number, message: string): void
}

/**
 * Bytes [start, end) of an uncompressed file, read apart from the rest, as one of several readers of it. A range
 * after the first takes its header from the file's first line, and numbers its lines from 1 at `start`: the
 * caller adds the lines of the ranges before it. `start` must follow a line break.
 */
export interface ReadRange {
  start: number
  end: number
}

/**
 * A range that ends inside a quoted field: its end is not where a record ends, and the file has to be read
 * with the range that follows as one.
 */
export class RangeEndsInQuotes extends Error {
  constructor() {
    super('the range ends inside a quoted field')
    this.name = 'RangeEndsInQuotes'
  }
}

/** Opens the sink for a file's columns; `options` are what building records of its cells needs. */
export type OpenRowSink = (mapping: ColumnMapping, options: RecordBuilderOptions) => RowSink

/**
 * Streams the data rows of a CSV/TSV file (optionally .gz) of `kind` into the sink opened for its header, a
 * chunk at a time, yielding after each chunk: readImportFile without a record, or a yield, per row. Returns the
 * physical lines read.
 * @param range only these bytes of an uncompressed file (see ReadRange)
 */
export async function* readImportRows(
  path: string,
  kind: RecordKind,
  options: ReadImportOptions,
  open: OpenRowSink,
  range?: ReadRange,
): AsyncGenerator<void, number> {
  checkDateFormat(options.dateFormat)
  const size = await fileSize(path)
  const head = await readHead(path)
  if (head.trim() === '')
    throw new ImportFileError(`${path}: the file ${head === '' ? 'is empty' : 'has no header line'}`)
  const delimiter =
    options.delimiter === undefined
      ? detectDelimiter(head.replace(/^\uFEFF/, ''))
      : checkDelimiter(options.delimiter)
  const fileStart = (range?.start ?? 0) === 0
  const openSink = (header: string[]) =>
    open(mapColumns(header, kind, options.columns), {
      dateFormat: options.dateFormat,
      decimalComma: delimiter !== ',',
    })
  let sink: RowSink | null = null
  let width = 0
  if (!fileStart) {
    const header = await headerFields(head, delimiter)
    sink = openSink(header)
    width = header.length
  }

  const source = openBytes(path, size, options.onProgress, range)
  let lastLine = 0
  try {
    for await (const { records, quoted } of readCsvRecords(
      source as AsyncIterable<Buffer>,
      delimiter,
      fileStart,
    )) {
      let nextQuoted = 0
      for (let r = 0; r < records.length; r++) {
        const fields = records[r]!
        const line = lastLine + 1
        lastLine = line
        if (quoted[nextQuoted] === r) {
          lastLine += lineBreaks(fields)
          nextQuoted++
        }
        if (isBlank(fields)) continue
        if (sink === null) {
          sink = openSink(fields)
          width = fields.length
        } else if (fields.length !== width) {
          sink.refused(line, `the row has ${fields.length} fields, the header has ${width}`)
        } else sink.row(fields, line)
      }
      yield
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error
    if (isCode(error, 'CSV_QUOTE_NOT_CLOSED')) {
      if (range !== undefined && range.end < size) throw new RangeEndsInQuotes()
      if (sink === null)
        throw new ImportFileError(`${path}: the header line has a quoted field that is never closed`)
      sink.refused(lastLine + 1, 'a quoted field starting here is never closed')
      yield
      return lastLine
    }
    throw readError(path, error)
  } finally {
    source.destroy()
  }
  if (sink === null) throw new ImportFileError(`${path}: the file has no header line`)
  return lastLine
}

/** A line of nothing but blanks and delimiters: no row, and no header. */
function isBlank(fields: string[]): boolean {
  return fields[0] === '' && fields.every((v) => v.trim() === '')
}

/** The header line's fields, from the first kilobytes of the file. */
async function headerFields(head: string, delimiter: string): Promise<string[]> {
  for await (const { records } of readCsvRecords(Readable.from([Buffer.from(head)]), delimiter)) {
    const header = records.find((fields) => !isBlank(fields))
    if (header) return header
  }
  return []
}

async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path)
    if (info.isDirectory()) throw new ImportFileError(`${path}: is a directory, not a file`)
    if (info.size === 0) throw new ImportFileError(`${path}: the file is empty`)
    return info.size
  } catch (error) {
    if (error instanceof ImportFileError) throw error
    if (isCode(error, 'ENOENT')) throw new ImportFileError(`${path}: no such file`)
    throw readError(path, error)
  }
}

function openBytes(
  path: string,
  size: number,
  onProgress?: ReadImportOptions['onProgress'],
  range?: ReadRange,
): Readable {
  if (range && path.endsWith('.gz')) throw new Error('a compressed file is read whole, not in ranges')
  const bytes = range ? { start: range.start, end: range.end - 1 } : {}
  let stream: Readable = createReadStream(path, { highWaterMark: 256 * 1024, ...bytes })
  if (onProgress) {
    let read = 0
    const progress = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        read += chunk.length
        onProgress(read, size)
        callback(null, chunk)
      },
    })
    stream = pipeline(stream, progress, () => {})
  }
  return path.endsWith('.gz') ? pipeline(stream, createGunzip(), () => {}) : stream
}

/** The first few kilobytes of the (decompressed) text, enough for the header line. */
async function readHead(path: string): Promise<string> {
  const source = openBytes(path, 0)
  const chunks: Buffer[] = []
  let length = 0
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      chunks.push(chunk)
      length += chunk.length
      if (length >= headBytes) break
    }
  } catch (error) {
    throw readError(path, error)
  } finally {
    source.destroy()
  }
  return Buffer.concat(chunks).toString('utf8')
}

// csv-parse's own line count drifts on CRLF inside quoted fields, so lines are counted here.
function lineBreaks(fields: string[]): number {
  let count = 0
  for (const field of fields) {
    if (field.indexOf('\n') === -1 && field.indexOf('\r') === -1) continue
    for (let i = 0; i < field.length; i++) {
      const c = field.charCodeAt(i)
      if (c === 10 || (c === 13 && field.charCodeAt(i + 1) !== 10)) count++
    }
  }
  return count
}

function checkDateFormat(format: string | undefined): void {
  try {
    createDateParser(format)
  } catch (error) {
    throw new ImportFileError(error instanceof Error ? error.message : String(error))
  }
}

function checkDelimiter(delimiter: string): string {
  const named: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|' }
  const value = named[delimiter.toLowerCase()] ?? delimiter
  if (value.length !== 1 || value === '"' || value === '\n' || value === '\r') {
    throw new ImportFileError(
      `delimiter ${JSON.stringify(delimiter)} must be a single character such as , ; | or tab`,
    )
  }
  return value
}

function readError(path: string, error: unknown): ImportFileError {
  const message = error instanceof Error ? error.message : String(error)
  if (isCode(error, 'Z_DATA_ERROR') || isCode(error, 'Z_BUF_ERROR')) {
    return new ImportFileError(`${path}: not a valid gzip file (${message})`)
  }
  if (isCode(error, 'EACCES')) return new ImportFileError(`${path}: permission denied`)
  if (isCode(error, 'ENOENT')) return new ImportFileError(`${path}: no such file`)
  return new ImportFileError(`${path}: cannot be read (${message})`)
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code
}
