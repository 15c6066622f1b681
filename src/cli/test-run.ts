import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { vi } from 'vitest'
import { run } from '../main.js'

// Test support only: the CLI run in-process, as a person sees it.

/**
 * Runs `rapport …args` and returns its exit code and what it wrote to stdout and stderr, in order, whether
 * through console.log/console.error (a line each) or straight to the streams.
 */
export async function runCli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const lines =
    (into: string[]) =>
    (...a: unknown[]) =>
      void into.push(`${a.join(' ')}\n`)
  const chunks = (into: string[]) => (chunk: string | Uint8Array) => {
    into.push(String(chunk))
    return true
  }
  const spies = [
    vi.spyOn(console, 'log').mockImplementation(lines(out)),
    vi.spyOn(console, 'error').mockImplementation(lines(err)),
    vi.spyOn(process.stdout, 'write').mockImplementation(chunks(out)),
    vi.spyOn(process.stderr, 'write').mockImplementation(chunks(err)),
  ]
  process.exitCode = 0
  try {
    await run(args)
  } finally {
    for (const spy of spies) spy.mockRestore()
  }
  const code = Number(process.exitCode ?? 0)
  process.exitCode = 0
  return { code, out: out.join(''), err: err.join('') }
}

/**
 * Runs the built `rapport …args` in a terminal of its own (a pseudo-terminal from util-linux's `script`), as a
 * person at a keyboard runs it, and returns its exit code and everything the terminal showed.
 */
export async function runInTerminal(...args: string[]): Promise<{ code: number; screen: string }> {
  const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url))
  const command = [process.execPath, main, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ')
  const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let screen = ''
  child.stdout.on('data', (chunk) => {
    screen += chunk
  })
  const [code] = (await once(child, 'exit')) as [number]
  return { code, screen }
}
