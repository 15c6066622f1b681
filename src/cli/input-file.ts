import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'

/**
 * Runs `use` on the file a command names, where `-` is standard input: spooled to a temporary file first (named
 * .gz or .parquet after its first bytes, so that it is read as what it is), and removed after. Errors that name
 * the temporary file name standard input instead.
 */
export async function withInputFile<T>(
  path: string,
  use: (path: string) => Promise<T>,
  stdin: Readable = process.stdin,
): Promise<T> {
  if (path !== '-') return use(path)
  const dir = mkdtempSync(join(tmpdir(), 'rapport-stdin-'))
  try {
    let file = join(dir, 'stdin.csv')
    let out: ReturnType<typeof createWriteStream> | null = null
    // The first bytes say what the input is: held until there are four of them.
    let head = Buffer.alloc(0)
    const write = async (chunk: Buffer) => {
      if (out === null) {
        const gzip = chunk[0] === 0x1f && chunk[1] === 0x8b
        const parquet = chunk.subarray(0, 4).toString('latin1') === 'PAR1'
        file = join(dir, gzip ? 'stdin.csv.gz' : parquet ? 'stdin.parquet' : 'stdin.csv')
        out = createWriteStream(file)
      }
      const stream = out
      if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()))
    }
    for await (const chunk of stdin as AsyncIterable<Buffer>) {
      if (out !== null) await write(chunk)
      else {
        head = Buffer.concat([head, chunk])
        if (head.length >= 4) await write(head)
      }
    }
    if (out === null) await write(head)
    const done = out as unknown as ReturnType<typeof createWriteStream>
    await new Promise<void>((resolve, reject) =>
      done.end((error?: Error | null) => (error ? reject(error) : resolve())),
    )
    try {
      return await use(file)
    } catch (error) {
      if (error instanceof Error) error.message = error.message.replaceAll(file, 'standard input')
      throw error
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
