import { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { type CsvChunk, MAX_RECORD_CHARS, readCsvRecords } from './read-csv-records.js'

async function collect(chunks: AsyncIterable<CsvChunk>) {
  const all: string[][] = []
  try {
    for await (const chunk of chunks) all.push(...chunk.records)
    return { all, error: null }
  } catch (error) {
    return { all, error: (error as { code?: string }).code ?? String(error) }
  }
}

function csvParse(bytes: Buffer, delimiter: string) {
  const parser = parse({
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
  })
  Readable.from([bytes]).pipe(parser)
  return collect(
    (async function* () {
      for await (const fields of parser as AsyncIterable<string[]>) yield { records: [fields], quoted: [0] }
    })(),
  )
}

function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  const chunks: Buffer[] = []
  let last = 0
  for (const cut of [...at, bytes.length]) {
    if (cut > last) chunks.push(bytes.subarray(last, cut))
    last = cut
  }
  return chunks
}

const pieces = ['a', 'bc', ',', ';', '\n', '\r', '\r\n', ' ', 'ž', '€', '\uFEFF', '"', '""']

test('records, fields and errors are exactly those csv-parse reads, however the bytes are chunked', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.constantFrom(...pieces), { maxLength: 60 }),
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 8 }),
      fc.constantFrom(',', ';'),
      async (parts, bom, cuts, delimiter) => {
        const bytes = Buffer.from((bom ? '\uFEFF' : '') + parts.join(''))
        const expected = await csvParse(bytes, delimiter)
        const actual = await collect(readCsvRecords(Readable.from(chunked(bytes, cuts)), delimiter))
        // On an error a stream drops the records it still buffers: those read are a prefix of the others.
        if (expected.error === null) expect(actual).toEqual(expected)
        else {
          expect(actual.error).toBe(expected.error)
          expect(actual.all.slice(0, expected.all.length)).toEqual(expected.all)
        }
      },
    ),
    { numRuns: 1500 },
  )
})

test('plain records split on their own, across chunks and line endings', async () => {
  const e = Buffer.from('ë')
  const chunks = [
    '\uFEFFid,name\r',
    '\n1,Anna\r2,Bo',
    'hdan\n\n3,',
    'Zo',
    e.subarray(0, 1),
    e.subarray(1),
    'x',
  ]
  const bytes = chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))
  const { all } = await collect(readCsvRecords(Readable.from(bytes), ','))
  expect(all).toEqual([['id', 'name'], ['1', 'Anna'], ['2', 'Bohdan'], [''], ['3', 'Zoëx']])
})

async function collectMarked(chunks: AsyncIterable<CsvChunk>) {
  const all: (string[] | { tooLong: number })[] = []
  try {
    for await (const chunk of chunks) {
      chunk.records.forEach((record, i) => {
        const tooLong = chunk.tooLong?.find((t) => t.index === i)
        all.push(tooLong ? { tooLong: tooLong.lineBreaks } : record)
      })
    }
    return { all, error: null }
  } catch (error) {
    return { all, error: (error as { code?: string }).code ?? String(error) }
  }
}

test('a record past the limit is skipped to where csv-parse ends it, its line breaks counted, and reading goes on', async () => {
  const field = fc.oneof(
    fc.array(fc.constantFrom('a', ' ', 'ž', '"'), { maxLength: 4 }).map((p) => `b${p.join('')}`),
    fc
      .array(fc.constantFrom('a', ',', '""', '\n', '\r\n', '\r'), { maxLength: 6 })
      .map((p) => `"${p.join('')}"`),
  )
  const long = 'x'.repeat(MAX_RECORD_CHARS + 10)
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.constantFrom('a', 'b,c', '\n', '\r\n', 'ž'), { maxLength: 10 }),
      fc.array(field, { maxLength: 4 }),
      fc.constantFrom('plain', 'quoted'),
      fc.array(fc.constantFrom(...pieces.filter((p) => p !== '\uFEFF')), { maxLength: 30 }),
      fc.array(fc.nat({ max: MAX_RECORD_CHARS + 200 }), { maxLength: 6 }),
      async (before, fields, kind, after, cuts) => {
        const text = (x: string) => {
          const last = kind === 'plain' ? x : `"a\n""${x}""\r\n"`
          return `${before.join('')}\n${[...fields, last].join(',')}\n${after.join('')}`
        }
        const short = await collect(readCsvRecords(Readable.from([Buffer.from(text('x'))]), ','))
        const read = await collectMarked(
          readCsvRecords(Readable.from(chunked(Buffer.from(text(long)), cuts)), ','),
        )
        expect(read.error).toBe(short.error)
        // (On an error csv-parse drops the records it still buffers: only the error is compared.)
        if (short.error !== null) return
        const at = before.join('').split(/\r\n|\n|\r/).length
        const breaks = short.all[at]!.join(',').split(/\r\n|\n|\r/).length - 1
        expect(read.all).toEqual([...short.all.slice(0, at), { tooLong: breaks }, ...short.all.slice(at + 1)])
      },
    ),
    {
      numRuns: 60,
      // Found by CI: an unquoted field with a quote, then a quoted line break right where a chunk ends.
      examples: [[['ž', '\r\n', '\r\n', 'a', 'b,c'], ['b"', '""'], 'quoted', [], [20]]],
    },
  )
})
