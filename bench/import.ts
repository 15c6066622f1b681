import { once } from 'node:events'
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createOrganization, createWorkspace } from '../src/access/workspaces.js'
import { Importer } from '../src/customers/importer.js'
import { readImportFile } from '../src/customers/read-import-file.js'
import type { Db } from '../src/db/db.js'
import { migrate } from '../src/db/migrate.js'
import { openPgliteDb } from '../src/db/pglite-db.js'
import { sql } from '../src/db/sql.js'
import { postgresReachable, postgresTestDb } from '../src/db/test-db.js'
import { generateOrderLineRows, orderLineColumns } from '../src/demo/generate-order-lines.js'
import { checkpoint } from './checkpoint.js'

/** `npm run bench -- import [rows]`: order lines from a CSV file into PGlite and PostgreSQL, in rows/s. */
export async function benchImport(rows: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-bench-'))
  try {
    const file = join(dir, 'order-lines.csv')
    const started = performance.now()
    await writeCsv(file, rows)
    console.log(
      `generated ${rows.toLocaleString('en')} order lines (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${seconds(started)} s`,
    )

    // PostgreSQL first: after PGlite, its run would share the machine with the writeback of PGlite's files and
    // with a Node heap that PGlite's import grew.
    if (await postgresReachable()) {
      const postgres = await postgresTestDb()
      try {
        await run('PostgreSQL', postgres, file, rows)
      } finally {
        await postgres.close()
      }
    } else console.log('PostgreSQL: not reachable, skipped')

    const pglite = await openPgliteDb({ dataDir: join(dir, 'pglite') })
    await migrate(pglite)
    await run('PGlite (file-backed)', pglite, file, rows)
    await pglite.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file)
  out.write(`${orderLineColumns.join(',')}\n`)
  for (const row of generateOrderLineRows(rows)) {
    if (!out.write(`${row.join(',')}\n`)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

async function run(name: string, db: Db, file: string, rows: number): Promise<void> {
  const org = await createOrganization(db, 'Bench')
  const ws = await createWorkspace(db, org.id, 'Bench')
  await checkpoint(db)
  const serverBefore = await serverCpu(db)
  const nodeBefore = process.cpuUsage()
  const started = performance.now()
  const importer = new Importer(db, ws.id, 'orders')
  let next = 100_000
  for await (const row of readImportFile(file, 'orders')) {
    await importer.add(row)
    if (importer.report.read >= next) {
      process.stderr.write(
        `  ${name}: ${importer.report.read.toLocaleString('en')} rows, ${seconds(started)} s\r`,
      )
      next += 100_000
    }
  }
  const report = await importer.finish()
  const elapsed = (performance.now() - started) / 1000
  const nodeCpu = process.cpuUsage(nodeBefore)
  const serverAfter = await serverCpu(db)
  process.stderr.write('\n')
  if (report.imported !== rows)
    throw new Error(`${name}: expected ${rows} imported, got ${JSON.stringify(report)}`)
  console.log(
    `${name}: ${rows.toLocaleString('en')} order lines in ${elapsed.toFixed(1)} s = ${Math.round(rows / elapsed).toLocaleString('en')} rows/s (${report.customersCreated.toLocaleString('en')} customers created)`,
  )
  // CPU time tells what the machine's load hides: how far each side is from its one core's worth.
  const nodeSeconds = (nodeCpu.user + nodeCpu.system) / 1e6
  let serverSeconds = 0
  for (const [pid, ticks] of serverAfter) serverSeconds += (ticks - (serverBefore.get(pid) ?? 0)) / 100
  console.log(
    `  CPU: Node ${nodeSeconds.toFixed(1)} s${db.kind === 'postgres' ? `, PostgreSQL backends ${serverSeconds.toFixed(1)} s` : ''}`,
  )
}

/** CPU ticks (1/100 s) used so far by each server process of this database, when the server is local. */
async function serverCpu(db: Db): Promise<Map<number, number>> {
  const ticks = new Map<number, number>()
  if (db.kind !== 'postgres') return ticks
  const pids = await db.query<{ pid: number }>(
    sql`select pid from pg_stat_activity where datname = current_database()`,
  )
  for (const { pid } of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      ticks.set(pid, Number(fields[11]) + Number(fields[12]))
    } catch {
      // Not on this machine (or not readable): the server's CPU is not reported.
    }
  }
  return ticks
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1)
}
