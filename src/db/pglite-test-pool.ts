import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import type { Db } from './db.js'
import { pgliteParsers, wrapPglite } from './pglite-db.js'

// Test support only. Starting an embedded engine from the migrated dump costs about a second of CPU, and a run
// starts one or more per test file, so each test process keeps what it can between files:
// - the engine's WebAssembly compiled once, not at every start (about a third of a start);
// - engines whose test is over, emptied back to the migrated state and handed to the next test. One is reused
//   only if its schema is still exactly the migrated one; anything else (a test's own table, a changed column)
//   closes it instead, so no test sees another's leftovers.

interface Assets {
  pgliteWasmModule: WebAssembly.Module
  initdbWasmModule: WebAssembly.Module
  fsBundle: Blob
}

interface Pristine {
  /** The schema a reused engine must still have. */
  fingerprint: string
  /** Empties every table but the migration log, and restarts the sequences. */
  reset: string
}

const idle: PGlite[] = []
let assets: Promise<Assets> | undefined
let pristine: Promise<Pristine> | undefined

/** A migrated in-memory PGlite: an emptied one from an earlier test when there is one, else a new one. */
export async function pooledPgliteDb(dump: () => Promise<Blob>): Promise<Db> {
  const pg = idle.pop() ?? (await startEngine(await dump()))
  let returned = false
  // After close(), a late query (a background loop's last tick) fails as on a closed engine instead of
  // writing into the next test's database.
  const guarded = new Proxy(pg, {
    get(target, property) {
      if (returned && typeof property === 'string' && engineCalls.has(property))
        throw new Error('PGlite is closed')
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return {
    ...wrapPglite(guarded),
    async close() {
      if (returned) return
      returned = true
      await giveBack(pg)
    },
  }
}

const engineCalls = new Set(['query', 'exec', 'transaction', 'sql', 'listen'])

async function startEngine(dump: Blob): Promise<PGlite> {
  const pg = await PGlite.create({ loadDataDir: dump, parsers: pgliteParsers, ...(await loadAssets()) })
  pristine ??= describePristine(pg)
  await pristine
  return pg
}

function loadAssets(): Promise<Assets> {
  assets ??= (async () => {
    const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'))
    const [pgliteWasmModule, initdbWasmModule] = await Promise.all(
      ['pglite.wasm', 'initdb.wasm'].map((file) => WebAssembly.compile(readFileSync(join(dist, file)))),
    )
    return {
      pgliteWasmModule: pgliteWasmModule!,
      initdbWasmModule: initdbWasmModule!,
      fsBundle: new Blob([readFileSync(join(dist, 'pglite.data'))]),
    }
  })()
  return assets
}

const fingerprintQuery = `
  select concat_ws(' | ',
    (select string_agg(format('%s:%s:%s', c.relname, c.relkind, c.relnatts), ',' order by c.relname)
       from pg_class c where c.relnamespace = 'public'::regnamespace),
    (select string_agg(a.attrelid::regclass || '.' || a.attname || ':' || a.atttypid::regtype || ':' || a.attnotnull,
       ',' order by a.attrelid::regclass::text, a.attnum)
       from pg_attribute a join pg_class c on c.oid = a.attrelid
      where c.relnamespace = 'public'::regnamespace and a.attnum > 0 and not a.attisdropped),
    (select count(*) from pg_proc where pronamespace = 'public'::regnamespace),
    (select count(*) from pg_type where typnamespace = 'public'::regnamespace),
    (select count(*) from pg_trigger),
    (select count(*) from pg_constraint),
    (select count(*) from pg_namespace),
    (select count(*) from schema_migrations)
  ) as fingerprint`

async function fingerprint(pg: PGlite): Promise<string> {
  const { rows } = await pg.query<{ fingerprint: string }>(fingerprintQuery)
  return rows[0]?.fingerprint ?? ''
}

async function describePristine(pg: PGlite): Promise<Pristine> {
  const { rows: tables } = await pg.query<{ name: string }>(
    `select format('%I', tablename) as name from pg_tables
      where schemaname = 'public' and tablename <> 'schema_migrations' order by 1`,
  )
  const { rows: sequences } = await pg.query<{ name: string }>(
    `select format('%I', sequencename) as name from pg_sequences where schemaname = 'public' order by 1`,
  )
  const reset = [
    `truncate table ${tables.map((t) => t.name).join(', ')} restart identity cascade`,
    ...sequences.map((s) => `alter sequence ${s.name} restart`),
  ].join(';\n')
  return { fingerprint: await fingerprint(pg), reset }
}

/** Back to the migrated state and into the idle list, or closed if the test changed more than the data. */
async function giveBack(pg: PGlite): Promise<void> {
  try {
    // A session's settings, temporary tables, prepared statements and advisory locks go with the test.
    await pg.exec('discard all')
    const expected = await pristine
    if (!expected || (await fingerprint(pg)) !== expected.fingerprint) throw new Error('schema changed')
    await pg.exec(expected.reset)
    idle.push(pg)
  } catch {
    await pg.close()
  }
}
