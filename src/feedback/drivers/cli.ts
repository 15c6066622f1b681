import type { Command } from 'commander'
import { CliError, resolveWorkspace, UsageError, withDb } from '../../cli/context.js'
import { withInputFile } from '../../cli/input-file.js'
import { stringifyCsv } from '../../http/stringify-csv.js'
import type { SegmentResultsOf } from '../diagnosis/diagnosis.sql.js'
import { analyzeKeyDrivers, DEFAULT_SEED, type KeyDrivers, MIN_CASES } from './key-drivers.js'
import { type DriverGrouping, type DriverOutcome, driverGroupings, driverOutcomes } from './queries.js'
import { DriversFileError, readDriverColumns } from './read-drivers-file.js'
import { MAX_SHAPLEY_DRIVERS } from './shapley.js'
import { getWorkspaceDrivers } from './workspace-drivers.js'

interface Options {
  file: string
  outcome: string
  drivers: string
  format: string
  resamples: string
  seed: string
}

/** The CSV columns of `rapport analyze drivers`, one row per driver. */
export const driverCsvColumns = ['driver', 'weight', 'share', 'shapley', 'beta', 'ci_low', 'ci_high'] as const

/** `rapport analyze drivers`: key-driver analysis of an analyst's file. */
export function registerDriversCommand(analyze: Command): void {
  analyze
    .command('drivers')
    .description(
      "key drivers of an outcome in a file: Johnson's relative weights with bootstrap intervals, Shapley weights, standardised betas",
    )
    .requiredOption('--file <file>', 'CSV/TSV (or .gz) with a header row; - for standard input')
    .requiredOption('--outcome <column>', 'the outcome column, e.g. nps')
    .requiredOption('--drivers <columns>', 'the driver columns, comma-separated: A,B,C')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--resamples <n>', 'bootstrap resamples for the 95 % intervals (0 for none)', '1000')
    .option(
      '--seed <n>',
      'seed of the bootstrap (the same seed gives the same intervals)',
      String(DEFAULT_SEED),
    )
    .addHelpText(
      'after',
      `
Only complete cases are used (rows where the outcome and every driver are numbers); n says how many.
CSV: ${driverCsvColumns.join(',')} — one row per driver; JSON adds r2, n and each driver's correlation,
mean and collinearity flag (sign_flip: the coefficient's sign is against the correlation's).
Shapley weights are exact up to ${MAX_SHAPLEY_DRIVERS} drivers (empty above).

Example:
  rapport analyze drivers --file survey.csv --outcome nps --drivers pleasure,clarity,fairness --format json`,
    )
    .action(async (o: Options) => {
      if (!['csv', 'json'].includes(o.format)) throw new UsageError('--format: csv or json')
      const resamples = wholeNumber(o.resamples, '--resamples', 100_000)
      const seed = wholeNumber(o.seed, '--seed', 2 ** 31 - 1)
      const drivers = o.drivers
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean)
      if (drivers.length === 0) throw new UsageError('--drivers: at least one column')
      if (new Set(drivers).size !== drivers.length) throw new UsageError('--drivers: a column is named twice')
      if (drivers.includes(o.outcome)) throw new UsageError('--drivers: the outcome cannot also be a driver')
      const columns = await withInputFile(o.file, async (path) => {
        try {
          return await readDriverColumns(path, o.outcome, drivers)
        } catch (error) {
          if (error instanceof DriversFileError) throw new CliError(`${o.file}: ${error.message}`)
          throw error
        }
      })
      const result = analyzeKeyDrivers(o.outcome, drivers, columns.rows, { resamples, seed })
      if (result.n < MIN_CASES)
        throw new CliError(
          `${result.n} complete cases of ${columns.read} rows: at least ${MIN_CASES} are needed`,
        )
      if (result.constant.length)
        console.error(`left out, no variance among the complete cases: ${result.constant.join(', ')}`)
      for (const d of result.drivers)
        if (d.signFlip)
          console.error(`${d.driver}: its coefficient's sign is against its correlation (collinear drivers)`)
      process.stdout.write(
        o.format === 'json' ? `${JSON.stringify(driversJson(result), null, 2)}\n` : driversCsv(result),
      )
    })
}

function wholeNumber(value: string, option: string, max: number): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n > max) throw new UsageError(`${option}: a whole number 0–${max}`)
  return n
}

/** The JSON the command prints: snake_case like the CSV. */
export function driversJson(result: KeyDrivers) {
  return {
    outcome: result.outcome,
    r2: result.r2,
    n: result.n,
    bootstrap: result.bootstrap,
    constant: result.constant,
    drivers: result.drivers.map((d) => ({
      driver: d.driver,
      weight: d.weight,
      share: d.share,
      shapley: d.shapley,
      beta: d.beta,
      ci_low: d.ciLow,
      ci_high: d.ciHigh,
      correlation: d.correlation,
      mean: d.mean,
      sign_flip: d.signFlip,
    })),
  }
}

export function driversCsv(result: KeyDrivers): string {
  return stringifyCsv([
    [...driverCsvColumns],
    ...result.drivers.map((d) => [
      d.driver,
      d.weight,
      d.share,
      d.shapley ?? '',
      d.beta,
      d.ciLow ?? '',
      d.ciHigh ?? '',
    ]),
  ])
}

interface WorkspaceOptions {
  workspace?: string
  battery: string
  outcome: string
  groupBy: string
  format: string
  resamples: string
  seed: string
}

/** `rapport drivers`: the key drivers of a workspace's stored answers, as the dashboard's Drivers tab shows them. */
export function registerWorkspaceDriversCommand(
  program: Command,
  deps: { segmentResults: SegmentResultsOf },
): void {
  program
    .command('drivers')
    .description(
      "key drivers of a workspace's answers: a battery's dimensions (forces, commitment, touchpoints) against NPS, CSAT or repurchase intent",
    )
    .option('--workspace <id|name>', 'the workspace (needed when there are several)')
    .option(
      '--battery <id>',
      'the drivers: forces, commitment, any battery question id, or touchpoints',
      'forces',
    )
    .option('--outcome <outcome>', `what they drive: ${driverOutcomes.join(', ')}`, 'nps')
    .option(
      '--group-by <grouping>',
      'groups of the importance × performance points: segment, org_unit, touchpoint',
      'segment',
    )
    .option('--format <format>', 'csv or json', 'csv')
    .option('--resamples <n>', 'bootstrap resamples for the 95 % intervals (0 for none)', '1000')
    .option('--seed <n>', 'seed of the bootstrap', String(DEFAULT_SEED))
    .addHelpText(
      'after',
      `
Outcomes: nps is each customer's latest relational NPS; csat their latest CSAT; repurchase their latest answer to
the rating question "repurchase" ("How likely are you to buy from us again?"), stretched to 0–10.
CSV: ${driverCsvColumns.join(',')}; JSON adds r2, n and the groups' points.

Example:
  rapport drivers --battery forces --outcome repurchase --format json`,
    )
    .action(async (o: WorkspaceOptions) => {
      if (!['csv', 'json'].includes(o.format)) throw new UsageError('--format: csv or json')
      if (!(driverOutcomes as readonly string[]).includes(o.outcome))
        throw new UsageError(`--outcome: one of ${driverOutcomes.join(', ')}`)
      if (!(driverGroupings as readonly string[]).includes(o.groupBy))
        throw new UsageError(`--group-by: one of ${driverGroupings.join(', ')}`)
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(o.battery)) throw new UsageError('--battery: a battery question id')
      const resamples = wholeNumber(o.resamples, '--resamples', 5000)
      const seed = wholeNumber(o.seed, '--seed', 2 ** 31 - 1)
      const result = await withDb(async (db) => {
        const workspace = await resolveWorkspace(db, o.workspace)
        return getWorkspaceDrivers(
          db,
          { workspaceId: workspace.id, unitPath: null },
          {
            battery: o.battery,
            outcome: o.outcome as DriverOutcome,
            groupBy: o.groupBy as DriverGrouping,
            resamples,
            seed,
            segmentResults: deps.segmentResults,
          },
        )
      })
      if (!result.overall)
        throw new CliError(
          `${result.answered} customers answered the ${o.battery} battery; fewer than ${result.minCases} also have a ${o.outcome} answer`,
        )
      process.stdout.write(
        o.format === 'json'
          ? `${JSON.stringify({ ...driversJson(result.overall), battery: result.battery, groups: result.groups }, null, 2)}\n`
          : driversCsv(result.overall),
      )
    })
}
