import { execSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildParts, inputsHash, isBuilt, projectRoot } from './build-inputs.js'

// `npm test`'s build: each part of `npm run build` again only when what it is made from changed since it was
// last built here (tools/build-inputs.ts). `npm run build` (and so `npm ci`'s prepare) passes --all: every part
// is built, and its stamp written, so the first `npm test` after a clean install builds nothing again.

const all = process.argv.includes('--all')

for (const part of Object.values(buildParts)) {
  const hash = inputsHash(part)
  if (!all && isBuilt(part, hash)) {
    console.log(`build: the ${part.name} is up to date`)
    continue
  }
  execSync(part.command, { cwd: projectRoot, stdio: 'inherit' })
  writeFileSync(join(projectRoot, part.stamp), hash)
}
