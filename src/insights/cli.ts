import { readFile, stat } from 'node:fs/promises'
import { gunzipSync } from 'node:zlib'
import type { Command } from 'commander'
import { recordAudit, systemActor } from '../access/audit.js'
import { CliError, resolveWorkspace, withDb } from '../cli/context.js'
import { parseSize } from '../customers/read-import-file.js'
import { isUuid } from '../db/is-uuid.js'
import { getSurvey, getSurveyBySlug } from '../surveys/surveys.js'
import { importResponsesCsv, ResponseFileError, type ResponseImportReport } from './import-responses.js'
import { rebuildInsightRollup } from './metric-rollup.js'

const defaultMaxSize = 512 * 1024 * 1024

/** `rapport import responses FILE --survey <id|slug>`: a survey's response history from a CSV/TSV (or .gz). */
export async function importResponsesCommand(
  file: string,
  options: { workspace?: string; survey?: string; maxSize?: string },
): Promise<void> {
  if (!options.survey) throw new CliError('import responses needs --survey <id|slug>')
  const wanted = options.survey
  const maxSize = options.maxSize === undefined ? defaultMaxSize : parseSize(options.maxSize)
  const bytes = await readFileBytes(file, maxSize)
  const report = await withDb(async (db) => {
    const workspace = await resolveWorkspace(db, options.workspace)
    const survey = isUuid(wanted)
      ? await getSurvey(db, workspace.id, wanted)
      : await getSurveyBySlug(db, wanted)
    if (!survey || survey.workspaceId !== workspace.id)
      throw new CliError(`no survey ${JSON.stringify(wanted.slice(0, 100))} in workspace ${workspace.name}`)
    let result: ResponseImportReport
    try {
      result = await importResponsesCsv(
        db,
        { ...survey, version: survey.currentVersion, workspaceId: workspace.id },
        bytes,
      )
    } catch (error) {
      if (error instanceof ResponseFileError) throw new CliError(`${file}: ${error.message}`)
      throw error
    }
    await recordAudit(db, {
      workspaceId: workspace.id,
      actor: systemActor,
      action: 'import',
      entityType: 'responses',
      entityId: survey.id,
      details: { file, ...result, errors: result.errors.length },
    })
    return result
  })
  printReport(report)
  if (report.read > 0 && report.skipped === report.read) process.exitCode = 1
}

async function readFileBytes(file: string, maxSize: number): Promise<Uint8Array> {
  try {
    const info = await stat(file)
    if (info.isDirectory()) throw new CliError(`${file}: is a directory, not a file`)
    if (info.size > maxSize) throw new CliError(`${file}: the file is larger than --max-size`)
    const bytes = await readFile(file)
    return file.endsWith('.gz') ? gunzipSync(bytes, { maxOutputLength: maxSize }) : bytes
  } catch (error) {
    if (error instanceof CliError) throw error
    const code = error instanceof Error && 'code' in error ? error.code : undefined
    if (code === 'ENOENT') throw new CliError(`${file}: no such file`)
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new CliError(`${file}: decompresses to more than --max-size`)
    throw new CliError(`${file}: ${(error as Error).message}`)
  }
}

function printReport(report: ResponseImportReport): void {
  const out = process.stdout
  out.write(
    `rows read ${report.read}, imported ${report.imported}, unchanged ${report.unchanged}, skipped ${report.skipped}, without a known customer ${report.unlinked}\n`,
  )
  for (const error of report.errors.slice(0, 20))
    out.write(
      `  line ${error.line}: ${error.field ? `${error.field}: ` : ''}${error.message.slice(0, 400)}\n`,
    )
  if (report.skipped > 20) out.write(`  … and ${report.skipped - 20} more\n`)
}

/** `rapport insights rebuild`: recomputes a workspace's metric rollup from its responses. */
export function registerInsightCommands(program: Command): void {
  program
    .command('insights')
    .description('the insights metrics')
    .command('rebuild')
    .description(
      'recompute the workspace’s metric rollup from its responses (kept current on every write; for a check or after a bulk load)',
    )
    .option('--workspace <id|name>', 'the workspace (needed when there are several)')
    .action(async (o: { workspace?: string }) => {
      const { name, answers } = await withDb(async (db) => {
        const workspace = await resolveWorkspace(db, o.workspace)
        return { name: workspace.name, answers: await rebuildInsightRollup(db, workspace.id) }
      })
      process.stdout.write(`insight rollup of ${name} rebuilt: ${answers} scale answers\n`)
    })
}
