import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { StringDecoder } from 'node:string_decoder'
import { parse } from 'csv-parse'
import { parse as parseSync } from 'csv-parse/sync'

const csvOptions = {
  // All three, not the first one seen: files appended to on another system mix line endings.
  record_delimiter: ['\r\n', '\n', '\r'],
  relax_column_count: true,
  relax_quotes: true,
}

/** A chunk's worth of records. */
export interface CsvChunk {
  records: string[][]
  /** The indexes of the records csv-parse read, in order: only a quoted field can hold a line break. */
  quoted: number[]
}

/**
 * The records of CSV text as arrays of fields, a chunk's worth at a time, in csv-parse's reading (UTF-8, BOM
 * skipped, any of \r\n, \n or \r ends a record). Records without a quote are split here, several times
 * faster; a record with a quote goes to csv-parse, so quoting keeps its exact rules and errors (such as
 * CSV_QUOTE_NOT_CLOSED, thrown at the end).
 */
export async function* readCsvRecords(
  source: AsyncIterable<Buffer>,
  delimiter: string,
  /** false for text from the middle of a file, where a U+FEFF is data */
  fileStart = true,
): AsyncGenerator<CsvChunk> {
  const decoder = new StringDecoder('utf8')
  const chunks = source[Symbol.asyncIterator]()
  let carry = ''
  let first = fileStart
  for (;;) {
    const next = await chunks.next()
    const end = next.done === true
    let text = carry + (end ? decoder.end() : decoder.write(next.value))
    if (first && text !== '') {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      first = false
    }
    const { records, rest, quoted, handOver } = splitPlain(text, delimiter, end)
    if (records.length > 0) yield { records, quoted }
    if (handOver) {
      yield* parseQuoted(rest, decoder, end ? null : chunks, delimiter)
      return
    }
    if (end) return
    carry = rest
  }
}

/**
 * Splits the complete records of text. A record with a quote, and the lines its quotes join to it, go to
 * csv-parse on their own. `rest` is what is left: an incomplete last record (unless final), or, when
 * `handOver`, everything from a quoted record that csv-parse has to read as a stream (it never closes, or
 * fails otherwise, or grows past a megabyte).
 */
function splitPlain(
  text: string,
  delimiter: string,
  final: boolean,
): { records: string[][]; rest: string; quoted: number[]; handOver: boolean } {
  const records: string[][] = []
  const quoted: number[] = []
  let start = 0
  let quote = text.indexOf('"')
  let lf = text.indexOf('\n')
  let cr = text.indexOf('\r')
  while (start < text.length) {
    let stop = lf === -1 ? cr : cr === -1 || lf < cr ? lf : cr
    let after: number
    if (quote !== -1 && (stop === -1 || quote < stop)) {
      const parsed = parseQuotedRecords(text, start, delimiter, final)
      if (parsed === 'more') break
      if (parsed === 'hand over') return { records, rest: text.slice(start), quoted, handOver: true }
      for (const record of parsed.records) {
        quoted.push(records.length)
        records.push(record)
      }
      after = parsed.after
      quote = text.indexOf('"', after)
    } else {
      if (stop === -1) {
        if (!final) break
        stop = text.length
        after = stop
      } else if (stop === cr) {
        // A \r at the end of a chunk may be the first half of \r\n.
        if (stop === text.length - 1 && !final) break
        after = text.charCodeAt(stop + 1) === 10 ? stop + 2 : stop + 1
      } else after = stop + 1
      records.push(text.slice(start, stop).split(delimiter))
    }
    start = after
    if (lf !== -1 && lf < start) lf = text.indexOf('\n', start)
    if (cr !== -1 && cr < start) cr = text.indexOf('\r', start)
  }
  return { records, rest: text.slice(start), quoted, handOver: false }
}

const largestQuotedRecord = 1 << 20

/**
 * csv-parse's records of the text from `start` to the first line break after which its quotes are closed:
 * at a line break where the quotes seen are even (a quote inside an unquoted field is a character, so that
 * may be early, and the next such line break is tried). 'more' when the text ends first.
 */
function parseQuotedRecords(
  text: string,
  start: number,
  delimiter: string,
  final: boolean,
): { records: string[][]; after: number } | 'more' | 'hand over' {
  let quotes = 0
  let at = start
  for (let attempt = 0; attempt < 16; attempt++) {
    let stop = -1
    for (let i = at; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === 34) quotes++
      else if ((c === 10 || c === 13) && quotes % 2 === 0) {
        stop = i
        break
      }
    }
    let after: number
    if (stop === -1) {
      if (!final) return text.length - start > largestQuotedRecord ? 'hand over' : 'more'
      after = text.length
    } else if (text.charCodeAt(stop) === 13) {
      if (stop === text.length - 1 && !final) return 'more'
      after = text.charCodeAt(stop + 1) === 10 ? stop + 2 : stop + 1
    } else after = stop + 1
    try {
      const records = parseSync(text.slice(start, after), {
        ...csvOptions,
        delimiter,
        bom: false,
      }) as string[][]
      return { records, after }
    } catch (error) {
      const open = error instanceof Error && 'code' in error && error.code === 'CSV_QUOTE_NOT_CLOSED'
      if (!open || after === text.length || after - start > largestQuotedRecord) return 'hand over'
      at = after
    }
  }
  return 'hand over'
}

async function* parseQuoted(
  text: string,
  decoder: StringDecoder,
  chunks: AsyncIterator<Buffer> | null,
  delimiter: string,
): AsyncGenerator<CsvChunk> {
  async function* remaining(): AsyncGenerator<string> {
    yield text
    if (chunks === null) return
    for (;;) {
      const next = await chunks.next()
      if (next.done) break
      yield decoder.write(next.value)
    }
    yield decoder.end()
  }
  // The BOM is behind us: a U+FEFF here is data.
  const parser = parse({ ...csvOptions, delimiter, bom: false })
  const feeding = pipeline(Readable.from(remaining()), parser)
  feeding.catch(() => {})
  try {
    for await (const fields of parser as AsyncIterable<string[]>) yield { records: [fields], quoted: [0] }
    await feeding
  } finally {
    parser.destroy()
  }
}
