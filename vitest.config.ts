import { defineConfig } from 'vitest/config'
import { LongestFirstSequencer } from './tools/test-sequencer.js'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'e2e/**/*.test.ts'],
    // Builds once per run what every test file starts from: a migrated PGlite dump and PostgreSQL template database.
    globalSetup: ['src/test-global-setup.ts'],
    setupFiles: ['src/test-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One module graph per worker, not per file: about a quarter less CPU. Each file opens its own databases
    // (db/test-db.ts) and sets the environment variables it relies on, so no state carries from file to file.
    isolate: false,
    maxWorkers: 2,
    // The longest files first, so that no long one starts last and runs alone at the end (tools/test-sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
  },
})
