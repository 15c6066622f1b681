import { once } from 'node:events'
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createOrganization, createWorkspace } from '../src/access/workspaces.js'
import { Importer } from '../src/customers/importer.js'
import { readImportFile } from '../src/customers/read-import-file.js'
import type { Db } from '../src/db/db.js'
import { migrate } from '../src/db/migrate.js'
import { openPgliteDb } from '../src/db/pglite-db.js'
import { postgresReachable, postgresTestDb } from '../src/db/test-db.js'
import { generateOrderLineRows, orderLineColumns } from '../src/demo/generate-order-lines.js'

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

    const pglite = await openPgliteDb({ dataDir: join(dir, 'pglite') })
    await migrate(pglite)
    await run('PGlite (file-backed)', pglite, file, rows)
    await pglite.close()

    if (await postgresReachable()) {
      const postgres = await postgresTestDb()
      try {
        await run('PostgreSQL', postgres, file, rows)
      } finally {
        await postgres.close()
      }
    } else console.log('PostgreSQL: not reachable, skipped')
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
  process.stderr.write('\n')
  if (report.imported !== rows)
    throw new Error(`${name}: expected ${rows} imported, got ${JSON.stringify(report)}`)
  console.log(
    `${name}: ${rows.toLocaleString('en')} order lines in ${elapsed.toFixed(1)} s = ${Math.round(rows / elapsed).toLocaleString('en')} rows/s (${report.customersCreated.toLocaleString('en')} customers created)`,
  )
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1)
}
