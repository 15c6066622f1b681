import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { loadConfig } from '../src/config.js'
import type { Db } from '../src/db/db.js'
import { migrate } from '../src/db/migrate.js'
import { openPostgresDb } from '../src/db/postgres-db.js'
import { sql } from '../src/db/sql.js'
import { postgresReachable } from '../src/db/test-db.js'
import { buildPendingJourneyData } from '../src/journeys/path-builds.js'
import { createApp } from '../src/server/app.js'
import { client, ownerInput, setUp } from '../src/server/test-client.js'

const adminUrl = process.env.RAPPORT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** Touchpoints per stage: 8 stages, 30 touchpoints, one event type each (e01 … e30). */
const perStage = [4, 4, 4, 4, 4, 4, 3, 3]
const eventsPerCustomer = 20

const type = (n: number) => `e${String(n).padStart(2, '0')}`

/**
 * `npm run bench -- journeys [customers]` (1,000,000 by default, 20 events each): loads the events into a fresh
 * PostgreSQL database with generate_series, creates a journey of 8 stages and 30 touchpoints with two promises
 * (which builds its precomputed paths), then times the experience layer and the top paths through the API, warm
 * (median of 3), and ingest's events per second with and without the journeys' event triggers.
 */
export async function benchJourneys(customers: number): Promise<void> {
  if (!(await postgresReachable())) {
    console.log(`PostgreSQL not reachable at ${adminUrl}: the journeys bench needs it`)
    return
  }
  // BENCH_DB names a database kept between runs: loaded on the first run, reused (and its journeys replaced) after.
  const kept = process.env.BENCH_DB
  const name = kept ?? `rapport_bench_${process.pid}_${randomBytes(3).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1
  if (!exists) await admin.query(`create database ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const db = openPostgresDb(url.toString(), { max: 4 })
  let timingDbClose: (() => Promise<void>) | undefined
  try {
    await migrate(db)
    const app = createApp({ db, config: loadConfig({}), webDir: '/nonexistent' })
    const { owner, workspaceId } = exists ? await reuse(app, db) : await setUp(app)
    if (!exists) {
      const loadStart = performance.now()
      await load(db, workspaceId, customers)
      const events = customers * eventsPerCustomer
      console.log(
        `loaded ${events} events of ${customers} customers in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`,
      )
    }
    if (process.env.BENCH_LOAD_ONLY) return

    const api = `/api/v1/workspaces/${workspaceId}`
    let ordinal = 0
    const journey = {
      name: 'Bench journey',
      stages: perStage.map((count, s) => ({
        name: `Stage ${s + 1}`,
        touchpoints: Array.from({ length: count }, () => {
          ordinal += 1
          const promises =
            ordinal === 13
              ? [{ name: 'Within 24 h', startEvent: type(9), endEvent: type(13), limitMinutes: 1440 }]
              : ordinal === 22
                ? [
                    {
                      name: 'Within 4 business hours',
                      startEvent: type(21),
                      endEvent: type(22),
                      limitMinutes: 240,
                      businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
                    },
                  ]
                : []
          return { key: `tp${ordinal}`, name: `Touchpoint ${ordinal}`, eventTypes: [type(ordinal)], promises }
        }),
      })),
    }
    const buildStart = performance.now()
    const created = await owner.json<{ id: string }>('POST', `${api}/journeys`, journey)
    if (created.status !== 201) throw new Error(`journey: ${created.status} ${JSON.stringify(created.body)}`)
    console.log(`journey created in ${((performance.now() - buildStart) / 1000).toFixed(1)} s`)
    // Over this many events the request leaves the paths and promise pairs to the background build.
    const background = performance.now()
    await buildPendingJourneyData(db)
    console.log(
      `background build of its paths and promise pairs (chunks of customers, then kept by triggers): ${((performance.now() - background) / 1000).toFixed(1)} s`,
    )
    await db.query(sql`analyze`)

    // Timed through an app on one connection of its own, without parallel workers, so that the database
    // backend's CPU time (read from /proc) is the whole database work of each call: on a machine shared with
    // other work, wall time says little, CPU seconds say what the 2 cores would need.
    const timingDb = openPostgresDb(url.toString(), { max: 1 })
    timingDbClose = () => timingDb.close()
    await timingDb.query(sql`set max_parallel_workers_per_gather = 0`)
    const [backend] = await timingDb.query<{ pid: number }>(sql`select pg_backend_pid() as pid`)
    const key = await owner.json<{ secret: string }>('POST', `${api}/api-keys`, {
      name: 'bench',
      scopes: ['read'],
    })
    const reader = client(createApp({ db: timingDb, config: loadConfig({}), webDir: '/nonexistent' }), {
      bearer: key.body.secret,
    })
    const backendCpu = () => {
      const fields = readFileSync(`/proc/${backend?.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
      return (Number(fields[11]) + Number(fields[12])) / 100
    }
    const timed = async (path: string) => {
      const start = performance.now()
      const cpu = backendCpu()
      const nodeCpu = process.cpuUsage()
      const response = await reader.request('GET', path)
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`)
      const body = await response.json()
      const node = process.cpuUsage(nodeCpu)
      return {
        ms: performance.now() - start,
        cpu: backendCpu() - cpu + (node.user + node.system) / 1e6,
        body,
      }
    }
    const warm = async (label: string, path: string) => {
      await timed(path)
      const runs: { ms: number; cpu: number }[] = []
      for (let i = 0; i < 3; i++) runs.push(await timed(path))
      runs.sort((a, b) => a.ms - b.ms)
      const cpus = runs.map((r) => r.cpu).sort((a, b) => a - b)
      console.log(
        `${label}: wall median ${runs[1]?.ms.toFixed(0)} ms (min ${runs[0]?.ms.toFixed(0)}, max ${runs[2]?.ms.toFixed(0)}); CPU (database backend + server) median ${cpus[1]?.toFixed(2)} s`,
      )
      return { ms: runs[1]?.ms ?? 0, cpu: cpus[1] ?? 0 }
    }
    const j = `${api}/journeys/${created.body.id}`
    const experience = await warm(
      'experience layer (30 touchpoints, 2 promises, all time)',
      `${j}/experience`,
    )
    const paths = await warm('top paths, Sankey, drop-out, stage times, segments', `${j}/paths?limit=10`)
    console.log(
      `experience + paths: wall ${((experience.ms + paths.ms) / 1000).toFixed(2)} s, CPU ${(experience.cpu + paths.cpu).toFixed(2)} s (target ≤ 10 s)`,
    )
    const sample = (await timed(`${j}/paths?limit=3`)).body as { customers: number; topPaths: unknown[] }
    console.log(`paths cover ${sample.customers} customers`)

    await ingestRates(db, workspaceId)
  } finally {
    await db.close()
    await timingDbClose?.()
    if (process.env.BENCH_KEEP || kept) console.log(`kept database ${name}`)
    else await admin.query(`drop database ${name} with (force)`)
    await admin.end()
  }
}

async function load(db: Db, workspaceId: string, customers: number): Promise<void> {
  const step = async (label: string, query: ReturnType<typeof sql>) => {
    const start = performance.now()
    await db.query(query)
    console.log(`  ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`)
  }
  await step(
    'customers',
    sql`insert into customers (workspace_id, external_id) select ${workspaceId}, 'c' || g from generate_series(1, ${customers}) g`,
  )
  await step(
    'customer keys',
    sql`create table bench_customers as select row_number() over (order by id) as k, id from customers
      where workspace_id = ${workspaceId}`,
  )
  await db.query(sql`create unique index on bench_customers (k)`)
  // A bulk load: the events' indexes and triggers are off while it runs, then built once, set-based.
  await db.query(sql`alter table events disable trigger all`)
  await db.query(sql`alter table events drop constraint events_pkey,
    drop constraint events_workspace_id_dedupe_key_key`)
  await db.query(sql`drop index events_customer, events_type, events_type_customer`)
  // Each customer moves forward through the 30 touchpoints with some jitter, an event every ~20 hours.
  const chunk = 100_000
  for (let first = 1; first <= customers; first += chunk) {
    const last = Math.min(customers, first + chunk - 1)
    await step(
      `events of customers ${first}–${last}`,
      sql`insert into events (workspace_id, customer_id, dedupe_key, type, occurred_at)
        select ${workspaceId}, c.id, 'e' || c.k || '-' || j,
          'e' || lpad(least(30, greatest(1, (j * 3) / 2 + 1 + ((c.k * 2654435761 + j * 40503) % 1000003) % 5 - 2))::text,
            2, '0'),
          now() - ((c.k * 7919) % 700) * interval '1 day' + j * interval '20 hours'
            + ((c.k * 31 + j * 17) % 600) * interval '1 minute'
        from bench_customers c cross join generate_series(0, ${eventsPerCustomer - 1}) j
        where c.k between ${first} and ${last}`,
    )
  }
  await db.query(sql`drop table bench_customers`)
  await step('events primary key', sql`alter table events add primary key (id)`)
  await step('events dedupe key', sql`alter table events add unique (workspace_id, dedupe_key)`)
  await step(
    'events customer index',
    sql`create index events_customer on events(workspace_id, customer_id, occurred_at)`,
  )
  await step('events type index', sql`create index events_type on events(workspace_id, type, occurred_at)`)
  await step(
    'events type-customer index',
    sql`create index events_type_customer on events(workspace_id, type, customer_id, occurred_at)`,
  )
  await db.query(sql`alter table events enable trigger all`)
  await step('hourly counts', sql`select journey_event_hours_rebuild(${workspaceId})`)
  // Vacuumed as autovacuum would after a load: index-only scans need the visibility map.
  await step('vacuum analyze', sql`vacuum analyze events`)
  await step('analyze', sql`analyze`)
}

/** The owner of a kept bench database, logged in again, with the workspace's journeys removed. */
async function reuse(app: ReturnType<typeof createApp>, db: Db) {
  const owner = client(app)
  const login = await owner.json('POST', '/api/v1/auth/login', {
    email: ownerInput.email,
    password: ownerInput.password,
  })
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`)
  const [ws] = await db.query<{ id: string }>(sql`select id from workspaces limit 1`)
  if (!ws) throw new Error('the kept database has no workspace')
  await db.query(sql`delete from journeys where workspace_id = ${ws.id}`)
  await db.query(sql`delete from touchpoints where workspace_id = ${ws.id}`)
  return { owner, workspaceId: ws.id }
}

const journeyTriggers = [
  'events_journey_paths_insert',
  'events_journey_promises_insert',
  'events_journey_hours_insert',
]

/**
 * Events per second of ingest batches (1,000 events of random customers and journey types, one statement each, as
 * the batch API writes them) with the journeys' triggers (paths, promise pairs, hourly counts) and without.
 */
async function ingestRates(db: Db, workspaceId: string): Promise<void> {
  const run = randomBytes(3).toString('hex')
  const batches = 5
  const size = 1000
  const picked = (
    await db.query<{ id: string }>(sql`select id from customers where workspace_id = ${workspaceId}
      order by random() limit ${2 * batches * size}`)
  ).map((c) => c.id)
  let used = 0
  const rate = async (label: string) => {
    const start = performance.now()
    for (let b = 0; b < batches; b++) {
      const ids = picked.slice(used, used + size)
      used += size
      await db.query(sql`insert into events (workspace_id, customer_id, dedupe_key, type, occurred_at)
        select ${workspaceId}, c.id, ${`ingest-${run}-${label}-${b}-`} || row_number() over (),
          'e' || lpad((1 + floor(random() * 30))::int::text, 2, '0'), now() - random() * interval '30 days'
        from unnest(${ids}::uuid[]) as c(id)`)
    }
    const seconds = (performance.now() - start) / 1000
    console.log(
      `ingest ${label}: ${((batches * size) / seconds).toFixed(0)} events/s (${batches} batches of ${size})`,
    )
  }
  await rate('with the journey triggers')
  for (const name of journeyTriggers) await db.query(sql`alter table events disable trigger ${sql.raw(name)}`)
  try {
    await rate('without them')
  } finally {
    for (const name of journeyTriggers)
      await db.query(sql`alter table events enable trigger ${sql.raw(name)}`)
  }
}
