import { pathToFileURL } from 'node:url'
import { Command, CommanderError } from 'commander'
import { CliError, UsageError } from './cli/context.js'
import { migrate } from './db/migrate.js'
import { openDb } from './db/open-db.js'
import { ConfigError } from './errors/config-error.js'
import { DomainError } from './errors/domain-error.js'

const EXIT_FAILED = 1
const EXIT_USAGE = 2

type Register = (program: Command, argv: readonly string[]) => Promise<void>

const access: Register = async (p) => (await import('./access/cli.js')).registerAccessCommands(p)
const loop: Register = async (p) => (await import('./cases/loop-cli.js')).registerChangeCommands(p)
const backup: Register = async (p) => (await import('./cli/backup.js')).registerBackupCommands(p)

/**
 * The commands by their first word, each loading its capability only when run: a command that reads one file
 * does not wait for the server, the mail or every other capability to load.
 */
const commands: Record<string, Register> = {
  import: async (p) =>
    (await import('./customers/cli.js')).registerImportCommand(p, {
      responses: async (file, o) => (await import('./insights/cli.js')).importResponsesCommand(file, o),
    }),
  demo: async (p) => (await import('./demo/cli.js')).registerDemoCommand(p),
  setup: access,
  workspace: access,
  user: access,
  apikey: access,
  analyze: async (p, argv) => {
    const analyze = (await import('./cli/analyze.js')).registerAnalyzeCommand(p)
    // Only the analysis asked for: the forecast's special functions take as long to load as a small file takes.
    const which = argv[1]
    const only = (name: string) =>
      which === undefined || !['segments', 'forecast', 'drivers'].includes(which) || which === name
    if (only('forecast')) (await import('./forecasts/cli.js')).registerForecastCommand(analyze)
    if (only('segments')) (await import('./segments/cli.js')).registerSegmentsCommand(analyze)
    if (only('drivers')) (await import('./feedback/drivers/cli.js')).registerDriversCommand(analyze)
  },
  customer: async (p) => (await import('./privacy/cli.js')).registerPrivacyCommands(p),
  loyalty: async (p) => (await import('./loyalty/cli.js')).registerLoyaltyCommands(p),
  cases: async (p) => (await import('./cases/cli.js')).registerCaseCommands(p),
  changes: loop,
  outreach: loop,
  insights: async (p) => (await import('./insights/cli.js')).registerInsightCommands(p),
  // The diagnosis reads the segments' current RFM scores; feedback may not import segments, so they are passed in.
  diagnosis: async (p) => {
    const [{ registerDiagnosisCommands }, { currentResults }] = await Promise.all([
      import('./feedback/diagnosis/cli.js'),
      import('./segments/current-results.js'),
    ])
    registerDiagnosisCommands(p, { segmentResults: currentResults })
  },
  drivers: async (p) => {
    const [{ registerWorkspaceDriversCommand }, { currentResults }] = await Promise.all([
      import('./feedback/drivers/cli.js'),
      import('./segments/current-results.js'),
    ])
    registerWorkspaceDriversCommand(p, { segmentResults: currentResults })
  },
  themes: async (p) => (await import('./feedback/themes/cli.js')).registerThemeCommands(p),
  journeys: async (p) => (await import('./journeys/cli.js')).registerJourneyCommands(p),
  surveys: async (p) => (await import('./surveys/cli.js')).registerSurveyCommands(p),
  backup,
  restore: backup,
}

/** The names of the commands main.ts registers lazily, for the test that they are all there. */
export const lazyCommandNames = Object.keys(commands)

async function buildProgram(argv: readonly string[]): Promise<Command> {
  const first = argv[0]
  const program = new Command('rapport')
    .description(
      'Rapport: customer experience and loyalty. Environment: PORT, DATABASE_URL, RAPPORT_DATA_DIR.',
    )
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')

  program
    .command('serve')
    .description('serve the dashboard, the API and the survey pages (migrates first)')
    .option('--port <port>', 'port to listen on (default: PORT or 4400)')
    .action(async (o: { port?: string }) => {
      const { loadConfig } = await import('./config.js')
      const config = loadConfig(o.port ? { ...process.env, PORT: o.port } : process.env)
      console.log(
        config.DATABASE_URL
          ? 'connecting to PostgreSQL…'
          : `opening the embedded database in ${config.dataDir} (the first start creates it)…`,
      )
      const db = await openDb(config)
      const applied = await migrate(db)
      if (applied.length) console.log(`applied ${applied.length} database migrations`)
      console.log('starting the server…')
      // Loaded here: the server pulls in every route, which the other commands do not need at start.
      const { startServer } = await import('./server/server.js')
      const server = await startServer({ db, config })
      console.log(
        `Rapport is serving ${server.url} (database: ${db.kind === 'pglite' ? config.dataDir : 'PostgreSQL'})`,
      )
      const stop = async () => {
        await server.close()
        await db.close()
        process.exit(0)
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })

  program
    .command('migrate')
    .description('apply the database migrations not yet applied')
    .action(async () => {
      const db = await openDb((await import('./config.js')).loadConfig())
      try {
        const applied = await migrate(db)
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date')
      } finally {
        await db.close()
      }
    })

  const wanted = first === undefined ? undefined : commands[first]
  // The command's own capability, or every one for the overall help and an unknown command's suggestion; the
  // version needs none.
  if (wanted) await wanted(program, argv)
  else if (!['serve', 'migrate', '--version', '-V'].includes(first ?? ''))
    for (const register of new Set(Object.values(commands))) await register(program, [])
  return program
}

/** The CLI: exit code 0 on success, 1 when the work failed, 2 on bad usage. */
export async function run(argv: string[]): Promise<void> {
  const program = await buildProgram(argv)
  try {
    await program.parseAsync(argv, { from: 'user' })
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are exits with code 0 as well.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE
      return
    }
    if (error instanceof UsageError) {
      console.error(`rapport: ${error.message}`)
      process.exitCode = EXIT_USAGE
      return
    }
    if (error instanceof CliError || error instanceof ConfigError || error instanceof DomainError) {
      console.error(`rapport: ${error.message}`)
      process.exitCode = EXIT_FAILED
      return
    }
    console.error(`rapport: ${(error as Error).message ?? error}`)
    process.exitCode = EXIT_FAILED
  }
}

/** The process's entry (bin/rapport): run, with the process's own output streams. */
export async function main(argv: string[]): Promise<void> {
  // A reader that stops early (`rapport … | head`) closes the pipe: the output ends there, nothing failed.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') console.error(`rapport: cannot write the output: ${error.message}`)
    process.exit(error.code === 'EPIPE' ? 0 : EXIT_FAILED)
  })
  await run(argv)
}

// `tsx src/main.ts …` (npm run dev) runs the CLI from source; bin/rapport imports the built module instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await main(process.argv.slice(2))
