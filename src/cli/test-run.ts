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
