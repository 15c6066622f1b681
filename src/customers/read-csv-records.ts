import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { StringDecoder } from 'node:string_decoder'
import { parse } from 'csv-parse'

const csvOptions = {
  // All three, not the first one seen: files appended to on another system mix line endings.
  record_delimiter: ['\r\n', '\n', '\r'],
  relax_column_count: true,
  relax_quotes: true,
}

/** A chunk's worth of records; only a quoted field can hold a line break, so a chunk without quotes has none. */
export interface CsvChunk {
  records: string[][]
  quoted: boolean
}

/**
 * The records of CSV text as arrays of fields, a chunk's worth at a time, in csv-parse's reading (UTF-8, BOM
 * skipped, any of \r\n, \n or \r ends a record). Records without a quote are split here, several times
 * faster; from the first record with a quote on, csv-parse reads the rest, so quoting keeps its exact rules
 * and errors (such as CSV_QUOTE_NOT_CLOSED, thrown at the end).
 */
export async function* readCsvRecords(
  source: AsyncIterable<Buffer>,
  delimiter: string,
): AsyncGenerator<CsvChunk> {
  const decoder = new StringDecoder('utf8')
  const chunks = source[Symbol.asyncIterator]()
  let carry = ''
  let first = true
  for (;;) {
    const next = await chunks.next()
    const end = next.done === true
    let text = carry + (end ? decoder.end() : decoder.write(next.value))
    if (first && text !== '') {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      first = false
    }
    const { records, rest, quoted } = splitPlain(text, delimiter, end)
    if (records.length > 0) yield { records, quoted: false }
    if (quoted) {
      yield* parseQuoted(rest, decoder, end ? null : chunks, delimiter)
      return
    }
    if (end) return
    carry = rest
  }
}

/**
 * Splits the complete records of text up to the first one that holds a quote. `rest` is what is left: an
 * incomplete last record (unless final), or everything from the quoted record on.
 */
function splitPlain(
  text: string,
  delimiter: string,
  final: boolean,
): { records: string[][]; rest: string; quoted: boolean } {
  const records: string[][] = []
  let start = 0
  const quote = text.indexOf('"')
  let lf = text.indexOf('\n')
  let cr = text.indexOf('\r')
  while (start < text.length) {
    let stop = lf === -1 ? cr : cr === -1 || lf < cr ? lf : cr
    if (quote !== -1 && (stop === -1 || quote < stop))
      return { records, rest: text.slice(start), quoted: true }
    let after: number
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
    start = after
    if (lf !== -1 && lf < start) lf = text.indexOf('\n', start)
    if (cr !== -1 && cr < start) cr = text.indexOf('\r', start)
  }
  return { records, rest: text.slice(start), quoted: false }
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
    for await (const fields of parser as AsyncIterable<string[]>) yield { records: [fields], quoted: true }
    await feeding
  } finally {
    parser.destroy()
  }
}
