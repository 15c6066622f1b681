import type { Command } from 'commander'
import { loadConfig } from '../config.js'
import { BackupError, backupEmbedded, restoreEmbedded } from '../db/backup.js'
import { CliError } from './context.js'

const onPostgres =
  'DATABASE_URL is set: back up PostgreSQL with pg_dump and restore with pg_restore (see the README)'

/** `rapport backup FILE` and `rapport restore FILE`, for the embedded database. */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('write the embedded database to FILE (stop the server first)')
    .argument('<file>', 'the backup file to write, e.g. rapport-2026-12-06.tar.gz')
    .action(async (file: string) => {
      const config = loadConfig()
      if (config.DATABASE_URL) throw new CliError(onPostgres)
      const { bytes } = await backupEmbedded(config.dataDir, file).catch(rethrow)
      console.log(`backed up ${config.dataDir} to ${file} (${(bytes / 1024 / 1024).toFixed(1)} MB)`)
    })
  program
    .command('restore')
    .description('restore a backup into an empty RAPPORT_DATA_DIR')
    .argument('<file>', 'a file written by `rapport backup`')
    .action(async (file: string) => {
      const config = loadConfig()
      if (config.DATABASE_URL) throw new CliError(onPostgres)
      await restoreEmbedded(file, config.dataDir).catch(rethrow)
      console.log(`restored ${file} into ${config.dataDir}; \`rapport serve\` migrates it if it is older`)
    })
}

function rethrow(error: unknown): never {
  throw error instanceof BackupError ? new CliError(error.message) : error
}
