import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { loadConfig } from '../src/config.js'
import type { Db } from '../src/db/db.js'
import { migrate } from '../src/db/migrate.js'
import { openPostgresDb } from '../src/db/postgres-db.js'
import { sql } from '../src/db/sql.js'
import { postgresReachable } from '../src/db/test-db.js'
import { createApp } from '../src/server/app.js'
import { setUp } from '../src/server/test-client.js'
import { commitmentTemplate } from '../src/surveys/templates/battery-templates.js'
import { relationalNps } from '../src/surveys/templates/nps-templates.js'
import type { SurveyTemplate } from '../src/surveys/templates/template.js'
import { templateSurvey } from '../src/surveys/test-survey.js'

const adminUrl = process.env.RAPPORT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const units = 8

/**
 * `npm run bench -- diagnosis [customers]` (1,000,000 by default): a fresh PostgreSQL database with that many
 * customers in 8 org units, current RFM results for 80 % of them, relational NPS from 30 % (a tenth of those twice)
 * and a commitment battery from 10 %; then times the diagnosis routes through the API, warm (median of 5): the
 * matrix, the matrix of one org unit, a quadrant's first page (as it comes and sorted by name), one customer, and
 * the whole CSV export.
 */
export async function benchDiagnosis(customers: number): Promise<void> {
  if (!(await postgresReachable())) {
    console.log(`PostgreSQL not reachable at ${adminUrl}: the diagnosis bench needs it`)
    return
  }
  const name = `rapport_bench_${process.pid}_${randomBytes(3).toString('hex')}`
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
    const unitId = await load(db, workspaceId, customers)
    console.log(`loaded ${customers} customers in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`)

    const api = `/api/v1/workspaces/${workspaceId}/diagnosis`
    const timed = async (path: string) => {
      const start = performance.now()
      const response = await owner.request('GET', path)
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`)
      const text = await response.text()
      return { ms: performance.now() - start, text }
    }
    const warm = async (label: string, path: string, runs = 5) => {
      const first = await timed(path)
      const times: number[] = []
      for (let i = 0; i < runs; i++) times.push((await timed(path)).ms)
      times.sort((a, b) => a - b)
      console.log(
        `${label}: median ${times[Math.floor(runs / 2)]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms (first ${first.ms.toFixed(0)} ms)`,
      )
      return first.text
    }
    const matrix = JSON.parse(await warm('matrix (all customers)', api)) as {
      cells: { quadrant: string; customers: number }[]
    }
    console.log(`  cells: ${matrix.cells.map((c) => `${c.quadrant} ${c.customers}`).join(', ')}`)
    await warm('matrix of one org unit', `${api}?orgUnitId=${unitId}`)
    await warm('spurious loyalty, first page of 50', `${api}/customers?quadrant=spurious_loyalty`)
    await warm('the same sorted by name', `${api}/customers?quadrant=spurious_loyalty&sort=name`)
    const [one] = await db.query<{ id: string }>(
      sql`select id from customers where workspace_id = ${workspaceId} and external_id = 'c4242'`,
    )
    await warm('one customer', `${api}/customers/${one!.id}`)
    const cpuBefore = process.cpuUsage()
    const csv = await timed(`${api}/customers.csv`)
    const cpu = process.cpuUsage(cpuBefore)
    console.log(
      `CSV of every customer: ${csv.text.split('\n').length - 2} rows in ${(csv.ms / 1000).toFixed(1)} s (server process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s)`,
    )
  } finally {
    await db.close()
    if (process.env.BENCH_KEEP) console.log(`kept database ${name}`)
    else await admin.query(`drop database ${name} with (force)`)
    await admin.end()
  }
}

async function load(db: Db, workspaceId: string, customers: number): Promise<string> {
  const step = async (label: string, query: ReturnType<typeof sql>) => {
    const start = performance.now()
    await db.query(query)
    console.log(`  ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`)
  }
  const survey = (template: SurveyTemplate) => templateSurvey(db, workspaceId, template)
  const nps = await survey(relationalNps)
  const commitment = await survey(commitmentTemplate)
  await step(
    'org units',
    sql`insert into org_units (workspace_id, code, name, path)
      select ${workspaceId}, 'u' || g, 'Unit ' || g, '/' || gen_random_uuid() || '/' from generate_series(1, ${units}) g`,
  )
  await db.query(sql`update org_units set path = '/' || id || '/' where workspace_id = ${workspaceId}`)
  await step(
    'customers',
    sql`insert into customers (workspace_id, external_id, email, org_unit_id)
      select ${workspaceId}, 'c' || g, 'c' || g || '@bench.test',
        (select id from org_units where workspace_id = ${workspaceId} order by code offset (g % ${units}) limit 1)
      from generate_series(1, ${customers}) g`,
  )
  await step(
    'customer keys',
    sql`create table bench_customers as select row_number() over (order by id) as k, id
      from customers where workspace_id = ${workspaceId}`,
  )
  await db.query(sql`create unique index on bench_customers (k)`)
  const [generation] = await db.query<{ g: string }>(sql`select nextval('segment_generation')::text as g`)
  await step(
    'RFM results (80 %)',
    sql`insert into segment_results (workspace_id, generation, customer_id, as_of, first_purchase, last_purchase,
        recency_days, frequency, monetary, r, f, m, segment, abc, purchase_months)
      select ${workspaceId}, ${generation!.g}::bigint, c.id, current_date, current_date - 400, current_date - 10, 10,
        1 + c.k % 9, (10 + c.k % 990)::numeric, 1 + (c.k * 7) % 5, 1 + (c.k * 13) % 5, 1 + c.k % 5, 'loyal', 'B', '{}'
      from bench_customers c where c.k % 5 <> 0`,
  )
  await db.query(sql`insert into segment_generations (workspace_id, generation, as_of, customers)
    values (${workspaceId}, ${generation!.g}::bigint, current_date, ${Math.floor(customers * 0.8)})`)
  // A bulk load skips the per-statement insight rollup trigger (the diagnosis does not read the rollup).
  await db.query(sql`alter table responses disable trigger responses_rollup_insert`)
  await step(
    'relational NPS (30 % of customers, a tenth of them twice)',
    sql`insert into responses (workspace_id, survey_id, survey_version, client_id, customer_id, language, channel,
        touchpoint, nps_kind, answers, started_at, updated_at, completed_at)
      select ${workspaceId}, ${nps.id}, 1, 'n' || c.k || '-' || w, c.id, 'en', 'email', 'relationship', 'relational',
        jsonb_build_object('nps', (c.k * 7 + w) % 11), now() - w * interval '90 days', now() - w * interval '90 days',
        now() - w * interval '90 days'
      from bench_customers c cross join generate_series(1, 2) w
      where c.k % 10 < 3 and (w = 1 or c.k % 100 < 3)`,
  )
  await step(
    'commitment battery (10 %)',
    sql`insert into responses (workspace_id, survey_id, survey_version, client_id, customer_id, language, channel,
        touchpoint, nps_kind, answers, started_at, updated_at, completed_at)
      select ${workspaceId}, ${commitment.id}, 1, 'm' || c.k, c.id, 'en', 'link', 'relationship', 'relational',
        jsonb_build_object('commitment', jsonb_build_object('affective_1', 1 + c.k % 7, 'affective_2', 1 + (c.k / 7) % 7,
          'affective_3', 1 + (c.k / 49) % 7, 'forced_1', 4, 'habitual_1', 5)), now(), now(), now()
      from bench_customers c where c.k % 10 between 2 and 3`,
  )
  await db.query(sql`alter table responses enable trigger responses_rollup_insert`)
  await step('analyze', sql`analyze`)
  await db.query(sql`drop table bench_customers`)
  const [unit] = await db.query<{ id: string }>(
    sql`select id from org_units where workspace_id = ${workspaceId} and code = 'u1'`,
  )
  return unit!.id
}
