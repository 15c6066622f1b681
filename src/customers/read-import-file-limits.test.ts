import { createWriteStream } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { testFiles } from '../test-files.js'
import { mapColumns } from './column-mapping.js'
import {
  ImportFileError,
  type ImportRow,
  type ReadImportOptions,
  readImportFile,
} from './read-import-file.js'
import type { RecordKind } from './records.js'

// Files a stranger or a careless export can hand the importer: they end in reported rows or one clear error,
// fast and in little memory.

const { write: fixture, path: inFolder } = testFiles('import-limits')

async function read<K extends RecordKind>(path: string, kind: K, options?: ReadImportOptions) {
  const rows: ImportRow<unknown>[] = []
  for await (const row of readImportFile(path, kind, options)) rows.push(row)
  return {
    records: rows.flatMap((row) =>
      'record' in row ? [{ line: row.line, ...(row.record as { name?: string }) }] : [],
    ),
    errors: rows.flatMap((row) => ('error' in row ? [{ line: row.line, ...row.error }] : [])),
  }
}

async function failure(promise: Promise<unknown>): Promise<ImportFileError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ImportFileError)
  return error as ImportFileError
}

const fiveMegabytes = 'x'.repeat(5_000_000)

describe('a record past 1 MiB', () => {
  test('a 5 MB line is a skipped row named by its line, found fast; the rows around it are kept', async () => {
    const path = await fixture(`customer_id,name\n1,Anna\n2,${fiveMegabytes}\n3,Cy\n`)
    const started = performance.now()
    const { records, errors } = await read(path, 'customers')
    // A guard against a quadratic scan (hours at this size), not a benchmark: the bound holds on a loaded machine.
    expect(performance.now() - started).toBeLessThan(20_000)
    expect(records.map((r) => [r.line, r.name])).toEqual([
      [2, 'Anna'],
      [4, 'Cy'],
    ])
    expect(errors).toEqual([
      { line: 3, field: null, message: expect.stringMatching(/longer than 1,048,576/) },
    ])
    expect(errors[0]?.message.length).toBeLessThan(200)
  })

  test('a 5 MB quoted field over several lines is skipped to its closing quote; later lines keep their numbers', async () => {
    const path = await fixture(`customer_id,name\n1,Anna\n2,"a\n""b""\r\n${fiveMegabytes}\nc",x\n3,Cy\n`)
    const { records, errors } = await read(path, 'customers')
    expect(records.map((r) => r.line)).toEqual([2, 7])
    expect(errors).toEqual([
      { line: 3, field: null, message: expect.stringMatching(/longer than .*\(lines 3 to 6\)/) },
    ])
  })

  test('a quote that is never closed, followed by megabytes, is one bad row read in linear time', async () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i + 10},Name ${i}`).join('\n')
    const path = await fixture(`customer_id,name\n1,Anna\n2,"Bo\n${rows}\n`)
    const started = performance.now()
    const { records, errors } = await read(path, 'customers')
    expect(performance.now() - started).toBeLessThan(20_000)
    expect(records.map((r) => r.line)).toEqual([2])
    expect(errors).toEqual([{ line: 3, field: null, message: expect.stringMatching(/longer than/) }])
  })

  test('a header line past the limit refuses the file', async () => {
    const path = await fixture(`customer_id,${fiveMegabytes}\n1,Anna\n`)
    const error = await failure(read(path, 'customers'))
    expect(error.message).toMatch(/header line is longer than/)
    expect(error.message.length).toBeLessThan(300)
  })
})

describe('messages do not repeat what they refuse', () => {
  test('a long cell is shown cut short', async () => {
    const path = await fixture(`customer_id,order_id,ordered_at,amount\n1,O1,${'9'.repeat(500_000)},3\n`)
    const { errors } = await read(path, 'orders')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toMatch(/^ordered_at: "999/)
    expect(errors[0]?.message.length).toBeLessThan(300)
  })

  test('a header lacking a column lists what it found, cut short', () => {
    const headers = Array.from({ length: 5000 }, (_, i) => `column ${i} ${'y'.repeat(100)}`)
    let message = ''
    try {
      mapColumns(headers, 'orders')
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/lacks required columns customer_id/)
    expect(message.length).toBeLessThan(600)
  })
})

/** A gzip file that expands to `gigabytes` of zeros, made of one small compressed member repeated. */
async function gzipBomb(name: string, gigabytes: number): Promise<string> {
  const path = inFolder(name)
  const out = createWriteStream(path)
  out.write(gzipSync('customer_id,name\n1,Anna\n'))
  const member = gzipSync(Buffer.alloc(1 << 20), { level: 9 })
  for (let i = 0; i < gigabytes * 1024; i++)
    if (!out.write(member)) await new Promise<void>((r) => out.once('drain', () => r()))
  await new Promise((resolve) => out.end(resolve))
  return path
}

describe('compressed files', () => {
  test('a gzip file that expands a thousand times over stops early with a clear error', async () => {
    // 16 GB from 16 MB: read whole, that takes minutes; stopped, about a second (more on a busy machine).
    const path = await gzipBomb('bomb.csv.gz', 16)
    const started = performance.now()
    const error = await failure(read(path, 'customers'))
    expect(performance.now() - started).toBeLessThan(15_000)
    expect(error.message).toMatch(/decompresses to more than 100 times its size.*--max-size/)
  })

  test('--max-size bounds the decompressed size, and the size on disk of a plain file', async () => {
    const gz = await fixture(gzipSync(`customer_id,name\n${'1,Anna\n'.repeat(1000)}`), 'small.csv.gz')
    const error = await failure(read(gz, 'customers', { maxSize: 4000 }))
    expect(error.message).toMatch(/more than --max-size \(3\.9 KiB\)/)
    expect((await read(gz, 'customers', { maxSize: 1 << 20 })).records).toHaveLength(1000)

    const plain = await fixture(`customer_id,name\n${'1,Anna\n'.repeat(1000)}`)
    expect((await failure(read(plain, 'customers', { maxSize: 4000 }))).message).toMatch(
      /larger than --max-size/,
    )
  })
})

describe('encodings', () => {
  const latin1 = Buffer.from('customer_id,name\n1,Anna\n2,Zoë\n3,Müller\n', 'latin1')

  test('a Latin-1 file is refused at its first line that is not UTF-8, naming the likely encoding', async () => {
    const error = await failure(read(await fixture(latin1), 'customers'))
    expect(error.message).toMatch(/line 3 is not valid UTF-8 \(bytes EB 0A 33 2C\).*--encoding windows-1252/)
  })

  test('with --encoding latin1 its names are stored as written', async () => {
    const { records, errors } = await read(await fixture(latin1), 'customers', { encoding: 'latin1' })
    expect(errors).toEqual([])
    expect(records.map((r) => r.name)).toEqual(['Anna', 'Zoë', 'Müller'])
  })

  test('an invalid byte deep in a file is found on its line, past chunks and quoted line breaks', async () => {
    const rows = Array.from({ length: 15_000 }, (_, i) => `${i},"Name\n${i}"`).join('\n')
    const bytes = Buffer.concat([
      Buffer.from(`customer_id,name\n${rows}\n7,`),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ])
    const error = await failure(read(await fixture(bytes), 'customers'))
    expect(error.message).toContain(`line ${2 + 15_000 * 2} is not valid UTF-8`)
  })

  test('Cyrillic in windows-1251 is named as such', async () => {
    const cp1251 = Buffer.concat([
      Buffer.from('customer_id,name\n1,'),
      Buffer.from([0xcc, 0xfe, 0xeb, 0xeb, 0xe5, 0xf0]),
      Buffer.from('\n'),
    ])
    const error = await failure(read(await fixture(cp1251), 'customers'))
    expect(error.message).toMatch(/line 2 .*--encoding windows-1251/)
    const { records } = await read(await fixture(cp1251), 'customers', { encoding: 'windows-1251' })
    expect(records).toEqual([expect.objectContaining({ name: 'Мюллер' })])
  })

  test('UTF-16 with its byte order mark is read, as Excel saves "Unicode text"', async () => {
    const text = 'customer_id\tname\r\n1\tZoë\r\n2\tМюллер\r\n'
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    expect((await read(await fixture(le), 'customers')).records.map((r) => r.name)).toEqual(['Zoë', 'Мюллер'])
    const be = Buffer.from(le)
    be.swap16()
    expect((await read(await fixture(be), 'customers')).records).toHaveLength(2)
  })

  test('an encoded surrogate (CESU-8) or a lone surrogate in UTF-16 is invalid text, never stored', async () => {
    const cesu = Buffer.concat([
      Buffer.from('customer_id,name\n1,'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('\n'),
    ])
    expect((await failure(read(await fixture(cesu), 'customers'))).message).toMatch(
      /line 2 is not valid UTF-8/,
    )
    const lone = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('customer_id,name\n1,\ud800x\n', 'utf16le'),
    ])
    expect((await failure(read(await fixture(lone), 'customers'))).message).toMatch(
      /line 2 is not valid UTF-16LE/,
    )
  })

  test('an unknown --encoding is refused', async () => {
    const path = await fixture('customer_id\n1\n')
    expect((await failure(read(path, 'customers', { encoding: 'klingon' }))).message).toMatch(
      /unknown encoding "klingon"/,
    )
  })
})

describe('NUL characters', () => {
  test('a row with a NUL is a bad row named by line and column; the others are kept', async () => {
    const path = await fixture(
      'customer_id,name,tier\n1,Anna,gold\n2,Bo\u0000b,silver\n3,Cy,x\u0000\n4,Di,\n',
    )
    const { records, errors } = await read(path, 'customers')
    expect(records.map((r) => r.line)).toEqual([2, 5])
    expect(errors).toEqual([
      {
        line: 3,
        field: null,
        message: 'column "name" holds a NUL character (U+0000), which cannot be stored',
      },
      {
        line: 4,
        field: null,
        message: 'column "tier" holds a NUL character (U+0000), which cannot be stored',
      },
    ])
  })

  test('a NUL in a quoted field or the header is caught too', async () => {
    const quoted = await fixture('customer_id,name\n1,"An\nna\u0000"\n2,Bo\n')
    expect((await read(quoted, 'customers')).errors).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringMatching(/NUL/) }),
    ])
    const header = await fixture('customer_id,na\u0000me\n1,Anna\n')
    expect((await failure(read(header, 'customers'))).message).toMatch(/header line holds a NUL/)
  })
})
