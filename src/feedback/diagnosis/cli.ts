import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import type { Command } from 'commander'
import { findOrgUnitByCode } from '../../access/org-units.js'
import { CliError, resolveWorkspace, UsageError, withDb } from '../../cli/context.js'
import type { Db } from '../../db/db.js'
import { stringifyCsv } from '../../http/stringify-csv.js'
import {
  allDiagnosedCustomers,
  type DiagnosisScope,
  getDiagnosisMatrix,
  type SegmentResultsOf,
} from './diagnosis.sql.js'
import { diagnosisCsvHeader, diagnosisCsvRow } from './diagnosis-csv.js'
import { getDiagnosisSettings } from './diagnosis-settings.js'
import { type Quadrant, quadrants } from './quadrant.js'

interface Scoped {
  workspace?: string
  orgUnit?: string
}

async function scopeOf(db: Db, o: Scoped): Promise<{ scope: DiagnosisScope; name: string }> {
  const workspace = await resolveWorkspace(db, o.workspace)
  const access = { workspaceId: workspace.id, unitPath: null }
  if (!o.orgUnit) return { scope: { access }, name: workspace.name }
  const unit = await findOrgUnitByCode(db, workspace.id, o.orgUnit)
  if (!unit) throw new CliError(`no org unit with code '${o.orgUnit.slice(0, 100)}' in ${workspace.name}`)
  return { scope: { access, orgUnitId: unit.id }, name: `${workspace.name} / ${unit.name}` }
}

function quadrantOption(value: string | undefined): Quadrant | undefined {
  if (value === undefined) return undefined
  if (!(quadrants as readonly string[]).includes(value))
    throw new UsageError(`--quadrant must be one of ${quadrants.join(', ')}`)
  return value as Quadrant
}

/** `rapport diagnosis counts|customers`: each customer's loyalty quadrant (Dick & Basu 1994). */
export function registerDiagnosisCommands(
  program: Command,
  deps: { segmentResults: SegmentResultsOf },
): void {
  const diagnosis = program
    .command('diagnosis')
    .description(
      "each customer's loyalty quadrant (Dick & Basu 1994): relative attitude (latest relational NPS, else affective commitment) × repeat patronage (RFM)",
    )

  diagnosis
    .command('counts')
    .description('customers and revenue per quadrant: true, latent, spurious, no loyalty, unknown')
    .option('--workspace <id|name>', 'the workspace (needed when there are several)')
    .option('--org-unit <code>', 'only the customers of this org unit and the units below it')
    .option('--format <format>', 'table, json or csv', 'table')
    .action(async (o: Scoped & { format: string }) => {
      if (!['table', 'json', 'csv'].includes(o.format))
        throw new UsageError('--format must be table, json or csv')
      const { matrix, name } = await withDb(async (db) => {
        const { scope, name } = await scopeOf(db, o)
        const settings = await getDiagnosisSettings(db, scope.access.workspaceId)
        return { matrix: await getDiagnosisMatrix(db, deps.segmentResults, scope, settings), name }
      })
      const out = process.stdout
      if (o.format === 'json') out.write(`${JSON.stringify(matrix, null, 2)}\n`)
      else if (o.format === 'csv')
        out.write(
          stringifyCsv([
            ['quadrant', 'customers', 'revenue'],
            ...matrix.cells.map((c) => [c.quadrant, c.customers, c.revenue]),
          ]),
        )
      else {
        out.write(`loyalty diagnosis of ${name} (RFM as of ${matrix.asOf ?? 'never computed'})\n`)
        for (const c of matrix.cells)
          out.write(`${c.quadrant.padEnd(18)}${String(c.customers).padStart(10)}${c.revenue.padStart(16)}\n`)
      }
    })

  diagnosis
    .command('customers')
    .description('a CSV of the customers with their quadrant and what it comes from, largest revenue first')
    .option('--workspace <id|name>', 'the workspace (needed when there are several)')
    .option('--org-unit <code>', 'only the customers of this org unit and the units below it')
    .option('--quadrant <quadrant>', `only one quadrant: ${quadrants.join(', ')}`)
    .option('--output <file>', 'write the CSV to this file instead of standard output')
    .action(async (o: Scoped & { quadrant?: string; output?: string }) => {
      const quadrant = quadrantOption(o.quadrant)
      await withDb(async (db) => {
        const { scope } = await scopeOf(db, o)
        const settings = await getDiagnosisSettings(db, scope.access.workspaceId)
        const file = o.output ? createWriteStream(o.output) : undefined
        const write = async (text: string) => {
          if (!file) return void process.stdout.write(text)
          if (!file.write(text)) await once(file, 'drain')
        }
        await write(stringifyCsv([diagnosisCsvHeader]))
        for await (const batch of allDiagnosedCustomers(db, deps.segmentResults, scope, settings, quadrant))
          await write(stringifyCsv(batch.map(diagnosisCsvRow)))
        if (file)
          await new Promise<void>((resolve, reject) =>
            file.end((e?: Error | null) => (e ? reject(e) : resolve())),
          )
      })
    })
}
