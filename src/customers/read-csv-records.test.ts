import { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { type CsvChunk, readCsvRecords } from './read-csv-records.js'

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
