import { writeFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { CliError, resolveWorkspace, UsageError, withDb } from '../cli/context.js'
import { fileProgress } from '../cli/file-progress.js'
import { withInputFile } from '../cli/input-file.js'
import { FitNotConvergedError } from './fit-result.js'
import { readSummaryFile, SummaryFileError } from './read-summary-file.js'
import type { ForecastReport } from './run-forecast.js'
import { dayOf, type TimeUnit, unitDays } from './summarize-purchases.js'

// Each path loads what it needs only: a summary file needs neither the orders import nor the stored fits.

interface ForecastOptions {
  orders?: string
  summary?: string
  columns?: string
  dateFormat: string
  calibrationEnd?: string
  holdoutEnd?: string
  unit: string
  format: string
  customers?: string
  horizon?: string
  workspace?: string
}

/** `rapport analyze forecast`: BG/NBD, Pareto/NBD and Gamma-Gamma on an orders file or a summary file. */
export function registerForecastCommand(analyze: Command): void {
  analyze
    .command('forecast')
    .description('fit BG/NBD, Pareto/NBD and Gamma-Gamma: P(alive), expected purchases and CLV per customer')
    .option(
      '--orders <file>',
      'orders CSV/TSV, .gz or .parquet (as for `rapport import orders`); - for standard input',
    )
    .option(
      '--summary <file>',
      'customer summaries CSV (.gz) or Parquet: id,x,t_x,T and optional m_x; - for standard input',
    )
    .option('--columns <mapping>', 'map the orders file\'s headers: "customer_id=CustomerID,ordered_at=Date"')
    .option('--date-format <pattern>', 'dates in the orders file: ISO (default) or e.g. YYYYMMDD', 'ISO')
    .option('--calibration-end <YYYY-MM-DD>', 'last day of the calibration period (with --orders)')
    .option('--holdout-end <YYYY-MM-DD>', 'last day of the holdout period, to validate the forecast')
    .option('--unit <unit>', 'time unit: day, week or month', 'week')
    .option('--horizon <periods>', 'prediction horizon in units (default: the holdout length, or 90 days)')
    .option('--customers <file>', 'write per-customer predictions to this CSV file')
    .option('--format <format>', 'text or json', 'text')
    .option('--workspace <id|name>', 'without --orders or --summary: fit the stored orders of this workspace')
    .addHelpText(
      'after',
      `
Without --orders or --summary, the models are fitted to the workspace's stored orders and kept for the
dashboard and the API (P(alive), expected purchases in 90 days and CLV per customer).

Example (CDNOW, weeks):
  rapport analyze forecast --orders cdnow.csv --date-format YYYYMMDD \\
    --calibration-end 1997-09-30 --holdout-end 1998-06-30 --unit week --format json`,
    )
    .action(async (o: ForecastOptions) => {
      if (o.orders && o.summary) throw new UsageError('give either --orders FILE or --summary FILE, not both')
      if (!o.orders && !o.summary) return fitWorkspace(o.workspace, o.format)
      if (!(o.unit in unitDays)) throw new UsageError(`--unit must be day, week or month, not '${o.unit}'`)
      if (o.format !== 'text' && o.format !== 'json') throw new UsageError('--format must be text or json')
      const unit = o.unit as TimeUnit
      // The fit code loads while DuckDB reads the file.
      const fitting = import('./run-forecast.js')
      try {
        const { customers, rows, data } = o.orders
          ? await withInputFile(o.orders, (path) => summariesFromOrders(path, o, unit))
          : await withInputFile(o.summary!, (path) => fromSummary(path, o.customers !== undefined))
        const { runForecast, predictionColumns, predictionRows } = await fitting
        const { report, models } = runForecast(customers, data)
        const horizon = o.horizon
          ? positive(o.horizon, '--horizon')
          : (report.holdout?.duration ?? 90 / unitDays[unit])
        if (o.customers) {
          const { stringifyCsv } = await import('../http/stringify-csv.js')
          const lines = [stringifyCsv([[...predictionColumns]])]
          for (const cells of predictionRows(models, rows, horizon, unit)) lines.push(stringifyCsv([cells]))
          await writeFile(o.customers, lines.join(''))
        }
        if (o.format === 'json') console.log(JSON.stringify(report, null, 2))
        else printText(report)
      } catch (error) {
        if (error instanceof SummaryFileError || error instanceof FitNotConvergedError)
          throw new CliError(error.message)
        throw error
      }
    })
}

async function fitWorkspace(wanted: string | undefined, format: string): Promise<void> {
  const [{ refitForecasts }, { explainFit }] = await Promise.all([
    import('./refit-forecasts.js'),
    import('./explain-fit.js'),
  ])
  const fit = await withDb(async (db) => {
    const ws = await resolveWorkspace(db, wanted)
    return refitForecasts(db, ws.id)
  })
  if (format === 'json') console.log(JSON.stringify({ ...fit, explanation: explainFit(fit) }, null, 2))
  else if (fit.status === 'failed') throw new CliError(`the forecast could not be fitted: ${fit.error}`)
  else
    console.log(
      `fitted ${fit.customers} customers up to ${fit.calibrationEnd}: ${explainFit(fit)?.text ?? ''}`,
    )
  if (fit.status === 'failed') process.exitCode = 1
}

/** A summary file's customers as the fits take them, and their rows only when predictions are written. */
async function fromSummary(file: string, predictions: boolean) {
  const customers = await readSummaryFile(file, { rows: predictions })
  return { customers, rows: customers.rows ?? [], data: undefined }
}

async function summariesFromOrders(file: string, o: ForecastOptions, unit: TimeUnit) {
  if (!o.calibrationEnd) throw new UsageError('--orders needs --calibration-end YYYY-MM-DD')
  const calibrationEnd = parseDay(o.calibrationEnd, '--calibration-end')
  const holdoutEnd = o.holdoutEnd ? parseDay(o.holdoutEnd, '--holdout-end') : null
  if (holdoutEnd !== null && holdoutEnd <= calibrationEnd) {
    throw new UsageError('--holdout-end must be after --calibration-end')
  }
  const [{ ImportFileError, parseColumnsOption }, { summarizeOrdersFile }] = await Promise.all([
    import('../customers/import-file.js'),
    import('./summarize-in-duckdb.js'),
  ])
  let columns: Record<string, string> | undefined
  try {
    columns = o.columns ? parseColumnsOption(o.columns) : undefined
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const progress = await fileProgress()
  const data = await summarizeOrdersFile(file, {
    columns,
    dateFormat: o.dateFormat,
    calibrationEnd,
    holdoutEnd,
    unit,
    onProgress: progress.onProgress,
  })
    .catch((error: unknown) => {
      throw error instanceof ImportFileError ? new CliError(error.message) : error
    })
    .finally(() => progress.done())
  if (data.badRows > 0) {
    const lines = data.errors
      .slice(0, 10)
      .map((e) => `line ${e.line}: ${e.field ? `${e.field}: ` : ''}${e.message}`)
    console.error(`skipped ${data.badRows} bad row${data.badRows > 1 ? 's' : ''}: ${lines.join('; ')}`)
  }
  if (data.rowsWithoutCustomer > 0)
    console.error(
      `skipped ${data.rowsWithoutCustomer} row${data.rowsWithoutCustomer > 1 ? 's' : ''} without a customer id`,
    )
  if (data.customers.length === 0) throw new CliError(`${file}: no customer bought by ${o.calibrationEnd}`)
  // The fits have nothing to count; a person at a terminal is told what the wait is for.
  if (process.stderr.isTTY)
    process.stderr.write(`fitting the models to ${data.customers.length.toLocaleString('en')} customers…\n`)
  return { customers: data.customers, rows: data.customers, data }
}

function parseDay(value: string, option: string): number {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(Number.NaN)
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`${option} must be a date YYYY-MM-DD, not '${value}'`)
  }
  return dayOf(date)
}

function positive(value: string, option: string): number {
  const n = Number(value)
  if (!(n > 0)) throw new UsageError(`${option} must be a positive number, not '${value}'`)
  return n
}

function printText(r: ForecastReport): void {
  const f = (v: number) => v.toPrecision(4)
  const figure = (v: number | null, digits: number) => (v === null ? '–' : v.toFixed(digits))
  console.log(`customers: ${r.customers}${r.unit ? ` (times in ${r.unit}s)` : ''}`)
  const notFitted = 'not fitted (see the warning)'
  const chosen = (model: typeof r.chosen) => (r.chosen === model ? '  (chosen)' : '')
  const bg = r.bgnbd
  console.log(
    `BG/NBD      ${bg ? `r ${f(bg.r)}  alpha ${f(bg.alpha)}  a ${f(bg.a)}  b ${f(bg.b)}  log-likelihood ${bg.logLikelihood.toFixed(2)}` : notFitted}${chosen('bgnbd')}`,
  )
  const pn = r.paretoNbd
  console.log(
    `Pareto/NBD  ${pn ? `r ${f(pn.r)}  alpha ${f(pn.alpha)}  s ${f(pn.s)}  beta ${f(pn.beta)}  log-likelihood ${pn.logLikelihood.toFixed(2)}` : notFitted}${chosen('paretoNbd')}`,
  )
  if (r.gammaGamma) {
    const g = r.gammaGamma
    console.log(
      `Gamma-Gamma p ${f(g.p)}  q ${f(g.q)}  gamma ${f(g.gamma)}  log-likelihood ${g.logLikelihood.toFixed(2)}`,
    )
  }
  for (const w of r.warnings) console.log(`warning: ${w}`)
  if (r.holdout) {
    const h = r.holdout
    console.log(
      `holdout (${h.duration.toFixed(2)} ${r.unit}s): actual ${h.actual} repeat purchases; predicted BG/NBD ${figure(h.predicted.bgnbd, 1)}, Pareto/NBD ${figure(h.predicted.paretoNbd, 1)}`,
    )
    console.log(
      `correlation per customer: BG/NBD ${figure(h.correlation.bgnbd, 3)}, Pareto/NBD ${figure(h.correlation.paretoNbd, 3)}`,
    )
  }
}
