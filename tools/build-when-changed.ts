import { execSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

// `npm test`'s build: each part of `npm run build` again only when what it is made from changed since it was
// last built here. A part's inputs are hashed by content (not by time, which a checkout or a copy changes) and
// the hash is kept beside its output; `npm run build` still builds everything.

const root = fileURLToPath(new URL('..', import.meta.url))

interface Part {
  name: string
  /** Files and folders it is made from; tests are never part of a build. */
  inputs: string[]
  /** Written after a build, read before the next. */
  stamp: string
  command: string
}

const dependencies = ['package.json', 'package-lock.json']

const parts: Part[] = [
  {
    name: 'server',
    inputs: ['src', 'tsconfig.json', 'tsconfig.build.json', ...dependencies],
    stamp: 'dist/.build-inputs',
    command: 'tsc -p tsconfig.build.json --noCheck && cp -r src/db/migrations dist/db/',
  },
  {
    name: 'dashboard and survey page',
    // The pages import the server's response schemas and page texts from src/.
    inputs: ['web', 'src', 'tsconfig.json', ...dependencies],
    stamp: 'web/dist/.build-inputs',
    command: 'vite build --config web/vite.config.ts --logLevel warn',
  },
  {
    name: 'widget',
    inputs: ['widget', ...dependencies],
    stamp: 'dist/widget/.build-inputs',
    command: 'tsx widget/build.ts',
  },
]

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

/** A hash of the inputs' names and contents. */
function inputsHash(part: Part): string {
  const hash = createHash('sha256')
  for (const input of part.inputs)
    for (const file of files(join(root, input)))
      hash.update(`${relative(root, file)}\0`).update(readFileSync(file))
  return hash.digest('hex')
}

for (const part of parts) {
  const stamp = join(root, part.stamp)
  const hash = inputsHash(part)
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
    console.log(`build: the ${part.name} is up to date`)
    continue
  }
  execSync(part.command, { cwd: root, stdio: 'inherit', env: { ...process.env, PATH: npmPath() } })
  writeFileSync(stamp, hash)
}

/** PATH with the project's node_modules/.bin first, as npm scripts have it. */
function npmPath(): string {
  return [join(root, 'node_modules/.bin'), process.env.PATH].join(':')
}
