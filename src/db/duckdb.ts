import { createRequire } from 'node:module'
import type { DuckDBValue } from '@duckdb/node-api'
import type { Sql } from './sql.js'

// DuckDB, the analytical engine of the stateless analyses of analysts' files: in memory, one per analysis,
// gone with it. The stored record stays on PGlite and PostgreSQL (db.ts).

/** An in-memory DuckDB with one connection. Close it when done. */
export type DuckDb = Awaited<ReturnType<typeof openDuckDb>>

/** Opens an in-memory DuckDB. */
export async function openDuckDb() {
  // Loaded when first needed (the native library costs the commands that never use it a tenth of a second), and
  // with require: an ESM import of this CommonJS package has Node scan its 124 files for their exports, which
  // doubles the cost.
  const { DuckDBInstance } = createRequire(import.meta.url)(
    '@duckdb/node-api',
  ) as typeof import('@duckdb/node-api')
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  return {
    connection,
    /** Runs a statement of the sql tag (its $n placeholders are DuckDB's too). */
    async run(statement: Sql): Promise<void> {
      await connection.run(statement.text, statement.values as DuckDBValue[])
    },
    /** Runs a query of the sql tag and returns its rows as objects of JS values (BIGINT as bigint). */
    async rows<T>(statement: Sql): Promise<T[]> {
      const reader = await connection.runAndReadAll(statement.text, statement.values as DuckDBValue[])
      return reader.getRowObjectsJS() as T[]
    },
    /** Runs a query of the sql tag and returns its columns as arrays of JS values (empty ones for no rows). */
    async columns(statement: Sql): Promise<unknown[][]> {
      const reader = await connection.runAndReadAll(statement.text, statement.values as DuckDBValue[])
      const columns = reader.getColumnsJS()
      // No rows, no chunks: then DuckDB gives no columns either.
      return reader.columnNames().map((_, i) => columns[i] ?? [])
    },
    /** Runs a statement, telling `onProgress` the share of its work done (0 to 1) while it runs. */
    async runWithProgress(statement: string, onProgress: (done: number) => void): Promise<void> {
      await connection.run('set enable_progress_bar = true; set enable_progress_bar_print = false')
      // DuckDB reports its progress to another thread while the statement runs on a worker of its own.
      const timer = setInterval(() => {
        const { percentage } = connection.progress
        if (percentage >= 0) onProgress(percentage / 100)
      }, 200)
      try {
        await connection.run(statement)
      } finally {
        clearInterval(timer)
      }
    },
    close(): void {
      connection.closeSync()
      instance.closeSync()
    },
  }
}
