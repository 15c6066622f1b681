import { statSync } from 'node:fs'
import cliProgress from 'cli-progress'
import type { Command } from 'commander'
import { recordAudit, systemActor } from '../access/audit.js'
import { CliError, resolveWorkspace, withDb } from '../cli/context.js'
import { withInputFile } from '../cli/input-file.js'
import type { Db } from '../db/db.js'
import { Importer, type ImportReport } from './importer.js'
import {
  checkEncoding,
  fileOptionHelp,
  ImportFileError,
  parseColumnsOption,
  parseSize,
  type ReadImportOptions,
  readImportFile,
} from './read-import-file.js'
import type { RecordKind } from './records.js'
import { shownText } from './shown-text.js'

/** Another capability's kind of import file (e.g. responses), given by the composition root. */
export type ExtraImport = (
  file: string,
  options: { workspace?: string; survey?: string; maxSize?: string },
) => Promise<void>

/** `rapport import customers|orders|events FILE`, and any further kinds given in `extra`. */
export function registerImportCommand(program: Command, extra: Record<string, ExtraImport> = {}): void {
  const extraKinds = Object.keys(extra)
  program
    .command('import')
    .description(
      'import customers, orders or events from a CSV or TSV file (upserts by id: re-importing is a no-op)',
    )
    .argument('<kind>', ['customers', 'orders', 'events', ...extraKinds].join(', '))
    .argument(
      '<file>',
      'a .csv, .tsv or .txt file, optionally .gz; the delimiter is detected; - for standard input',
    )
    .option(
      '--columns <mapping>',
      'map canonical columns to the file\'s headers: "customer_id=CustomerID,ordered_at=InvoiceDate"',
    )
    .option(
      '--date-format <pattern>',
      'ISO (default) or a pattern such as YYYYMMDD, DD.MM.YYYY, M/D/YYYY H:mm',
      'ISO',
    )
    .option('--delimiter <char>', 'force the delimiter instead of detecting it')
    .option('--encoding <name>', fileOptionHelp.encoding)
    .option('--max-size <size>', fileOptionHelp.maxSize)
    .option('--workspace <id|name>', 'the workspace to import into (needed when there are several)')
    .option('--survey <id|slug>', 'responses: the survey whose answers the file holds')
    .addHelpText(
      'after',
      `
Canonical columns:
  customers  customer_id, name, email, phone, language, org_unit (+ any other column becomes an attribute)
  orders     customer_id, order_id, ordered_at, amount, currency, status
             or as lines: customer_id, order_id, ordered_at, quantity, unit_price, product_id
  events     customer_id, type, occurred_at, channel, touchpoint, event_id (+ others become properties)
  responses  (with --survey) response_id, customer_id or email, answered_at, channel, touchpoint, language,
             one column per question id (a battery's statements as question.statement)

A record longer than 1 MiB, or holding a NUL character, is a bad row: skipped and reported by its line.
Text that is not valid in the file's encoding stops the import at its line; the rows before it stay imported.

Example:
  rapport import orders online_retail.csv.gz --date-format "M/D/YYYY H:mm" \\
    --columns "customer_id=CustomerID,order_id=InvoiceNo,ordered_at=InvoiceDate,quantity=Quantity,unit_price=UnitPrice,product_id=StockCode"`,
    )
    .action(
      async (
        kind: string,
        file: string,
        options: {
          columns?: string
          dateFormat: string
          delimiter?: string
          encoding?: string
          maxSize?: string
          workspace?: string
          survey?: string
        },
      ) => {
        const other = Object.hasOwn(extra, kind) ? extra[kind] : undefined
        if (other) return withInputFile(file, (path) => other(path, options))
        if (kind !== 'customers' && kind !== 'orders' && kind !== 'events') {
          throw new CliError(
            `unknown kind '${shownText(kind, 40)}': use ${['customers', 'orders', 'events', ...extraKinds].join(', ')}`,
          )
        }
        let columns: Record<string, string> | undefined
        try {
          columns = options.columns ? parseColumnsOption(options.columns) : undefined
        } catch (error) {
          throw new CliError(`--columns: ${(error as Error).message}`)
        }
        const fileOptions = readOptions(options)
        const report = await withDb(async (db) => {
          const workspace = await resolveWorkspace(db, options.workspace)
          const result = await withInputFile(file, (path) =>
            importFile(db, workspace.id, kind, path, { ...fileOptions, columns }),
          )
          await recordAudit(db, {
            workspaceId: workspace.id,
            actor: systemActor,
            action: 'import',
            entityType: kind,
            details: { file, ...result, errors: result.errors.length },
          })
          return result
        })
        printReport(report)
        if (report.read > 0 && report.skipped === report.read) process.exitCode = 1
      },
    )
}

/** --encoding and --max-size, checked, with the other options of reading a file. */
function readOptions<T extends { encoding?: string; maxSize?: string }>(
  options: T,
): Omit<T, 'encoding' | 'maxSize'> & Pick<ReadImportOptions, 'encoding' | 'maxSize'> {
  const { encoding, maxSize, ...rest } = options
  try {
    return {
      ...rest,
      encoding: encoding === undefined ? undefined : checkEncoding(encoding),
      maxSize: maxSize === undefined ? undefined : parseSize(maxSize),
    }
  } catch (error) {
    throw new CliError((error as Error).message)
  }
}

async function importFile<K extends RecordKind>(
  db: Db,
  workspaceId: string,
  kind: K,
  file: string,
  options: ReadImportOptions,
): Promise<ImportReport> {
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          format: 'importing {bar} {percentage}% | {rows} rows | {eta_formatted} left',
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined
  let total = 0
  try {
    total = statSync(file).size
  } catch {
    // readImportFile reports the missing file in its own words.
  }
  bar?.start(total, 0, { rows: 0 })
  const importer = new Importer(db, workspaceId, kind)
  try {
    const rows = readImportFile(file, kind, {
      ...options,
      onProgress: (bytes) => bar?.update(bytes, { rows: importer.report.read }),
    })
    for await (const row of rows) await importer.add(row)
    return await importer.finish()
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error
    if (importer.report.read === 0) throw new CliError(error.message)
    // The rows read before the error were imported: say so, and what became of them.
    const report = await importer.finish()
    throw new CliError(
      `${error.message}\nthe import stopped there, after ${report.read} rows: ${counts(report)} (importing the file again changes nothing for those)`,
    )
  } finally {
    bar?.update(total, { rows: importer.report.read })
    bar?.stop()
  }
}

function printReport(report: ImportReport): void {
  const out = process.stdout
  out.write(`rows read ${report.read}, ${counts(report)}\n`)
  if (report.customersCreated > 0)
    out.write(`customers created from references: ${report.customersCreated}\n`)
  for (const error of report.errors.slice(0, 20)) {
    const where = 'line' in error ? `line ${error.line}` : `record ${error.index}`
    out.write(`  ${where}: ${shownText(`${error.field ? `${error.field}: ` : ''}${error.message}`, 400)}\n`)
  }
  if (report.skipped > 20) out.write(`  … and ${report.skipped - 20} more\n`)
}

function counts(report: ImportReport): string {
  return `imported ${report.imported}, updated ${report.updated}, unchanged ${report.unchanged}, skipped ${report.skipped}`
}
