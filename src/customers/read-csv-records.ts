import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parse } from 'csv-parse'
import { parse as parseSync } from 'csv-parse/sync'

const csvOptions = {
  // All three, not the first one seen: files appended to on another system mix line endings.
  record_delimiter: ['\r\n', '\n', '\r'],
  relax_column_count: true,
  relax_quotes: true,
}

/** The longest record read: a longer one is skipped and reported, and its text never held whole. */
export const MAX_RECORD_CHARS = 1 << 20

/** A chunk's worth of records. */
export interface CsvChunk {
  records: string[][]
  /** The indexes of the records csv-parse read, in order: only a quoted field can hold a line break. */
  quoted: number[]
  /**
   * Records longer than MAX_RECORD_CHARS, in order: each is an empty array in `records`, with the line breaks
   * its quoted fields held.
   */
  tooLong?: { index: number; lineBreaks: number }[]
  /** Whether a field of the chunk may hold a NUL (U+0000): only then are the fields searched for one. */
  nul?: boolean
}

/**
 * Bytes that are not text in the file's encoding (`bytes` starts with them); `before` is the text from the
 * last record read up to them.
 */
export class InvalidTextError extends Error {
  constructor(
    readonly encoding: string,
    readonly before: string,
    readonly bytes: Buffer,
  ) {
    super(`not valid ${encoding}`)
    this.name = 'InvalidTextError'
  }
}

/**
 * The records of CSV text as arrays of fields, a chunk's worth at a time, in csv-parse's reading (BOM skipped,
 * any of \r\n, \n or \r ends a record). The bytes must be valid in `encoding` (a TextDecoder label, UTF-8 by
 * default), else InvalidTextError. Records without a quote are split here, several times faster; a record
 * with a quote goes to csv-parse, so quoting keeps its exact rules and errors (such as CSV_QUOTE_NOT_CLOSED,
 * thrown at the end). A record longer than MAX_RECORD_CHARS is skipped to its end (see tooLong).
 */
export async function* readCsvRecords(
  source: AsyncIterable<Buffer>,
  delimiter: string,
  /** false for text from the middle of a file, where a U+FEFF is data */
  fileStart = true,
  encoding = 'utf-8',
): AsyncGenerator<CsvChunk> {
  const decoder = new ChunkDecoder(encoding)
  const chunks = source[Symbol.asyncIterator]()
  let carry = ''
  let first = fileStart
  let skipping: SkippedRecord | null = null
  for (;;) {
    const next = await chunks.next()
    const end = next.done === true
    let text: string
    try {
      text = carry + (end ? decoder.end() : decoder.write(next.value))
    } catch (error) {
      if (error instanceof InvalidTextError)
        throw new InvalidTextError(error.encoding, carry + error.before, error.bytes)
      throw error
    }
    if (first && text !== '') {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      first = false
    }
    for (;;) {
      if (skipping !== null) {
        const after = skipping.read(text, end)
        if (after === -1) {
          text = ''
          break
        }
        yield { records: [[]], quoted: [], tooLong: [{ index: 0, lineBreaks: skipping.lineBreaks }] }
        skipping = null
        text = text.slice(after)
        if (text === '') break
      }
      const { records, rest, quoted, handOver, tooLong } = splitPlain(text, delimiter, end)
      if (records.length > 0) yield { records, quoted, nul: text.indexOf('\u0000') !== -1 }
      if (handOver) {
        yield* parseQuoted(rest, decoder, end ? null : chunks, delimiter)
        return
      }
      text = rest
      if (!tooLong) break
      skipping = new SkippedRecord(delimiter)
    }
    if (end) return
    carry = text
  }
}

/** Decodes a stream's chunks strictly: bytes that are not valid in the encoding throw InvalidTextError. */
class ChunkDecoder {
  private readonly decoder: TextDecoder
  private readonly encoding: string

  constructor(encoding: string) {
    // The BOM stays in the text: at a file's start the reader drops it, in a range from its middle it is data.
    this.decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true })
    this.encoding = this.decoder.encoding
  }

  write(bytes: Buffer): string {
    try {
      return this.decoder.decode(bytes, { stream: true })
    } catch {
      throw this.invalid(bytes)
    }
  }

  end(): string {
    try {
      return this.decoder.decode()
    } catch {
      throw new InvalidTextError(this.encoding, '', Buffer.alloc(0))
    }
  }

  /**
   * The text of the chunk before its first invalid bytes: its longest prefix a fresh decoder reads without
   * error (all of it when the bytes left over from the chunk before are at fault).
   */
  private invalid(bytes: Buffer): InvalidTextError {
    const valid = (length: number) => {
      try {
        new TextDecoder(this.encoding, { fatal: true }).decode(bytes.subarray(0, length), { stream: true })
        return true
      } catch {
        return false
      }
    }
    let low = 0
    let high = bytes.length
    while (low < high) {
      const mid = Math.ceil((low + high) / 2)
      if (valid(mid)) low = mid
      else high = mid - 1
    }
    // A prefix valid as a stream may end in the first bytes of the invalid sequence: step back to its start.
    const complete = (length: number) => {
      try {
        new TextDecoder(this.encoding, { fatal: true }).decode(bytes.subarray(0, length))
        return true
      } catch {
        return false
      }
    }
    let at = low === bytes.length ? 0 : low
    while (at > 0 && at > low - 4 && !complete(at)) at--
    const before = new TextDecoder(this.encoding, { ignoreBOM: true }).decode(bytes.subarray(0, at))
    return new InvalidTextError(this.encoding, before, bytes.subarray(at, at + 32))
  }
}

/**
 * Reads past a record too long to keep, without keeping it: a small CSV state machine finds where it ends
 * (the first line break outside quotes), and counts the line breaks inside its quoted fields.
 */
class SkippedRecord {
  lineBreaks = 0
  private state: 'start' | 'plain' | 'quoted' | 'quote' | 'cr' = 'start'
  private afterCr = false
  private readonly delimiter: number

  constructor(delimiter: string) {
    this.delimiter = delimiter.charCodeAt(0)
  }

  /** Where in `text` the record ends (after its line break), or -1 when it goes on past the text. */
  read(text: string, final: boolean): number {
    const delimiter = this.delimiter
    let state = this.state
    let quote = -2
    let lf = -2
    let cr = -2
    for (let i = 0; i < text.length; i++) {
      if (state === 'start' || state === 'plain') {
        // Outside quotes only the next quote or line break matters: jump to it.
        if (quote !== -1 && quote < i) quote = text.indexOf('"', i)
        if (lf !== -1 && lf < i) lf = text.indexOf('\n', i)
        if (cr !== -1 && cr < i) cr = text.indexOf('\r', i)
        const stop = lf === -1 ? cr : cr === -1 || lf < cr ? lf : cr
        const next = quote === -1 ? stop : stop === -1 || quote < stop ? quote : stop
        if (next === -1) {
          state = text.charCodeAt(text.length - 1) === delimiter ? 'start' : 'plain'
          break
        }
        if (next > i) state = text.charCodeAt(next - 1) === delimiter ? 'start' : 'plain'
        i = next
      }
      const c = text.charCodeAt(i)
      if (state === 'cr') return c === 10 ? i + 1 : i
      if (state === 'quoted') {
        if (c === 34) state = 'quote'
        // \r\n is one line break, also when a chunk ends between the two.
        else if (c === 13 || (c === 10 && !this.afterCr)) this.lineBreaks++
        this.afterCr = c === 13
      } else if (c === 10) return i + 1
      else if (c === 13) state = 'cr'
      else if (c === delimiter) state = 'start'
      else if (c === 34) state = state === 'start' || state === 'quote' ? 'quoted' : state
      else state = 'plain'
    }
    this.state = state
    return final ? text.length : -1
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
): { records: string[][]; rest: string; quoted: number[]; handOver: boolean; tooLong: boolean } {
  const records: string[][] = []
  const quoted: number[] = []
  const stopAt = (start: number, how: 'hand over' | 'too long') => ({
    records,
    rest: text.slice(start),
    quoted,
    handOver: how === 'hand over',
    tooLong: how === 'too long',
  })
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
      if (parsed === 'hand over' || parsed === 'too long') return stopAt(start, parsed)
      for (const record of parsed.records) {
        quoted.push(records.length)
        records.push(record)
      }
      after = parsed.after
      quote = text.indexOf('"', after)
    } else {
      if (stop === -1) {
        if (!final) {
          if (text.length - start > MAX_RECORD_CHARS) return stopAt(start, 'too long')
          break
        }
        stop = text.length
        after = stop
      } else if (stop === cr) {
        // A \r at the end of a chunk may be the first half of \r\n.
        if (stop === text.length - 1 && !final) break
        after = text.charCodeAt(stop + 1) === 10 ? stop + 2 : stop + 1
      } else after = stop + 1
      if (stop - start > MAX_RECORD_CHARS) return stopAt(start, 'too long')
      records.push(text.slice(start, stop).split(delimiter))
    }
    start = after
    if (lf !== -1 && lf < start) lf = text.indexOf('\n', start)
    if (cr !== -1 && cr < start) cr = text.indexOf('\r', start)
  }
  return { records, rest: text.slice(start), quoted, handOver: false, tooLong: false }
}

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
): { records: string[][]; after: number } | 'more' | 'hand over' | 'too long' {
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
      if (!final) return text.length - start > MAX_RECORD_CHARS ? 'too long' : 'more'
      after = text.length
    } else if (text.charCodeAt(stop) === 13) {
      if (stop === text.length - 1 && !final) return 'more'
      after = text.charCodeAt(stop + 1) === 10 ? stop + 2 : stop + 1
    } else after = stop + 1
    if (after - start > MAX_RECORD_CHARS) return 'too long'
    try {
      const records = parseSync(text.slice(start, after), {
        ...csvOptions,
        delimiter,
        bom: false,
      }) as string[][]
      return { records, after }
    } catch (error) {
      const open = error instanceof Error && 'code' in error && error.code === 'CSV_QUOTE_NOT_CLOSED'
      if (!open) return 'hand over'
      // A quote still open at the end of a chunk may close in the next one: wait for it, as for a plain record,
      // so that a record that then grows past the limit is skipped, not handed to csv-parse whole.
      if (after === text.length) return final ? 'hand over' : 'more'
      at = after
    }
  }
  return 'hand over'
}

async function* parseQuoted(
  text: string,
  decoder: ChunkDecoder,
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
  // Past the limit csv-parse stops with CSV_MAX_RECORD_SIZE: the rest of such a file cannot be read.
  const parser = parse({ ...csvOptions, delimiter, bom: false, max_record_size: MAX_RECORD_CHARS })
  const feeding = pipeline(Readable.from(remaining()), parser)
  feeding.catch(() => {})
  try {
    for await (const fields of parser as AsyncIterable<string[]>)
      yield { records: [fields], quoted: [0], nul: true }
    await feeding
  } finally {
    parser.destroy()
  }
}
