import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

// The order `vitest run` starts test files in. Each worker takes the next file when it is free, so a file of
// 45 s started last keeps one core busy alone for 45 s at the end of the run. On a clean clone vitest knows no
// durations and starts the largest files first, which puts the crash and demo tests (small files, long runs)
// at the very end. Longest first instead, by the seconds recorded in tools/slow-tests.json (regenerate with
// tools/slow-tests.ts); the files it does not list follow in vitest's own order (its cached durations, or size).

const recorded: Record<string, number> = JSON.parse(
  readFileSync(new URL('slow-tests.json', import.meta.url), 'utf8'),
).seconds

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files)
    const seconds = (file: TestSpecification) => recorded[relative(this.ctx.config.root, file.moduleId)] ?? 0
    // Array.prototype.sort is stable: the files without a figure keep vitest's order.
    return ordered.sort((a, b) => seconds(b) - seconds(a))
  }
}
