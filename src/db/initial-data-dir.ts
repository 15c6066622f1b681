import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { PGlite } from '@electric-sql/pglite'
import type { Db } from './db.js'
import { migrate } from './migrate.js'
import { openPgliteDb, pgliteParsers, wrapPglite } from './pglite-db.js'

// PGlite runs initdb in WebAssembly on an empty data dir: about 10 CPU seconds, most of a newcomer's first
// `rapport serve`. The build makes that data dir once (initdb and the migrations, as a gzipped tar beside this
// module in dist/), and a fresh data dir starts from a copy of it: about 3 CPU seconds.

/** The build's initialised and migrated data dir, beside the built module (absent when run from the source). */
export const initialDataDirFile = fileURLToPath(new URL('./initial-data-dir.tar.gz', import.meta.url))

/** Writes a freshly initialised and migrated PGlite data dir to `file`, as the build does. */
export async function writeInitialDataDir(file: string): Promise<void> {
  const pglite = await PGlite.create({ parsers: pgliteParsers })
  await migrate(wrapPglite(pglite))
  const blob = await pglite.dumpDataDir('gzip')
  await pglite.close()
  writeFileSync(file, new Uint8Array(await blob.arrayBuffer()))
}

/**
 * The file-backed PGlite in dataDir. An empty (new) data dir starts from the initial data dir when there is one;
 * should it not load (made by another PGlite version), the dir is emptied again and initdb runs as without it.
 */
export async function openPgliteDataDir(dataDir: string, initial = initialDataDirFile): Promise<Db> {
  mkdirSync(dataDir, { recursive: true })
  if (readdirSync(dataDir).length > 0 || !existsSync(initial)) return openPgliteDb({ dataDir })
  try {
    // Unpacked here: a damaged file then fails in this call, where PGlite's own unpacking would fail unhandled.
    return await openPgliteDb({ dataDir, loadDataDir: new Blob([gunzipSync(readFileSync(initial))]) })
  } catch (error) {
    console.warn(`the initial data dir did not load (${String(error)}): initialising ${dataDir} instead`)
    for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true, force: true })
    return openPgliteDb({ dataDir })
  }
}
