import { readFileSync, writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { projectRoot } from './build-inputs.js'

// Rewrites tools/slow-tests.json, the seconds tools/test-sequencer.ts starts the longest test files first by,
// from a whole run's JSON report:
//   npx vitest run --reporter=default --reporter=json --outputFile=/tmp/vitest.json
//   npx tsx tools/slow-tests.ts /tmp/vitest.json [minimum seconds, 5 unless given]
// Only the order matters, so figures from a loaded machine do (with a higher minimum); shorter files are left
// to vitest.

const report: { testResults: { name: string; startTime: number; endTime: number }[] } = JSON.parse(
  readFileSync(process.argv[2] ?? '', 'utf8'),
)
const minimum = Number(process.argv[3] ?? 5)
const slow = report.testResults
  .map(
    (file) => [relative(projectRoot, file.name), Math.round((file.endTime - file.startTime) / 1000)] as const,
  )
  .filter(([, seconds]) => seconds >= minimum)
  .sort((a, b) => b[1] - a[1])
const file = new URL('slow-tests.json', import.meta.url)
writeFileSync(file, `${JSON.stringify({ seconds: Object.fromEntries(slow) }, null, 2)}\n`)
console.log(`${slow.length} files of ${minimum} s or more written to tools/slow-tests.json`)
