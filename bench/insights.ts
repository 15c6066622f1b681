import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import pg from 'pg'
import { loadConfig } from '../src/config.js'
import type { Db } from '../src/db/db.js'
import { migrate } from '../src/db/migrate.js'
import { openPostgresDb } from '../src/db/postgres-db.js'
import { type Sql, sql } from '../src/db/sql.js'
import { postgresReachable } from '../src/db/test-db.js'
import { storeRevenueAtRisk } from '../src/forecasts/queries.js'
import { createTestSurvey } from '../src/insights/insight-fixture.js'
import { createApp } from '../src/server/app.js'
import { setUp } from '../src/server/test-client.js'

const adminUrl = process.env.RAPPORT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

const touchpoints = 40
const units = 8

/**
 * `npm run bench -- insights [responses] [customers]` (5,000,000 and 1,000,000 by default): loads the responses
 * of 40 touchpoints over two years, one to three orders per customer and a forecast's CLV for most of them into a
 * fresh PostgreSQL database, all generated inside PostgreSQL (generate_series, one statement per table, the
 * secondary indexes built after, the insight rollups and summaries rebuilt once), then times the overview and
 * the touchpoint view through the API, cold (first request) and warm (median of 7), with the CPU seconds of the
 * process and of its PostgreSQL backends, and how long a response posted through the public API takes to show in
 * the overview.
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
  const load = () =>
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`
  try {
    await migrate(db)
    const app = createApp({ db, config: loadConfig({}), webDir: '/nonexistent' })
    const { owner, workspaceId } = await setUp(app)
    console.log(`${load()} before the load`)
    const loadStart = performance.now()
    const survey = await loadData(db, workspaceId, responses, customers)
    const loadSeconds = (performance.now() - loadStart) / 1000
    console.log(
      `loaded ${responses} responses, ${customers} customers in ${loadSeconds.toFixed(1)} s ` +
        `(its PostgreSQL backend ${survey.cpuSeconds.toFixed(1)} CPU s, parallel index builders not counted; ${load()})`,
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
    const measure = async (label: string, path: string) => {
      const cold = (await timed(path)).ms
      const node = process.cpuUsage()
      const pgCpu = await cpuSeconds(admin, name)
      const times: number[] = []
      for (let i = 0; i < 7; i++) times.push((await timed(path)).ms)
      const used = process.cpuUsage(node)
      const pgUsed = (await cpuSeconds(admin, name)) - pgCpu
      times.sort((a, b) => a - b)
      console.log(
        `${label}: cold ${cold.toFixed(0)} ms; warm median ${times[3]!.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, ` +
          `max ${times[6]!.toFixed(0)}); CPU per request: node ${((used.user + used.system) / 7 / 1000).toFixed(0)} ms, ` +
          `PostgreSQL ${((pgUsed / 7) * 1000).toFixed(0)} ms; ${load()}`,
      )
    }
    await measure('overview (90 days)', `${api}/overview?to=${to}`)
    await measure('touchpoint view (90 days)', `${api}/touchpoints?to=${to}`)
    await measure('  of the overview, pain points (90 days)', `${api}/pain-points?to=${to}&limit=5`)
    await measure('  of the overview, silent customers (90 days)', `${api}/silent-customers?to=${to}&limit=1`)
    await measure(
      'metrics NPS by touchpoint and month (2 years)',
      `${api}/metrics?metric=nps&npsKind=transactional&by=touchpoint,month`,
    )

    // A new response through the public survey link: how long until the overview counts it.
    const before = (await timed(`${api}/overview?to=${to}`)).body.headline.nps.n as number
    const [{ slug }] = (await db.query(sql`select slug from surveys where id = ${survey.id}`)) as [
      { slug: string },
    ]
    const written = performance.now()
    const posted = await owner.request('POST', `/api/v1/public/surveys/${slug}/responses`, {
      clientId: `bench-new-${process.pid}`,
      version: 1,
      language: 'en',
      answers: { nps: 10 },
      complete: true,
      continuationSecret: randomBytes(16).toString('hex'),
    })
    if (posted.status !== 200) throw new Error(`the new response: ${posted.status} ${await posted.text()}`)
    const saved = performance.now() - written
    for (;;) {
      const seen = (await timed(`${api}/overview?to=${to}`)).body.headline.nps.n as number
      if (seen > before) break
      if (performance.now() - written > 120_000) throw new Error('the new response did not show within 120 s')
    }
    console.log(
      `a response posted through the API (saved in ${saved.toFixed(0)} ms) shows in the overview after ` +
        `${((performance.now() - written) / 1000).toFixed(2)} s; ${load()}`,
    )
  } finally {
    await db.close()
    if (process.env.BENCH_KEEP) console.log(`kept database ${name}`)
    else await admin.query(`drop database ${name} with (force)`)
    await admin.end()
  }
}

/** User + system CPU seconds of the database's backends so far (those alive now; the pool keeps its own). */
async function cpuSeconds(admin: pg.Client, database: string): Promise<number> {
  const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [
    database,
  ])
  const tick = 100
  let total = 0
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      total += (Number(fields[11]) + Number(fields[12])) / tick
    } catch {
      // A backend that ended meanwhile.
    }
  }
  return total
}

async function loadData(db: Db, workspaceId: string, responses: number, customers: number) {
  const survey = await createTestSurvey(db, workspaceId, 'tp-0')
  // One connection of its own: its session settings (memory for sorts and index builds, the seed) hold throughout.
  const loader = await db.connect!()
  const step = async (label: string, query: ReturnType<typeof sql>) => {
    const start = performance.now()
    await loader.query(query)
    console.log(`  ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`)
  }
  try {
    // Replica role: the generated rows are consistent by construction, so no foreign-key check per row and no
    // statement trigger holding every row (the rollups and summaries are rebuilt once after).
    await loader.exec(`set work_mem = '256MB'; set maintenance_work_mem = '512MB';
      set session_replication_role = replica; select setseed(0.2026)`)
    // A bulk load drops the secondary indexes and builds them once after (sorted), and writes keys in ascending
    // order so that the unique indexes it keeps only append.
    const indexes = await loader.query<{ name: string; definition: string }>(sql`
      select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition from pg_index i
      where i.indrelid in ('customers'::regclass, 'orders'::regclass, 'responses'::regclass, 'forecast_predictions'::regclass)
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`)
    for (const index of indexes) await loader.exec(`drop index ${index.name}`)
    const uuid = (n: Sql) => sql`lpad(to_hex(${n}), 32, '0')::uuid`
    await step(
      'org units',
      sql`insert into org_units (id, workspace_id, code, name, path)
        select ${uuid(sql`g`)}, ${workspaceId}, 'u' || g, 'Unit ' || g, '/' || ${uuid(sql`g`)} || '/'
        from generate_series(1, ${units}) g`,
    )
    await step(
      'customers',
      sql`insert into customers (id, workspace_id, external_id, email, org_unit_id, attributes)
        select ${uuid(sql`1000 + g`)}, ${workspaceId}, 'c' || lpad(g::text, 9, '0'), 'c' || g || '@bench.test',
          ${uuid(sql`1 + g % ${units}`)}, jsonb_build_object('city', 'city-' || (g % 12))
        from generate_series(1, ${customers}) g`,
    )
    // One to three orders per customer over the two years, 10–200 EUR each.
    await step(
      'orders',
      sql`insert into orders (id, workspace_id, customer_id, external_id, ordered_at, currency, amount)
        select ${uuid(sql`(k * 4 + n)`)}, ${workspaceId}, ${uuid(sql`1000 + k`)}, 'o' || lpad(k::text, 9, '0') || '-' || n,
          now() - random() * interval '730 days', 'EUR', round((10 + random() * 190)::numeric, 2)
        from generate_series(1, ${customers}) k cross join lateral generate_series(1, 1 + k % 3) n`,
    )
    // A forecast with a 12-month CLV for seven customers in ten (the others are valued at their revenue).
    await step(
      'forecast',
      sql`with fit as (insert into forecast_fits (workspace_id, status, unit, currency, calibration_end, horizon_days,
            customers, chosen, clv_options)
          values (${workspaceId}, 'fitted', 'week', 'EUR', current_date, 365, ${customers}, 'bgnbd', '{}') returning id)
        insert into forecast_predictions (fit_id, workspace_id, customer_id, x, t_x, t, revenue, p_alive,
          p_alive_before, expected_purchases, expected_spend, clv)
        select fit.id, ${workspaceId}, ${uuid(sql`1000 + k`)}, k % 3, 50, 100, round((20 + random() * 400)::numeric, 4),
          p, least(1, p + random() * 0.2), random() * 3, round((10 + random() * 190)::numeric, 4),
          round((random() * 600)::numeric, 4)
        from fit cross join generate_series(1, ${customers}) k cross join lateral (select random() as p) pa
        where k % 10 < 7`,
    )
    // As a refit does, the fit's revenue at risk is stored with it.
    const [fit] = (await loader.query(
      sql`select id from forecast_fits where workspace_id = ${workspaceId}`,
    )) as [{ id: string }]
    const atRisk = performance.now()
    await storeRevenueAtRisk(loader, workspaceId, fit.id)
    console.log(`  revenue at risk: ${((performance.now() - atRisk) / 1000).toFixed(1)} s`)
    // Scores spread as in a shop (NPS about +15, a quarter detractors), worse at some touchpoints than others;
    // CSAT and CES follow the same mood with noise and are skipped on a share; a comment on 15 %. Customers are
    // drawn at random (about five answers each, a few never answer); answers arrive in time order, as in a shop:
    // the newest rows are the table's last pages.
    await step(
      'responses',
      sql`insert into responses (id, workspace_id, survey_id, survey_version, client_id, customer_id, org_unit_id,
          language, channel, touchpoint, nps_kind, answers, started_at, updated_at, completed_at)
        select ${uuid(sql`g`)}, ${workspaceId}, ${survey.id}, 1, 'b' || lpad(g::text, 9, '0'), ${uuid(sql`1000 + k`)},
          ${uuid(sql`1 + k % ${units}`)}, 'en', 'link', 'tp-' || tp, 'transactional',
          jsonb_strip_nulls(jsonb_build_object(
            'nps', least(10, floor(11 * power(mood, 0.25 + (tp % 8) * 0.03)))::int,
            'csat', case when skip < 0.7 then least(5, 1 + floor(5 * power(0.7 * mood + 0.3 * noise, 0.35)))::int end,
            'ces', case when skip < 0.5 or skip > 0.9 then least(7, 1 + floor(7 * power(0.6 * mood + 0.4 * noise, 0.4)))::int end,
            'comment', case when comment < 0.15 then (array['slow delivery', 'friendly staff', 'price too high',
              'could not find the size', 'great app', 'long queue at the till', 'refund took weeks',
              'helpful advice'])[1 + floor(comment * 53)::int % 8] || ' (' || g || ')' end)),
          at, at, at
        from (select g, 1 + floor(random() * ${customers})::int as k, floor(random() * ${touchpoints})::int as tp,
            random() as mood, random() as noise, random() as skip, random() as comment,
            now() - (${responses} - g)::float8 / ${responses} * interval '730 days' as at
          from generate_series(1, ${responses}) g) s`,
    )
    const start = performance.now()
    for (const index of indexes) await loader.exec(index.definition)
    console.log(`  indexes: ${((performance.now() - start) / 1000).toFixed(1)} s`)
    // Revenue first: the rollup's rebuild values the customers affected with it.
    await step('customers’ revenue', sql`select insight_revenue_rebuild(${workspaceId})`)
    await step('rollups and summaries', sql`select insight_rollup_rebuild(${workspaceId})`)
    // Vacuumed as autovacuum would leave it: the rebuild's updates leave dead rows (and index entries) behind.
    await step('vacuum analyze', sql`vacuum analyze`)
    const [{ pid }] = (await loader.query(sql`select pg_backend_pid() as pid`)) as [{ pid: number }]
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return { ...survey, cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100 }
  } finally {
    await loader.close()
  }
}
