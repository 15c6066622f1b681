import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { pipeline, type Readable, Transform } from 'node:stream'
import { createGunzip } from 'node:zlib'
import type { ImportRow, RecordBuilderOptions } from './build-import-record.js'
import { type ColumnMapping, mapColumns } from './column-mapping.js'
import { detectDelimiter } from './detect-delimiter.js'
import { ImportFileError } from './import-file-error.js'
import { createDateParser } from './parse-date.js'
import { InvalidTextError, MAX_RECORD_CHARS, readCsvRecords } from './read-csv-records.js'
import { readParquetRows } from './read-parquet-rows.js'
import type { CustomerRecord, EventRecord, OrderRecord, RecordKind, RecordOf } from './records.js'
import { shownText } from './shown-text.js'

export type { ImportRow } from './build-import-record.js'
export { parseColumnsOption } from './column-mapping.js'
export { ImportFileError } from './import-file-error.js'

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
  /** A TextDecoder label such as 'windows-1252'; by default UTF-16 with its BOM, else UTF-8, strictly. */
  encoding?: string
  /**
   * The most bytes of text a file may hold (a .gz's once decompressed). Without it, a .gz stops once it has
   * expanded past 16 MiB and 100 times its size on disk: a gzip bomb.
   */
  maxSize?: number
}

const headBytes = 64 * 1024

/** A compressed file may expand this many times over, past the first inflationFreeBytes, without --max-size. */
export const MAX_INFLATION = 100
const inflationFreeBytes = 16 << 20

/** The record type each kind of import file yields. */
export type ImportRecord<K extends RecordKind> = RecordOf<K>

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
  // The records' schemas load zod, which a reader of rows alone (readImportRows) does without.
  const { createRecordBuilder } = await import('./build-import-record.js')
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

/** How a CSV/TSV file is written, as read from its head: for a reader other than this one (DuckDB). */
export interface CsvLayout {
  encoding: string
  delimiter: string
  header: string[]
  /** The physical line the header starts on (after blank lines, if any). */
  headerLine: number
}

/**
 * Opens the sink for a file's columns; `options` are what building records of its cells needs, `layout` how a
 * CSV file is written (none for Parquet).
 */
export type OpenRowSink = (
  mapping: ColumnMapping,
  options: RecordBuilderOptions,
  layout?: CsvLayout,
) => RowSink

/**
 * Streams the data rows of a CSV/TSV file (optionally .gz), or of a Parquet file, of `kind` into the sink opened for its header, a
 * chunk at a time, yielding after each chunk: readImportFile without a record, or a yield, per row. Returns the
 * physical lines read.
 */
export async function* readImportRows(
  path: string,
  kind: RecordKind,
  options: ReadImportOptions,
  open: OpenRowSink,
): AsyncGenerator<void, number> {
  checkDateFormat(options.dateFormat)
  if (/\.parquet$/i.test(path)) return yield* readParquetRows(path, kind, options, open)
  return yield* readCsvFileRows(path, options, (header, headerLine, layout) =>
    open(
      mapColumns(header, kind, options.columns),
      { dateFormat: options.dateFormat, decimalComma: layout.delimiter !== ',' },
      { ...layout, header, headerLine },
    ),
  )
}

/** Opens the sink for a CSV file's header, as read on `headerLine`. */
export type OpenHeaderSink = (
  header: string[],
  headerLine: number,
  layout: { encoding: string; delimiter: string },
) => RowSink

/**
 * Streams the data rows of a CSV/TSV file (optionally .gz) of any columns into the sink opened for its header:
 * the reading of readImportRows (encoding, delimiter, line numbers, refused rows, progress, gzip limits) for
 * files that are not customers, orders or events. Returns the physical lines read.
 */
export async function* readCsvFileRows(
  path: string,
  options: Omit<ReadImportOptions, 'columns' | 'dateFormat'>,
  openHeader: OpenHeaderSink,
): AsyncGenerator<void, number> {
  const size = await fileSize(path, options.maxSize)
  const headBytes = await readHead(path, options.maxSize)
  const encoding = fileEncoding(headBytes, options.encoding)
  const head = new TextDecoder(encoding, { ignoreBOM: true }).decode(headBytes, { stream: true })
  if (head.trim() === '')
    throw new ImportFileError(`${path}: the file ${head === '' ? 'is empty' : 'has no header line'}`)
  const delimiter =
    options.delimiter === undefined
      ? detectDelimiter(head.replace(/^\uFEFF/, ''))
      : checkDelimiter(options.delimiter)
  const openSink = (header: string[], headerLine: number) =>
    openHeader(header, headerLine, { encoding, delimiter })
  let sink: RowSink | null = null
  let header: string[] = []

  const source = openBytes(path, size, { onProgress: options.onProgress, maxSize: options.maxSize })
  let lastLine = 0
  try {
    for await (const { records, quoted, tooLong, nul } of readCsvRecords(
      source as AsyncIterable<Buffer>,
      delimiter,
      true,
      encoding,
    )) {
      let nextQuoted = 0
      for (let r = 0; r < records.length; r++) {
        const fields = records[r]
        if (fields === undefined) continue
        const line = lastLine + 1
        lastLine = line
        if (quoted[nextQuoted] === r) {
          lastLine += lineBreaks(fields)
          nextQuoted++
        }
        if (tooLong !== undefined && tooLong[0]?.index === r) {
          lastLine += tooLong[0].lineBreaks
          if (sink === null) throw new ImportFileError(`${path}: the header line is ${tooLongText}`)
          const span = lastLine === line ? '' : ` (lines ${line} to ${lastLine})`
          sink.refused(line, `the record is ${tooLongText}; it was skipped${span}`)
          continue
        }
        if (isBlank(fields)) continue
        const nulAt = nul === true ? fields.findIndex((field) => field.includes('\u0000')) : -1
        if (sink === null) {
          if (nulAt !== -1)
            throw new ImportFileError(
              `${path}: the header line holds a NUL character (U+0000); a UTF-16 file without a byte order mark needs --encoding utf-16le`,
            )
          sink = openSink(fields, line)
          header = fields
        } else if (nulAt !== -1) {
          const column =
            header[nulAt] === undefined
              ? `field ${nulAt + 1}`
              : `column ${JSON.stringify(shownText(header[nulAt].trim(), 80))}`
          sink.refused(line, `${column} holds a NUL character (U+0000), which cannot be stored`)
        } else if (fields.length !== header.length) {
          sink.refused(line, `the row has ${fields.length} fields, the header has ${header.length}`)
        } else sink.row(fields, line)
      }
      yield
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error
    if (error instanceof InvalidTextError)
      throw invalidTextError(path, error, lastLine + 1 + lineBreaks([error.before]), options.encoding)
    const unclosed = isCode(error, 'CSV_QUOTE_NOT_CLOSED')
    if (unclosed || isCode(error, 'CSV_MAX_RECORD_SIZE')) {
      if (sink === null)
        throw new ImportFileError(`${path}: the header line has a quoted field that is never closed`)
      sink.refused(
        lastLine + 1,
        unclosed
          ? 'a quoted field starting here is never closed'
          : `a record starting here is ${tooLongText}, and its quotes do not say where it ends: the rest of the file was not read`,
      )
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

const tooLongText = `longer than ${MAX_RECORD_CHARS.toLocaleString('en')} characters (1 MiB), the most a record may hold`

/** A line of nothing but blanks and delimiters: no row, and no header. */
function isBlank(fields: string[]): boolean {
  return fields[0] === '' && fields.every((v) => v.trim() === '')
}

async function fileSize(path: string, maxSize: number | undefined): Promise<number> {
  try {
    const info = await stat(path)
    if (info.isDirectory()) throw new ImportFileError(`${path}: is a directory, not a file`)
    if (info.size === 0) throw new ImportFileError(`${path}: the file is empty`)
    if (maxSize !== undefined && info.size > maxSize)
      throw new ImportFileError(`${path}: the file is larger than --max-size (${formatSize(maxSize)})`)
    return info.size
  } catch (error) {
    if (error instanceof ImportFileError) throw error
    if (isCode(error, 'ENOENT')) throw new ImportFileError(`${path}: no such file`)
    throw readError(path, error)
  }
}

interface OpenOptions {
  onProgress?: ReadImportOptions['onProgress']
  maxSize?: number
}

function openBytes(path: string, size: number, options: OpenOptions = {}): Readable {
  const { onProgress } = options
  const stream: Readable = createReadStream(path, { highWaterMark: 256 * 1024 })
  const compressed = path.endsWith('.gz')
  if (!onProgress && !compressed) return stream
  let read = 0
  const counted = pipeline(
    stream,
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        read += chunk.length
        onProgress?.(read, size)
        callback(null, chunk)
      },
    }),
    () => {},
  )
  if (!compressed) return counted
  return pipeline(
    counted,
    createGunzip(),
    limitInflation(path, () => read, options.maxSize),
    () => {},
  )
}

/**
 * Stops a decompressed stream that grows past maxSize, or, without one, past MAX_INFLATION times the
 * compressed bytes read (once beyond the first few megabytes): a small file that expands without end.
 */
function limitInflation(path: string, compressedRead: () => number, maxSize: number | undefined): Transform {
  let inflated = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      inflated += chunk.length
      if (maxSize !== undefined && inflated > maxSize)
        callback(
          new ImportFileError(`${path}: decompresses to more than --max-size (${formatSize(maxSize)})`),
        )
      else if (
        maxSize === undefined &&
        inflated > inflationFreeBytes &&
        inflated > MAX_INFLATION * compressedRead()
      )
        callback(
          new ImportFileError(
            `${path}: decompresses to more than ${MAX_INFLATION} times its size (${formatSize(inflated)} from ${formatSize(compressedRead())} so far), as a gzip bomb does; if the file is genuine, allow its decompressed size with --max-size, such as --max-size 50G`,
          ),
        )
      else callback(null, chunk)
    },
  })
}

/** The first few kilobytes of the (decompressed) bytes, enough for the header line and the encoding. */
async function readHead(path: string, maxSize: number | undefined): Promise<Buffer> {
  const source = openBytes(path, 0, { maxSize })
  const chunks: Buffer[] = []
  let length = 0
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      chunks.push(chunk)
      length += chunk.length
      if (length >= headBytes) break
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error
    throw readError(path, error)
  } finally {
    source.destroy()
  }
  return Buffer.concat(chunks)
}

/**
 * The encoding to read the file in: the one given (checked), else UTF-16 when the file starts with its byte
 * order mark, else UTF-8.
 */
function fileEncoding(head: Buffer, given: string | undefined): string {
  if (given !== undefined) return checkEncoding(given)
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le'
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be'
  return 'utf-8'
}

/** The encoding label as TextDecoder names it, or an ImportFileError for one it does not know. */
export function checkEncoding(label: string): string {
  try {
    return new TextDecoder(label).encoding
  } catch {
    throw new ImportFileError(
      `unknown encoding ${JSON.stringify(shownText(label, 40))}: use a name such as utf-8, windows-1252 (or latin1), windows-1251, iso-8859-2 or utf-16le`,
    )
  }
}

/** Where the file stops being text in its encoding, and which encoding it probably is in. */
function invalidTextError(
  path: string,
  error: InvalidTextError,
  line: number,
  given: string | undefined,
): ImportFileError {
  const bytes = [...error.bytes.subarray(0, 4)]
    .map((b) => b.toString(16).toUpperCase().padStart(2, '0'))
    .join(' ')
  const what = `${path}: line ${line} is not valid ${error.encoding.toUpperCase()}${bytes ? ` (bytes ${bytes})` : ''}`
  if (given !== undefined) return new ImportFileError(`${what}; check the --encoding given`)
  // Cyrillic in windows-1251 is mostly bytes of 0xC0 and above; Western European text has few of them.
  const high = cyrillicLooking(error.bytes)
  const likely = high
    ? 'windows-1251 (Cyrillic, as Excel saves CSV on Ukrainian or Russian Windows)'
    : 'windows-1252 (Western European, as Excel saves CSV; a superset of latin1)'
  return new ImportFileError(
    `${what}: the file is probably in ${likely}; pass --encoding ${high ? 'windows-1251' : 'windows-1252'}, or save it as UTF-8`,
  )
}

function cyrillicLooking(bytes: Buffer): boolean {
  // Three letters of 0xC0 and above in a row are usual in Cyrillic words and rare in Western European ones.
  let run = 0
  for (const byte of bytes) {
    run = byte >= 0xc0 ? run + 1 : 0
    if (run >= 3) return true
  }
  return false
}

function formatSize(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`
}

/** The help of the command-line options that set ReadImportOptions' encoding and maxSize. */
export const fileOptionHelp = {
  encoding:
    "the file's encoding when it is not UTF-8: windows-1252 (Excel's CSV in Western Europe; latin1 is read as it), windows-1251, iso-8859-2, utf-16le, … (UTF-16 with a byte order mark is detected)",
  maxSize:
    'the most text the file may hold, decompressed for a .gz, such as 500M or 20G (without it a .gz may expand at most 100 times over)',
}

/** A size such as 500M, 2G, 1.5GiB or 1048576 (bytes), for --max-size. */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text)
  if (!match)
    throw new ImportFileError(
      `--max-size: ${JSON.stringify(shownText(text, 40))} is not a size such as 500M or 2G`,
    )
  const power = ['', 'k', 'm', 'g', 't'].indexOf((match[2] ?? '').toLowerCase())
  return Math.floor(Number(match[1]) * 1024 ** power)
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
