import { randomBytes } from 'node:crypto'
import { loadavg } from 'node:os'
import pg from 'pg'
import { loadConfig } from '../src/config.js'
import type { Db } from '../src/db/db.js'
import { migrate } from '../src/db/migrate.js'
import { openPostgresDb } from '../src/db/postgres-db.js'
import { sql } from '../src/db/sql.js'
import { postgresReachable } from '../src/db/test-db.js'
import { createTestSurvey } from '../src/insights/insight-fixture.js'
import { createApp } from '../src/server/app.js'
import { setUp } from '../src/server/test-client.js'

const adminUrl = process.env.RAPPORT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

const touchpoints = 40
const units = 8

/**
 * `npm run bench -- insights [responses] [customers]` (5,000,000 and 1,000,000 by default): loads the responses
 * of 40 touchpoints over two years, two orders per customer, into a fresh PostgreSQL database with
 * generate_series (the insight rollup and summaries rebuilt once after; the orders' revenue trigger stays on), then
 * times the overview and the touchpoint view through the API, warm (median of 5), and how long a new response takes
 * to show in the overview.
 */
export async function benchInsights(responses: number, customers: number): Promise<void> {
  if (!(await postgresReachable())) {
    console.log(`PostgreSQL not reachable at ${adminUrl}: the insights bench needs it`)
    return
  }
  const name = `rapport_bench_insights_${process.pid}_${randomBytes(3).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const db = openPostgresDb(url.toString(), { max: 4 })
  try {
    await migrate(db)
    const app = createApp({ db, config: loadConfig({}), webDir: '/nonexistent' })
    const { owner, workspaceId } = await setUp(app)
    const loadStart = performance.now()
    const survey = await load(db, workspaceId, responses, customers)
    const loadSeconds = (performance.now() - loadStart) / 1000
    console.log(`loaded ${responses} responses, ${customers} customers in ${loadSeconds.toFixed(1)} s`)
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (timings below are under it)`,
    )

    const api = `/api/v1/workspaces/${workspaceId}/insights`
    const to = new Date().toISOString().slice(0, 10)
    const timed = async (path: string) => {
      const start = performance.now()
      const response = await owner.request('GET', path)
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`)
      const body = await response.json()
      return { ms: performance.now() - start, body }
    }
    const warm = async (label: string, path: string) => {
      await timed(path)
      const times: number[] = []
      for (let i = 0; i < 5; i++) times.push((await timed(path)).ms)
      times.sort((a, b) => a - b)
      console.log(
        `${label}: median ${times[2]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times[4]!.toFixed(0)} ms`,
      )
    }
    await warm('overview (90 days)', `${api}/overview?to=${to}`)
    await warm('touchpoint view (90 days)', `${api}/touchpoints?to=${to}`)
    await warm('  of it, pain points (90 days)', `${api}/pain-points?to=${to}&limit=5`)
    await warm('  of it, silent customers (90 days)', `${api}/silent-customers?to=${to}&limit=1`)
    await warm(
      'metrics NPS by touchpoint and month (2 years)',
      `${api}/metrics?metric=nps&npsKind=transactional&by=touchpoint,month`,
    )

    // A new response: how long until the overview counts it.
    const before = (await timed(`${api}/overview?to=${to}`)).body.headline.nps.n as number
    const written = performance.now()
    await db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, language, channel,
        touchpoint, nps_kind, answers, completed_at)
      values (${workspaceId}, ${survey.id}, 1, 'bench-new', 'en', 'link', 'tp-0', 'transactional', '{"nps": 10}', now())`)
    for (;;) {
      const seen = (await timed(`${api}/overview?to=${to}`)).body.headline.nps.n as number
      if (seen > before) break
      if (performance.now() - written > 120_000) throw new Error('the new response did not show within 120 s')
    }
    console.log(
      `a new response shows in the overview after ${((performance.now() - written) / 1000).toFixed(2)} s`,
    )
  } finally {
    await db.close()
    if (process.env.BENCH_KEEP) console.log(`kept database ${name}`)
    else await admin.query(`drop database ${name} with (force)`)
    await admin.end()
  }
}

async function load(db: Db, workspaceId: string, responses: number, customers: number) {
  const survey = await createTestSurvey(db, workspaceId, 'tp-0')
  const step = async (label: string, query: ReturnType<typeof sql>) => {
    const start = performance.now()
    await db.query(query)
    console.log(`  ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`)
  }
  await step(
    'org units',
    sql`insert into org_units (workspace_id, code, name, path)
      select ${workspaceId}, 'u' || g, 'Unit ' || g, '/' || gen_random_uuid() || '/' from generate_series(1, ${units}) g`,
  )
  await db.query(sql`update org_units set path = '/' || id || '/' where workspace_id = ${workspaceId}`)
  await step(
    'customers',
    sql`insert into customers (workspace_id, external_id, email, org_unit_id, attributes)
      select ${workspaceId}, 'c' || g, 'c' || g || '@bench.test',
        (select id from org_units where workspace_id = ${workspaceId} order by code offset (g % ${units}) limit 1),
        jsonb_build_object('city', 'city-' || (g % 12))
      from generate_series(1, ${customers}) g`,
  )
  await step(
    'customer keys',
    sql`create table bench_customers as select row_number() over (order by id) as k, id, org_unit_id
      from customers where workspace_id = ${workspaceId}`,
  )
  await db.query(sql`create unique index on bench_customers (k)`)
  await step(
    'orders (2 per customer)',
    sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount)
      select ${workspaceId}, c.id, 'o' || c.k || '-' || n, now() - ((c.k * 7919 + n * 104729) % 730) * interval '1 day',
        'EUR', (10 + (c.k * 31 + n) % 190)::numeric
      from bench_customers c cross join generate_series(1, 2) n`,
  )
  // A bulk load skips the per-statement rollup trigger and rebuilds the workspace's rollup and summaries once.
  await db.query(sql`alter table responses disable trigger responses_rollup_insert`)
  await step(
    'responses',
    sql`insert into responses (workspace_id, survey_id, survey_version, client_id, customer_id, org_unit_id, language,
        channel, touchpoint, nps_kind, answers, started_at, updated_at, completed_at)
      select ${workspaceId}, ${survey.id}, 1, 'b' || g, c.id, c.org_unit_id, 'en', 'link', 'tp-' || (g % ${touchpoints}),
        'transactional',
        case when g % 10 = 0 then jsonb_build_object('nps', (g * 7) % 11, 'csat', 1 + g % 5, 'ces', 1 + g % 7,
            'comment', 'comment ' || g)
          else jsonb_build_object('nps', (g * 7) % 11, 'csat', 1 + g % 5, 'ces', 1 + g % 7) end,
        t.at, t.at, t.at
      from generate_series(1, ${responses}) g
      join bench_customers c on c.k = 1 + (g::bigint * 48271) % ${customers}
      -- Answers arrive in time order, as they do in a shop: the newest rows are the table's last pages.
      cross join lateral (select now() - (${responses} - g)::float8 / ${responses} * interval '730 days' as at) t`,
  )
  await db.query(sql`alter table responses enable trigger responses_rollup_insert`)
  await step('rollup and summaries rebuild', sql`select insight_rollup_rebuild(${workspaceId})`)
  await step('analyze', sql`analyze`)
  await db.query(sql`drop table bench_customers`)
  return survey
}
