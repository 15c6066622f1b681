import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { detectDelimiter } from './detect-delimiter.js'
import { ImportFileError } from './import-file-error.js'
import { readCsvRecords } from './read-csv-records.js'

export interface SavedUpload {
  path: string
  size: number
  compressed: boolean
}

/** The body was larger than the most an upload may hold. */
export class UploadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the file is larger than ${limit} bytes, the most an upload may hold`)
  }
}

/**
 * Streams an upload to a new file in dir, chunk by chunk (never the whole file in memory). A gzip file (by its
 * magic bytes, whatever its name) is kept compressed as .csv.gz and read through gunzip later.
 */
export async function saveUpload(
  body: ReadableStream<Uint8Array>,
  dir: string,
  maxBytes: number,
): Promise<SavedUpload> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const reader = body.getReader()
  const first = await reader.read()
  const head = first.done ? new Uint8Array(0) : first.value
  if (head.length === 0) {
    await reader.cancel()
    throw new ImportFileError('the file is empty')
  }
  const compressed = head[0] === 0x1f && head[1] === 0x8b
  const path = join(dir, `${randomUUID()}${compressed ? '.csv.gz' : '.csv'}`)
  const out = createWriteStream(path, { mode: 0o600 })
  let size = 0
  // once() rejects on the stream's 'error' and removes its listeners either way.
  const write = async (chunk: Uint8Array) => {
    if (!out.write(chunk)) await once(out, 'drain')
  }
  try {
    let chunk: Uint8Array | undefined = head
    while (chunk) {
      size += chunk.length
      if (size > maxBytes) throw new UploadTooLarge(maxBytes)
      await write(chunk)
      const next = await reader.read()
      chunk = next.done ? undefined : next.value
    }
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    )
    return { path, size, compressed }
  } catch (error) {
    await reader.cancel().catch(() => {})
    out.destroy()
    await rm(path, { force: true })
    throw error
  }
}

export interface FilePreview {
  delimiter: string
  headers: string[]
  /** The first data rows, as the file's cells. */
  rows: string[][]
}

const previewBytes = 256 * 1024

/** The delimiter, header and first rows of a saved upload, from its first few hundred kilobytes. */
export async function previewUpload(path: string, rowCount = 10): Promise<FilePreview> {
  const raw = createReadStream(path, path.endsWith('.gz') ? {} : { end: previewBytes - 1 })
  const source: Readable = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw
  const chunks: Buffer[] = []
  let length = 0
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      chunks.push(chunk)
      length += chunk.length
      if (length >= previewBytes) break
    }
  } catch (error) {
    throw new ImportFileError(
      `the file cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    )
  } finally {
    source.destroy()
    raw.destroy()
  }
  let text = Buffer.concat(chunks).subarray(0, previewBytes).toString('utf8')
  // Only whole lines: the last one may have been cut by the byte limit.
  if (length >= previewBytes) text = text.slice(0, Math.max(text.lastIndexOf('\n'), 0))
  const clean = text.replace(/^\uFEFF/, '')
  if (clean.trim() === '') throw new ImportFileError('the file has no header line')
  const delimiter = detectDelimiter(clean)
  const records: string[][] = []
  try {
    for await (const chunk of readCsvRecords(Readable.from([Buffer.from(clean)]), delimiter)) {
      for (const fields of chunk.records) {
        if (fields.length === 0 || fields.every((f) => f.trim() === '')) continue
        records.push(fields)
        if (records.length > rowCount) break
      }
      if (records.length > rowCount) break
    }
  } catch {
    // A quoted field cut at the end of the preview: the rows before it are enough.
  }
  const [headers, ...rows] = records
  if (!headers) throw new ImportFileError('the file has no header line')
  return { delimiter, headers: headers.map((h) => h.trim()), rows: rows.slice(0, rowCount) }
}
