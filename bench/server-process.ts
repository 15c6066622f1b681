import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { buildParts, isBuilt } from '../tools/build-inputs.js'

// `rapport serve` as its own process, for the tests and benches where a crash or a second process matters.

const projectRoot = fileURLToPath(new URL('..', import.meta.url))

let serverArgs: string[] | undefined

/**
 * How to start `rapport`: from the build when it was made from the source as it is now (`npm test` builds first),
 * which starts in about two thirds of the CPU time; else from the source, as `npm run dev` does.
 */
function rapportArgs(): string[] {
  serverArgs ??= isBuilt(buildParts.server)
    ? [fileURLToPath(new URL('../dist/main.js', import.meta.url))]
    : ['--import', 'tsx', fileURLToPath(new URL('../src/main.ts', import.meta.url))]
  return serverArgs
}

export interface ServerProcess {
  url: string
  port: number
  pid: number
  /** SIGKILL (or the signal given, e.g. SIGTERM for a clean exit), and wait until the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>
}

/**
 * `rapport serve` in a process of its own, from the current build or else the source (never a stale build);
 * port 0 picks a free port, and a restart asks for the same one, where the clients keep sending.
 */
export async function startServerProcess(
  env: Record<string, string>,
  port = 0,
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env
  const child = spawn(process.execPath, [...nodeArgs, ...rapportArgs(), 'serve'], {
    cwd: projectRoot,
    env: { ...inherited, HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = await serverUrl(child, exited, () => stderr)
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid ?? 0,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    },
  }
}

async function serverUrl(child: ChildProcess, exited: Promise<void>, stderr: () => string): Promise<string> {
  const lines = createInterface({ input: child.stdout! })
  const serving = (async () => {
    for await (const line of lines) {
      const match = /serving (http:\/\/\S+)/.exec(line)
      if (match) return match[1]!
    }
    return undefined
  })()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), 120_000)
  })
  const url = await Promise.race([serving, exited.then(() => undefined), timeout])
  clearTimeout(timer)
  if (!url) {
    child.kill('SIGKILL')
    throw new Error(`the server did not start:\n${stderr()}`)
  }
  // Keep reading stdout so that the server never blocks on a full pipe.
  child.stdout?.resume()
  return url
}
