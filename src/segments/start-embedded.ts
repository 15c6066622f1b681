import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { threadId } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'
import { dropTemplateDatabases, pgliteParsers } from '../db/pglite-db.js'

/**
 * An empty in-memory PGlite with its one database, postgres (see dropTemplateDatabases). Creating one runs initdb
 * (seconds); loading a dump of a fresh one is several times faster, so the dump is kept in a cache directory
 * per PGlite version and reused.
 * @param cacheDir where the dump is kept (default ~/.cache/rapport); false to never cache it
 * @param settings server settings to start with (name → value), such as those only a start can set
 */
export async function startEmbedded(
  cacheDir: string | false | undefined,
  settings: Record<string, string> = {},
): Promise<PGlite> {
  const startParams = [
    ...PGlite.defaultStartParams,
    ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ]
  const dir =
    cacheDir === false
      ? null
      : (cacheDir ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'rapport'))
  const file = dir ? join(dir, `pglite-${pgliteVersion()}-postgres-only.tar`) : null
  if (file) {
    try {
      const blob = new Blob([readFileSync(file)])
      return await PGlite.create({ loadDataDir: blob, parsers: pgliteParsers, startParams })
    } catch {
      // No cached database yet (or an unreadable one): create it below.
    }
  }
  const pg = await PGlite.create({ parsers: pgliteParsers, startParams })
  await dropTemplateDatabases(pg)
  if (dir && file) {
    try {
      const dump = await pg.dumpDataDir('none')
      mkdirSync(dir, { recursive: true })
      // Several threads may write it at once: each its own file, renamed into place whole.
      const written = `${file}.${process.pid}.${threadId}`
      writeFileSync(written, Buffer.from(await dump.arrayBuffer()))
      renameSync(written, file)
    } catch {
      // A cache that cannot be written only costs time.
    }
  }
  return pg
}

function pgliteVersion(): string {
  try {
    // The package's exports hide package.json: find it beside the resolved entry point.
    let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'))
    while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir)
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}
