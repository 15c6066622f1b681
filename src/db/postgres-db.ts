import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyStdin } from 'pg-copy-streams'
import { copyTarget } from './copy.js'
import { cursorBatches } from './cursor-batches.js'
import type { Db } from './db.js'
import type { Sql } from './sql.js'

// Same row types as PGlite: int8 and numeric stay exact strings (pg's default), json is parsed.

/** A PostgreSQL server through a connection pool. */
export function openPostgresDb(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 })
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  return {
    kind: 'postgres',
    async query<T>(query: Sql) {
      const result = await pool.query(queryConfig(query))
      return result.rows as T[]
    },
    async exec(script: string) {
      await pool.query(script)
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      const client = await pool.connect()
      try {
        return await transaction(client, () => fn(clientDb(client)))
      } finally {
        client.release()
      }
    },
    async copyFrom(table, columns, text) {
      const client = await pool.connect()
      try {
        await copyInto(client, table, columns, text)
      } finally {
        client.release()
      }
    },
    async *batches<T>(query: Sql, size: number) {
      const client = await pool.connect()
      let committed = false
      try {
        await client.query('begin')
        yield* cursorBatches<T>(run(client), query, size, false)
        await client.query('commit')
        committed = true
      } finally {
        if (!committed) await client.query('rollback').catch(() => {})
        client.release()
      }
    },
    async connect() {
      const client = new pg.Client({ connectionString })
      client.on('error', () => {})
      await client.connect()
      const inTransaction = clientDb(client)
      return {
        ...inTransaction,
        transaction: (fn) => transaction(client, () => fn(inTransaction)),
        close: () => client.end(),
      }
    },
    close: () => pool.end(),
  }
}

async function transaction<T>(client: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
  await client.query('begin')
  try {
    const result = await fn()
    await client.query('commit')
    return result
  } catch (error) {
    await client.query('rollback').catch(() => {})
    throw error
  }
}

async function copyInto(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  text: string | Uint8Array,
) {
  const bytes =
    typeof text === 'string' ? Buffer.from(text) : Buffer.from(text.buffer, text.byteOffset, text.byteLength)
  await pipeline(
    Readable.from([bytes]),
    client.query(copyStdin(`copy ${copyTarget(table, columns)} from stdin`)),
  )
}

function run(client: pg.ClientBase) {
  return async (text: string, values?: unknown[]) => (await client.query(text, values)).rows
}

function clientDb(client: pg.ClientBase): Db {
  const db: Db = {
    kind: 'postgres',
    async query<T>(query: Sql) {
      const result = await client.query(queryConfig(query))
      return result.rows as T[]
    },
    async exec(script: string) {
      await client.query(script)
    },
    transaction: (fn) => fn(db),
    copyFrom: (table, columns, text) => copyInto(client, table, columns, text),
    batches: (query, size) => cursorBatches(run(client), query, size, false),
    close: async () => {},
  }
  return db
}

const statementNames = new Map<string, string>()

/** A prepared statement is named after its text, so that each variant of a statement has a name of its own. */
function queryConfig(query: Sql): pg.QueryConfig {
  const { text, values } = query.textAndValues
  if (!query.isPrepared) return { text, values }
  let name = statementNames.get(text)
  if (name === undefined) {
    name = `rapport_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`
    statementNames.set(text, name)
  }
  return { name, text, values }
}
