import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

// What each part of `npm run build` is made from, and whether its output was built from what is here now. The
// inputs are hashed by content (not by time, which a checkout or a copy changes); the hash is kept beside the
// output when the part is built.

export const projectRoot = fileURLToPath(new URL('..', import.meta.url))

export interface BuildPart {
  name: string
  /** Files and folders it is made from; tests are never part of a build. */
  inputs: string[]
  /** Written after a build, read before the next. */
  stamp: string
  command: string
}

const dependencies = ['package.json', 'package-lock.json']

export const buildParts = {
  server: {
    name: 'server',
    inputs: ['src', 'tsconfig.json', 'tsconfig.build.json', ...dependencies],
    stamp: 'dist/.build-inputs',
    command: 'tsc -p tsconfig.build.json --noCheck && cp -r src/db/migrations dist/db/',
  },
  database: {
    name: 'initial data dir',
    // initdb's output depends on the PGlite version (package-lock.json), the rest on the migrations.
    inputs: [
      'src/db/migrations',
      'src/db/initial-data-dir.ts',
      'tools/build-initial-data-dir.ts',
      ...dependencies,
    ],
    stamp: 'dist/db/.initial-data-dir-inputs',
    command: 'tsx tools/build-initial-data-dir.ts',
  },
  web: {
    name: 'dashboard and survey page',
    // The pages import the server's response schemas and page texts from src/.
    inputs: ['web', 'src', 'tsconfig.json', ...dependencies],
    stamp: 'web/dist/.build-inputs',
    command: 'vite build --config web/vite.config.ts --logLevel warn',
  },
  widget: {
    name: 'widget',
    inputs: ['widget', ...dependencies],
    stamp: 'dist/widget/.build-inputs',
    command: 'tsx widget/build.ts',
  },
} satisfies Record<string, BuildPart>

const skipped = new Set(['node_modules', 'dist', '.cache', 'test-artifacts'])

function* files(path: string): Generator<string> {
  if (!existsSync(path)) return
  if (!statSync(path).isDirectory()) {
    if (!path.endsWith('.test.ts')) yield path
    return
  }
  for (const entry of readdirSync(path).sort()) {
    if (!skipped.has(entry)) yield* files(join(path, entry))
  }
}

/** A hash of the part's inputs: their names and contents. */
export function inputsHash(part: BuildPart): string {
  const hash = createHash('sha256')
  for (const input of part.inputs)
    for (const file of files(join(projectRoot, input)))
      hash.update(`${relative(projectRoot, file)}\0`).update(readFileSync(file))
  return hash.digest('hex')
}

/** Whether the part's output was built from the inputs as they are now. */
export function isBuilt(part: BuildPart, hash = inputsHash(part)): boolean {
  const stamp = join(projectRoot, part.stamp)
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === hash
}
