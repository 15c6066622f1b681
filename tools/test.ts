import { spawn } from 'node:child_process'
import { projectRoot } from './build-inputs.js'

// `npm test`: the typecheck and the linter run beside the tests instead of before them. The test files wait on
// servers, browsers and PostgreSQL for about a third of two cores' time, and the checks (up to a minute of CPU
// on a clean clone) fill it. Only the build has to come first: the browser and server-process tests use it.
// Every part runs to its end; the exit code is 1 if any failed. Arguments go to vitest (`npm test -- e2e/`).

function run(command: string, ...args: string[]): Promise<number> {
  return new Promise((resolve) => {
    spawn(command, args, { cwd: projectRoot, stdio: 'inherit' })
      .once('error', () => resolve(1))
      .once('exit', (code) => resolve(code ?? 1))
  })
}

const codes = await Promise.all([
  run('npm', 'run', 'typecheck'),
  run('npm', 'run', 'lint'),
  run('tsx', 'tools/build-when-changed.ts').then((built) =>
    built === 0 ? run('vitest', 'run', ...process.argv.slice(2)) : built,
  ),
])
process.exit(codes.every((code) => code === 0) ? 0 : 1)
