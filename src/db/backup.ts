import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'

/** A reason a backup or restore cannot run, told to the person as it is. */
export class BackupError extends Error {}

/**
 * Writes the embedded database in dataDir to file as a gzipped tarball (PGlite's own dump format).
 * The server must not be running on that directory meanwhile: PGlite has one process at a time.
 */
export async function backupEmbedded(dataDir: string, file: string): Promise<{ bytes: number }> {
  if (!existsSync(dataDir) || readdirSync(dataDir).length === 0)
    throw new BackupError(`there is no embedded database in ${dataDir}`)
  const pg = await PGlite.create({ dataDir })
  try {
    // A checkpoint first, so that the dump holds every committed change in the data files.
    await pg.exec('checkpoint')
    const dump = await pg.dumpDataDir('gzip')
    const bytes = new Uint8Array(await dump.arrayBuffer())
    writeFileSync(file, bytes)
    return { bytes: bytes.length }
  } finally {
    await pg.close()
  }
}

/** Restores a backup made by backupEmbedded into dataDir, which must be empty or absent. */
export async function restoreEmbedded(file: string, dataDir: string): Promise<void> {
  if (!existsSync(file)) throw new BackupError(`no backup file ${file}`)
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0)
    throw new BackupError(`${dataDir} is not empty: restore into an empty directory (set RAPPORT_DATA_DIR)`)
  const bytes = readFileSync(file)
  // PGlite's dumps are gzip tarballs; anything else would fail deep inside the engine.
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new BackupError(`${file} is not a Rapport backup`)
  const pg = await PGlite.create({ dataDir, loadDataDir: new Blob([bytes]) })
  await pg.exec('select 1')
  await pg.close()
}
