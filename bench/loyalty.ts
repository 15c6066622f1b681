import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { createApiKey } from '../src/access/api-keys.js'
import { createOrganization, createWorkspace } from '../src/access/workspaces.js'
import type { Db } from '../src/db/db.js'
import { migrate } from '../src/db/migrate.js'
import { openPostgresDb } from '../src/db/postgres-db.js'
import { sql } from '../src/db/sql.js'
import { createPostgresDatabase, postgresReachable } from '../src/db/test-db.js'
import { runKeepAliveLoad } from './keep-alive-load.js'
import { startServerProcess } from './server-process.js'

const CREDIT = 100
const REDEEM = 30

/**
 * `npm run bench -- loyalty [members] [connections]`: a server (its own process) over loopback against PostgreSQL
 * takes a credit for every member, then as many requests again, half redemptions and half credits. Reports ledger
 * operations/s and p99, and checks that the ledger balances afterwards.
 */
export async function benchLoyalty(members: number, connections: number): Promise<void> {
  if (!(await postgresReachable())) {
    console.log('PostgreSQL not reachable: the loyalty bench needs it')
    return
  }
  const database = await createPostgresDatabase('rapport_bench_loyalty')
  const db = openPostgresDb(database.url, { max: 2 })
  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined
  try {
    await migrate(db)
    const { workspaceId, customerIds, secret } = await seed(db, members)
    // The young generation bin/rapport gives the server. BENCH_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=DIR' profiles
    // the server; it then stops with SIGTERM to write it.
    const nodeArgs = [
      '--max-semi-space-size=64',
      ...(process.env.BENCH_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []),
    ]
    server = await startServerProcess({ DATABASE_URL: database.url }, 0, nodeArgs)
    await startupWorkDone(db)
    const base = `${server.url}/api/v1/workspaces/${workspaceId}/loyalty/members`
    const total = 2 * members
    const isRedemption = (k: number) => k >= members && k % 2 === 0
    const counts = { credits: 0, duplicates: 0, redemptions: 0, refused: 0 }
    const loadBefore = loadavg()[0] ?? 0
    const cpuBefore = {
      client: process.cpuUsage(),
      server: cpuSplit([server.pid]),
      postgres: await postgresCpuSplit(db),
    }
    const transactionsBefore = await transactionCount(db)
    const path = new URL(base).pathname
    const result = await runKeepAliveLoad({
      url: base,
      connections,
      total,
      headers: { authorization: `Bearer ${secret}` },
      request: (k) => {
        const customerId = customerIds[k % members]
        // Every member's first request is a credit; after that, redemptions and credits take turns.
        return isRedemption(k)
          ? {
              path: `${path}/${customerId}/redemptions`,
              body: JSON.stringify({ points: REDEEM, sourceId: `reward-${k}`, reference: `redeem-${k}` }),
            }
          : {
              path: `${path}/${customerId}/credits`,
              body: JSON.stringify({
                sourceType: 'order',
                sourceId: `O-${k}`,
                rule: 'purchase',
                points: CREDIT,
              }),
            }
      },
      onResponse: (k, status) => {
        const redeem = isRedemption(k)
        if (redeem && status === 201) counts.redemptions++
        else if (redeem && status === 409) counts.refused++
        else if (!redeem && status === 201) counts.credits++
        else if (!redeem && status === 200) counts.duplicates++
      },
    })
    const seconds = result.seconds
    const unexpected = [...result.statuses].filter(
      ([status]) => status !== 200 && status !== 201 && status !== 409,
    )
    const clientCpu = process.cpuUsage(cpuBefore.client)
    const serverCpu = cpuSplit([server.pid])
    const postgresCpu = await postgresCpuSplit(db)
    const cpu = {
      client: (clientCpu.user + clientCpu.system) / 1e6,
      server: serverCpu.user + serverCpu.system - cpuBefore.server.user - cpuBefore.server.system,
      serverSystem: serverCpu.system - cpuBefore.server.system,
      postgres: postgresCpu.user + postgresCpu.system - cpuBefore.postgres.user - cpuBefore.postgres.system,
      postgresSystem: postgresCpu.system - cpuBefore.postgres.system,
    }
    const transactions = (await transactionCount(db)) - transactionsBefore
    const loadAfter = loadavg()[0] ?? 0
    const operations = counts.credits + counts.redemptions + counts.refused
    const check = await checkLedger(db, workspaceId)
    const expected = {
      credited: BigInt(counts.credits * CREDIT),
      spent: BigInt(counts.redemptions * REDEEM),
    }
    const balances =
      check.brokenLots === 0 &&
      check.negativeMembers === 0 &&
      check.credited === expected.credited &&
      check.spent === expected.spent &&
      check.credited === check.remaining + check.spent + check.expired + check.reversed
    const opsPerSecond = operations / seconds
    console.log(
      `loyalty bench: ${members.toLocaleString('en')} members, ${total.toLocaleString('en')} requests, ${connections} connections, server and PostgreSQL on this machine (loopback)`,
    )
    console.log(
      `  requests        ${result.requests.toLocaleString('en')} over keep-alive connections in ${seconds.toFixed(1)} s`,
    )
    console.log(
      `  operations      ${counts.credits} credits, ${counts.redemptions} redemptions, ${counts.refused} refused (409), ${counts.duplicates} duplicate credits`,
    )
    console.log(
      `  operations/s    ${Math.round(opsPerSecond).toLocaleString('en')} ledger operations per second`,
    )
    console.log(
      `  latency         p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
    )
    console.log(
      `  CPU             per request: client ${msPer(cpu.client, total)} ms, server ${msPer(cpu.server, total)} ms (${msPer(cpu.serverSystem, total)} in the kernel), PostgreSQL ${msPer(cpu.postgres, total)} ms (${msPer(cpu.postgresSystem, total)} in the kernel); load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${availableParallelism()} cores`,
    )
    // On a shared machine the wall-clock rate says more about the other work than about this; the CPU per request
    // does not, and bounds the rate the cores could carry alone.
    const cpuPerRequest = (cpu.client + cpu.server + cpu.postgres) / total
    console.log(
      `  CPU ceiling     ${Math.round(availableParallelism() / cpuPerRequest).toLocaleString('en')} requests/s if the ${availableParallelism()} cores did nothing else (client, server and PostgreSQL at ${(cpuPerRequest * 1000).toFixed(2)} ms per request)`,
    )
    console.log(
      `  transactions    ${(transactions / total).toFixed(2)} per request (PostgreSQL's count for the database)`,
    )
    console.log(
      `  ledger          ${balances ? 'balances' : 'DOES NOT BALANCE'}: credited ${check.credited} = remaining ${check.remaining} + spent ${check.spent} + expired ${check.expired} + reversed ${check.reversed}; acknowledged ${expected.credited} credited, ${expected.spent} spent; ${check.brokenLots} lots off, ${check.negativeMembers} members below zero`,
    )
    console.log(
      `  target          ≥ 2,000 ledger operations/s with p99 ≤ 50 ms: ${opsPerSecond >= 2000 && result.latency.p99 <= 50 ? 'met' : 'not met'}`,
    )
    if (unexpected.length > 0)
      console.log(`  status codes    ${JSON.stringify(Object.fromEntries(result.statuses))}`)
    if (!balances || unexpected.length > 0) process.exitCode = 1
  } finally {
    await server?.kill(process.env.BENCH_NODE_OPTIONS ? 'SIGTERM' : 'SIGKILL')
    await db.close()
    await database.drop()
  }
}

async function seed(db: Db, members: number) {
  const org = await createOrganization(db, 'Bench')
  const ws = await createWorkspace(db, org.id, 'Bench')
  await db.query(sql`insert into customers (workspace_id, external_id)
    select ${ws.id}, 'M-' || g from generate_series(1, ${members}::int) g`)
  await db.query(sql`insert into loyalty_members (workspace_id, customer_id)
    select workspace_id, id from customers where workspace_id = ${ws.id}`)
  // Only the seeded tables: statistics of the still empty ledger tables (reltuples 0) make every backend plan the
  // foreign-key checks against loyalty_lots as sequential scans, cached for the connection's life; on a server with
  // autovacuum off (as here) nothing ever replans them, and each credit then read the whole lots table.
  await db.query(sql`analyze customers, loyalty_members`)
  const rows = await db.query<{ id: string }>(sql`select customer_id as id from loyalty_members
    where workspace_id = ${ws.id} order by customer_id`)
  const key = await createApiKey(db, ws.id, { name: 'bench', scopes: ['write'] }, null)
  return { workspaceId: ws.id, customerIds: rows.map((r) => r.id), secret: key.secret }
}

async function checkLedger(db: Db, workspaceId: string) {
  const [row] = await db.query<Record<string, string>>(sql`
    with spent as (
      select e.kind, sum(c.points) as points from loyalty_consumptions c
      join loyalty_entries e on e.seq = c.entry_seq where e.workspace_id = ${workspaceId} group by e.kind
    ), per_lot as (
      select l.id, l.member_id, l.points, l.remaining, coalesce(sum(c.points), 0) as consumed
      from loyalty_lots l left join loyalty_consumptions c on c.lot_id = l.id
      where l.workspace_id = ${workspaceId} group by l.id
    )
    select
      (select coalesce(sum(points), 0) from per_lot)::text as credited,
      (select coalesce(sum(remaining), 0) from per_lot)::text as remaining,
      (select coalesce(sum(points), 0) from spent where kind = 'debit')::text as spent,
      (select coalesce(sum(points), 0) from spent where kind = 'expiry')::text as expired,
      (select coalesce(sum(points), 0) from spent where kind = 'reversal')::text as reversed,
      (select count(*) from per_lot where remaining < 0 or consumed <> points - remaining)::text as "brokenLots",
      (select count(*) from (select member_id from per_lot group by member_id having sum(remaining) < 0) m)::text
        as "negativeMembers"`)
  if (!row) throw new Error('no ledger totals')
  return {
    credited: BigInt(row.credited ?? 0),
    remaining: BigInt(row.remaining ?? 0),
    spent: BigInt(row.spent ?? 0),
    expired: BigInt(row.expired ?? 0),
    reversed: BigInt(row.reversed ?? 0),
    brokenLots: Number(row.brokenLots),
    negativeMembers: Number(row.negativeMembers),
  }
}

const msPer = (seconds: number, requests: number) => ((seconds * 1000) / requests).toFixed(2)

/** User and system CPU seconds of the processes, from /proc; zeros where /proc is not there. */
function cpuSplit(pids: number[]): { user: number; system: number } {
  let user = 0
  let system = 0
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
      user += Number(fields[11] ?? 0)
      system += Number(fields[12] ?? 0)
    } catch {
      // The process is gone, or this is not Linux.
    }
  }
  return { user: user / 100, system: system / 100 }
}

/**
 * Transactions committed or rolled back in the bench's database so far (each statement outside a transaction is one),
 * once the backends have reported them.
 */
async function transactionCount(db: Db): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1100))
  await db.query(sql`select pg_stat_clear_snapshot()`)
  const [row] = await db.query<{ n: string }>(sql`select (xact_commit + xact_rollback)::text as n
    from pg_stat_database where datname = current_database()`)
  return Number(row?.n ?? 0)
}

/**
 * Waits (at most a minute) until no other session on the bench's database has been busy for two checks in a row:
 * the server's job worker runs every schedule once when it starts (tiers over every member among them), work that
 * the ledger's CPU per request should not be charged with.
 */
async function startupWorkDone(db: Db): Promise<void> {
  let quiet = 0
  for (let check = 0; check < 120 && quiet < 2; check++) {
    await new Promise((resolve) => setTimeout(resolve, 500))
    const [row] = await db.query<{ busy: number }>(sql`select count(*)::int as busy from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`)
    quiet = row?.busy === 0 ? quiet + 1 : 0
  }
}

/**
 * CPU seconds of the PostgreSQL backends connected to the bench's database (it runs on this machine), from /proc:
 * figures that the other work on a shared machine disturbs less than operations/s.
 */
async function postgresCpuSplit(db: Db): Promise<{ user: number; system: number }> {
  const rows = await db.query<{ pid: number }>(
    sql`select pid from pg_stat_activity where datname = current_database()`,
  )
  return cpuSplit(rows.map((row) => row.pid))
}
