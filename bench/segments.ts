import { execFileSync, spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createOrganization, createWorkspace } from '../src/access/workspaces.js'
import type { Db } from '../src/db/db.js'
import { sql } from '../src/db/sql.js'
import { pgliteTestDb, postgresReachable, postgresTestDb } from '../src/db/test-db.js'
import { allSegmentCustomers, getSegmentSummary, listSegmentCustomers } from '../src/segments/queries.js'
import { recomputeSegments } from '../src/segments/recompute-segments.js'
import { checkpoint } from './checkpoint.js'

// `npm run bench -- segments [lines] [fileLines] [pgliteLines]`: generates `lines` order lines (10 per customer, about 3 per
// order) in SQL, times a full recomputation on PostgreSQL and PGlite; then the stateless file analysis of a
// `fileLines` file against bench/segments_pandas.py and bench/segments_duckdb.sql. Generation times are reported apart; lines or pgliteLines
// 0 skips that database.

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

async function generate(db: Db, lines: number): Promise<string> {
  const org = await createOrganization(db, 'Bench')
  const ws = (await createWorkspace(db, org.id, 'Bench')).id
  const customers = Math.max(1, Math.floor(lines / 10))
  const orders = Math.max(1, Math.floor(lines / 3))
  await db.query(sql`insert into customers (workspace_id, external_id)
    select ${ws}, 'c' || g from generate_series(1, ${customers}) g`)
  await db.query(sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount, status)
    select ${ws}, c.id, 'o' || g.n, timestamptz '2023-01-01' + ((g.n * 7919) % 730) * interval '1 day',
      'EUR', case when g.n % 50 = 0 then -((g.n % 97) + 1) else (g.n % 997) + 0.99 end,
      case when g.n % 50 = 0 then 'returned' else 'completed' end
    from generate_series(1::bigint, ${orders}) as g(n)
    join customers c on c.workspace_id = ${ws} and c.external_id = 'c' || (1 + (g.n * 104729) % ${customers})`)
  await db.query(sql`insert into order_lines (order_id, line_no, workspace_id, product_id, quantity, unit_price)
    select o.id, l, ${ws}, 'p' || l, 1, o.amount / 3 from orders o cross join generate_series(1, 3) l
    where o.workspace_id = ${ws}`)
  return ws
}

async function benchDb(name: string, open: () => Promise<Db>, lines: number): Promise<void> {
  const db = await open()
  try {
    let t = performance.now()
    const ws = await generate(db, lines)
    console.log(
      `${name}: generated ${lines.toLocaleString('en')} order lines in ${seconds(performance.now() - t)}`,
    )
    // Statistics as autovacuum leaves them after an import (this machine's server runs none; PGlite has none):
    // without them the planner takes a million customers for a few thousand.
    await db.query(sql`analyze customers`)
    await db.query(sql`analyze orders`)
    await checkpoint(db)
    t = performance.now()
    const result = await recomputeSegments(db, ws)
    console.log(
      `${name}: full recomputation of ${result.customers.toLocaleString('en')} customers in ${seconds(performance.now() - t)}`,
    )
    // What the dashboard then reads: the summary, a first page of customers, and the export of all of them.
    const access = { workspaceId: ws, unitPath: null }
    t = performance.now()
    await getSegmentSummary(db, access)
    const summary = performance.now() - t
    t = performance.now()
    await listSegmentCustomers(db, access, {}, { limit: 50, offset: 0 })
    const page = performance.now() - t
    t = performance.now()
    await listSegmentCustomers(db, access, { sort: 'name', dir: 'desc' }, { limit: 50, offset: 0 })
    const byName = performance.now() - t
    t = performance.now()
    let exported = 0
    for await (const batch of allSegmentCustomers(db, access, {})) exported += batch.length
    console.log(
      `${name}: summary ${seconds(summary)}, first page of customers ${seconds(page)} (sorted by name ${seconds(byName)}), all ${exported.toLocaleString('en')} customers read for export in ${seconds(performance.now() - t)}`,
    )
    // What every import after the first one costs: the same again, replacing the results it finds.
    await checkpoint(db)
    t = performance.now()
    await recomputeSegments(db, ws)
    console.log(`${name}: recomputation again, replacing those results, in ${seconds(performance.now() - t)}`)
  } finally {
    await db.close()
  }
}

async function writeLinesFile(path: string, lines: number): Promise<void> {
  const out = createWriteStream(path)
  out.write('InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n')
  const customers = Math.max(1, Math.floor(lines / 10))
  let chunk = ''
  for (let i = 0; i < lines; i++) {
    const order = Math.floor(i / 4)
    const day = new Date(Date.UTC(2023, 0, 1) + ((order * 7919) % 730) * 86_400_000)
      .toISOString()
      .slice(0, 10)
    const cancel = order % 50 === 0
    const customer = i % 97 === 0 ? '' : String(10000 + ((order * 104729) % customers))
    chunk += `${cancel ? 'C' : ''}${order},P${i % 500},${cancel ? -1 : (i % 5) + 1},${day} 10:00:00,${((i % 400) + 1) / 100},${customer}\n`
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()))
      chunk = ''
    }
  }
  out.end(chunk)
  await new Promise<void>((r) => out.on('finish', () => r()))
}

/** pgliteLines: PGlite's size when it differs (generating 10,000,000 lines in PGlite takes minutes). */
export async function benchSegments(lines: number, fileLines: number, pgliteLines = lines): Promise<void> {
  // The file analysis first, like `rapport analyze segments` in a process of its own: after the databases'
  // runs this process's heap is large, and reading the file took 7 s instead of 5.
  await benchFileAnalysis(fileLines)
  if (lines <= 0) console.log('PostgreSQL: skipped (lines 0)')
  else if (await postgresReachable()) await benchDb('PostgreSQL', postgresTestDb, lines)
  else console.log('PostgreSQL not reachable: skipped')
  if (pgliteLines > 0) await benchDb('PGlite', pgliteTestDb, pgliteLines)
}

const fileColumns = {
  customer_id: 'CustomerID',
  order_id: 'InvoiceNo',
  ordered_at: 'InvoiceDate',
  quantity: 'Quantity',
  unit_price: 'UnitPrice',
  product_id: 'StockCode',
}

interface Run {
  wall: number
  /** User and system CPU seconds, and peak resident memory in MB (null without /usr/bin/time). */
  cpu: number | null
  peakMb: number | null
}

/** A command run as a process of its own, its output thrown away: wall and CPU seconds, peak memory. */
function timed(command: string, args: string[]): Run {
  const started = performance.now()
  if (!existsSync('/usr/bin/time')) {
    execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    return { wall: (performance.now() - started) / 1000, cpu: null, peakMb: null }
  }
  const result = spawnSync('/usr/bin/time', ['-f', 'rusage %U %S %M', command, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  })
  const wall = (performance.now() - started) / 1000
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr.slice(-500)}`)
  const [, user, system, kb] = /rusage ([\d.]+) ([\d.]+) (\d+)/.exec(result.stderr) ?? []
  return { wall, cpu: Number(user) + Number(system), peakMb: Number(kb) / 1024 }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/**
 * `rapport analyze segments` as a user runs it (the compiled CLI, a process of its own, its CSV written) against
 * bench/segments_pandas.py on the same file, alternating, three times each: this machine's neighbours move
 * single runs by a second.
 */
async function benchFileAnalysis(fileLines: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-bench-segments-'))
  try {
    const file = join(dir, 'lines.csv')
    await writeLinesFile(file, fileLines)
    // The file's 90 MB written back to disk now, not during the timed runs.
    execFileSync('sync')
    const root = new URL('..', import.meta.url).pathname
    // The CLI runs from dist/: compile it from the sources as they are.
    execFileSync(
      join(root, 'node_modules/.bin/tsc'),
      ['-p', join(root, 'tsconfig.build.json'), '--noCheck'],
      {
        stdio: 'inherit',
      },
    )
    // What the CLI's analysis spends its time on, in this process, from the compiled code as well.
    const { analyzeOrdersFile } = (await import(
      pathToFileURL(join(root, 'dist/segments/analyze-file.js')).href
    )) as typeof import('../src/segments/analyze-file.js')
    const t = performance.now()
    const cpu = process.cpuUsage()
    const analysis = await analyzeOrdersFile(file, { columns: fileColumns })
    const used = process.cpuUsage(cpu)
    const tm = analysis.timings
    console.log(
      `analyze segments (stateless), ${fileLines.toLocaleString('en')} lines, in this process: ${seconds(performance.now() - t)} (read and fold ${seconds(tm.read)}, query ${seconds(tm.query)}; CPU ${seconds((used.user + used.system) / 1000)}); ${analysis.report.customersAnalysed} customers`,
    )
    const columns = Object.entries(fileColumns)
      .map(([k, v]) => `${k}=${v}`)
      .join(',')
    const cli = (orders: string) => [
      '--max-semi-space-size=64',
      join(root, 'bin/rapport'),
      ...['analyze', 'segments', '--orders', orders, '--columns', columns],
    ]
    // Debian's python3-pandas lives with the system interpreter, which a pyenv shim may hide.
    const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
    const tools: { name: string; run: () => Run }[] = [
      { name: 'rapport analyze segments', run: () => timed(process.execPath, cli(file)) },
      {
        name: 'pandas script',
        run: () =>
          timed(python, [new URL('./segments_pandas.py', import.meta.url).pathname, file, '/dev/null']),
      },
      {
        name: 'DuckDB SQL script',
        run: () =>
          timed(process.execPath, [
            new URL('./run-duckdb-sql.mjs', import.meta.url).pathname,
            new URL('./segments_duckdb.sql', import.meta.url).pathname,
            file,
          ]),
      },
    ]
    const runs = new Map<string, Run[]>(tools.map((t) => [t.name, []]))
    const failed = new Map<string, string>()
    for (let round = 0; round < 3; round++) {
      for (const tool of tools) {
        if (failed.has(tool.name)) continue
        try {
          runs.get(tool.name)!.push(tool.run())
        } catch (error) {
          failed.set(tool.name, (error as Error).message.split('\n')[0]!)
        }
      }
    }
    const medians = new Map<string, number>()
    for (const tool of tools) {
      const r = runs.get(tool.name)!
      if (failed.has(tool.name)) {
        console.log(`${tool.name}: skipped (${failed.get(tool.name)})`)
        continue
      }
      const wall = median(r.map((x) => x.wall))
      medians.set(tool.name, wall)
      const cpu = r[0]!.cpu === null ? '' : `; CPU median ${median(r.map((x) => x.cpu!)).toFixed(1)} s`
      const peak =
        r[0]!.peakMb === null ? '' : `; peak memory median ${median(r.map((x) => x.peakMb!)).toFixed(0)} MB`
      console.log(
        `${tool.name}, same file, 3 runs: ${r.map((x) => x.wall.toFixed(2)).join(', ')} s; median ${wall.toFixed(2)} s${cpu}${peak}`,
      )
    }
    const cliWall = medians.get('rapport analyze segments')!
    for (const [other, target] of [
      ['DuckDB SQL script', 1.3],
      ['pandas script', 0.35],
    ] as const) {
      const wall = medians.get(other)
      if (wall === undefined) continue
      const ratio = cliWall / wall
      console.log(
        `rapport / ${other} (medians): ${ratio.toFixed(2)} (target ≤ ${target}: ${ratio <= target ? 'met' : 'NOT met'})`,
      )
    }
    // The fixed cost: a file with its header and no rows.
    const empty = join(dir, 'empty.csv')
    writeFileSync(empty, 'InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n')
    const emptyRuns = [0, 1, 2].map(() => timed(process.execPath, cli(empty)).wall)
    console.log(
      `rapport analyze segments, header-only file, 3 runs: ${emptyRuns.map((w) => w.toFixed(2)).join(', ')} s; median ${median(emptyRuns).toFixed(2)} s (target ≤ 0.3 s: ${median(emptyRuns) <= 0.3 ? 'met' : 'NOT met'})`,
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
