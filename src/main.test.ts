import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { expect, test } from 'vitest'

// The CLI as a separate process, run from source as `npm run dev` does.
test('a reader that closes the pipe early ends the output quietly, with exit code 0', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'import', '--help'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // Closed before the process has started, so that its first write meets a pipe without a reader.
  child.stdout.destroy()
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  const [code] = await once(child, 'exit')
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
}, 30_000)

test('every command of the overall help is one main.ts can load on its own', async () => {
  const { runCli } = await import('./cli/test-run.js')
  const { lazyCommandNames } = await import('./main.js')
  const help = await runCli('--help')
  const listed = [...help.out.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]!)
  expect(listed.filter((name) => name !== 'help').sort()).toEqual(
    ['serve', 'migrate', ...lazyCommandNames].sort(),
  )
  // The version is printed without loading any command.
  const version = await runCli('--version')
  expect([version.code, version.out.trim()]).toEqual([0, '0.1.0'])
  // A command given alone is registered, with its subcommands, without the others.
  const alone = await runCli('analyze', 'segments', '--help')
  expect([alone.code, alone.out.includes('--orders <file>')]).toEqual([0, true])
}, 60_000)
