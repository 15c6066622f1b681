import { existsSync, readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { expect, test } from 'vitest'
import { withInputFile } from './input-file.js'

test('- spools standard input to a file named after what its first bytes say it is, removed afterwards', async () => {
  const seen: string[] = []
  const inputs = [Buffer.from('a,b\n1,2\n'), gzipSync('a,b\n'), Buffer.from('PAR1\u0000\u0000')]
  for (const bytes of inputs) {
    const path = await withInputFile(
      '-',
      async (p) => p,
      Readable.from([bytes.subarray(0, 3), bytes.subarray(3)]),
    )
    seen.push(path.replace(/.*\//, ''))
    expect(existsSync(path)).toBe(false)
  }
  expect(seen).toEqual(['stdin.csv', 'stdin.csv.gz', 'stdin.parquet'])
  const text = await withInputFile(
    '-',
    async (p) => readFileSync(p, 'utf8'),
    Readable.from([Buffer.from('x\n')]),
  )
  expect(text).toBe('x\n')
})

test('a named file is used as it is, and an error about the spooled file names standard input', async () => {
  expect(await withInputFile('orders.csv', async (p) => p)).toBe('orders.csv')
  const failing = withInputFile(
    '-',
    async (p) => {
      throw new Error(`${p}: line 2 is bad`)
    },
    Readable.from([Buffer.from('a\n')]),
  )
  await expect(failing).rejects.toThrow(/^standard input: line 2 is bad$/)
})
