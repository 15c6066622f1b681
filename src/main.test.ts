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
