import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'

/**
 * A temporary folder for the files of one test file, removed after it: `write` puts content in a new file
 * (named f1.csv, f2.csv, … unless named) and returns its path.
 */
export function testFiles(prefix: string): {
  write: (content: string | Buffer, name?: string) => Promise<string>
  /** The path of a file in the folder (the folder itself for ''). */
  path: (name: string) => string
} {
  let dir = ''
  let count = 0
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `rapport-${prefix}-`))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  return {
    path: (name) => join(dir, name),
    async write(content, name = `f${++count}.csv`) {
      const path = join(dir, name)
      await writeFile(path, content)
      return path
    },
  }
}
