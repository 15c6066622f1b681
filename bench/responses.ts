import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createInterface } from 'node:readline'
import autocannon from 'autocannon'
import pg from 'pg'
import { createOrganization, createWorkspace } from '../src/access/workspaces.js'
import { migrate } from '../src/db/migrate.js'
import { openPostgresDb } from '../src/db/postgres-db.js'
import { sql } from '../src/db/sql.js'
import { postgresReachable } from '../src/db/test-db.js'
import { createSurvey, updateSurvey } from '../src/surveys/surveys.js'
import { findTemplate } from '../src/surveys/templates.js'

const adminUrl = process.env.RAPPORT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/**
 * `npm run bench -- responses [seconds] [connections]`: completed NPS responses posted to the public
 * endpoint of a server (its own process) over loopback, stored in PostgreSQL. Reports responses/s,
 * p50/p99 latency, and checks that every acknowledged response is stored exactly once (1 in 50 requests
 * is a retry of an acknowledged one, which must not add a row).
 */
export async function benchResponses(seconds: number, connections: number): Promise<void> {
  if (!(await postgresReachable())) {
    console.log(`PostgreSQL not reachable at ${adminUrl}: the responses bench needs it`)
    return
  }
  const name = `rapport_bench_${process.pid}_${randomBytes(3).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const db = openPostgresDb(url.toString(), { max: 2 })
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./responses-server.ts', import.meta.url).pathname, url.toString()],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  try {
    await migrate(db)
    const org = await createOrganization(db, 'Bench')
    const ws = await createWorkspace(db, org.id, 'Bench')
    const survey = await createSurvey(db, ws.id, {
      name: 'Bench NPS',
      touchpoint: 'order_delivered',
      npsKind: 'transactional',
      definition: findTemplate('transactional_nps')!.definition,
    })
    await updateSurvey(db, ws.id, survey.id, { status: 'active' })
    const [line] = await createInterface({ input: child.stdout! })
      [Symbol.asyncIterator]()
      .next()
      .then((r) => [r.value as string])
    const base = `${line}/api/v1/public/surveys/${survey.slug}/responses`

    let sequence = 0
    const acknowledged = new Set<string>()
    let retries = 0
    const load = (duration: number) =>
      autocannon({
        url: base,
        method: 'POST',
        connections,
        duration,
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (request, context: object) => {
              sequence += 1
              let clientId = `bench-${String(sequence).padStart(9, '0')}`
              if (sequence % 50 === 0 && acknowledged.size > 0) {
                clientId = `bench-${String(sequence - 49).padStart(9, '0')}`
                retries += 1
              }
              ;(context as { clientId?: string }).clientId = clientId
              const body = {
                clientId,
                continuationSecret: `secret-of-${clientId}`,
                version: 1,
                language: 'en',
                answers: { nps: sequence % 11 },
                complete: true,
              }
              return { ...request, body: JSON.stringify(body) }
            },
            onResponse: (status, _body, context: object) => {
              if (status === 200) acknowledged.add((context as { clientId: string }).clientId)
            },
          },
        ],
      })

    await load(2) // warm-up: JIT, connection pool, caches
    await new Promise((r) => setTimeout(r, 500))
    await db.query(sql`delete from responses`)
    acknowledged.clear()
    retries = 0
    const result = await load(seconds)

    const rows = await db.query<{ client_id: string }>(
      sql`select client_id from responses where survey_id = ${survey.id}`,
    )
    const stored = new Map<string, number>()
    for (const r of rows) stored.set(r.client_id, (stored.get(r.client_id) ?? 0) + 1)
    const missing = [...acknowledged].filter((id) => !stored.has(id)).length
    const unacknowledged = [...stored.keys()].filter((id) => !acknowledged.has(id)).length
    const duplicated = [...stored.values()].filter((n) => n > 1).length
    const [completed] = await db.query<{ n: number }>(
      sql`select count(*)::int as n from responses where completed_at is not null`,
    )
    const ok = result.requests.total - result.non2xx - result.errors
    console.log(
      `responses bench: ${seconds} s, ${connections} connections, server and PostgreSQL on this machine (loopback)`,
    )
    console.log(
      `  requests        ${result.requests.total.toLocaleString('en')} (${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts)`,
    )
    console.log(
      `  responses/s     ${Math.round(ok / seconds).toLocaleString('en')} acknowledged per second (sustained, mean over the run)`,
    )
    console.log(
      `  latency         p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
    )
    console.log(
      `  stored          ${rows.length.toLocaleString('en')} rows for ${acknowledged.size.toLocaleString('en')} acknowledged ids (${retries} retries of acknowledged ids), ${completed!.n.toLocaleString('en')} completed, ${unacknowledged} unacknowledged (in flight when the run stopped)`,
    )
    console.log(
      `  exactly once    ${missing === 0 && duplicated === 0 ? 'yes' : 'NO'}: ${missing} acknowledged but missing, ${duplicated} stored twice`,
    )
    console.log(
      `  target          ≥ 3,000 responses/s with p99 ≤ 50 ms: ${ok / seconds >= 3000 && result.latency.p99 <= 50 ? 'met' : 'not met'}`,
    )
    if (result.non2xx > 0) console.log(`  status codes    ${JSON.stringify(result.statusCodeStats)}`)
    if (missing > 0 || duplicated > 0) process.exitCode = 1
  } finally {
    child.kill()
    await db.close()
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}
