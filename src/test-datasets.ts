import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

// Test support only: the public data sets in ../shared/datasets (see its SOURCES.md), beside the repository.

const datasetsDir = fileURLToPath(new URL('../../shared/datasets/', import.meta.url))

/**
 * The path of a file in the shared data sets when it is there. CI insists that it is (the test fails);
 * elsewhere the tests that need it are skipped with a notice.
 * @example const file = sharedDataset('cdnow/CDNOW_sample.txt', 'the CDNOW CLI tests')
 */
export function sharedDataset(file: string, tests: string): string | undefined {
  const path = datasetsDir + file
  if (existsSync(path)) return path
  if (process.env.CI) throw new Error(`CI needs the data set ${path} for ${tests}`)
  console.warn(`${path} is absent: ${tests} are skipped`)
  return undefined
}
