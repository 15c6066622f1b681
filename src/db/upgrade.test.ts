import { afterAll, describe, expect, test } from 'vitest'
import type { Db } from './db.js'
import { loadMigrations, migrate } from './migrate.js'
import { openPgliteDb } from './pglite-db.js'
import { openPostgresDb } from './postgres-db.js'
import { sql } from './sql.js'
import { createPostgresDatabase, postgresReachable } from './test-db.js'

// Release 0.1.0 (commit dec80f5, the first wave) shipped migrations 001–016. A database made by it, with data in
// it, must upgrade to the current schema without losing or changing a row.
const RELEASE_0_1_0_LAST_MIGRATION = 16

const drops: (() => Promise<void>)[] = []

async function emptyDb(kind: 'pglite' | 'postgres'): Promise<Db> {
  if (kind === 'pglite') return openPgliteDb()
  const database = await createPostgresDatabase('rapport_upgrade')
  drops.push(database.drop)
  return openPostgresDb(database.url, { max: 2 })
}

afterAll(async () => {
  for (const drop of drops) await drop()
})

/** A small shop as release 0.1.0 stored it: every statement is valid against that schema. */
async function seedRelease010(db: Db): Promise<{ ws: string }> {
  const [org] = await db.query<{ id: string }>(
    sql`insert into organizations (name) values ('Org') returning id`,
  )
  const [ws] = await db.query<{ id: string }>(
    sql`insert into workspaces (organization_id, name) values (${org?.id}, 'Shop') returning id`,
  )
  const wsId = ws?.id ?? ''
  await db.query(sql`insert into users (organization_id, email, name, password_hash)
    values (${org?.id}, 'owner@shop.test', 'Owner', 'scrypt$x$y')`)
  await db.query(sql`insert into customers (workspace_id, external_id, name, email, email_opt_in)
    values (${wsId}, 'C-1', 'Olena', 'olena@shop.test', true), (${wsId}, 'C-2', 'Petro', null, false)`)
  await db.query(sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount)
    select ${wsId}, id, 'O-' || external_id, '2026-01-05T10:00:00Z', 'EUR', 19.9900 from customers`)
  await db.query(sql`insert into events (workspace_id, customer_id, dedupe_key, type, occurred_at, properties)
    select ${wsId}, id, 'e-' || external_id, 'order_delivered', '2026-01-07T10:00:00Z', '{"region":"north"}'
    from customers`)
  const [survey] = await db.query<{
    id: string
  }>(sql`insert into surveys (workspace_id, name, touchpoint, slug)
    values (${wsId}, 'Delivery', 'delivery', 'delivery-abc') returning id`)
  await db.query(sql`insert into survey_versions (survey_id, version, workspace_id, definition, estimated_seconds)
    values (${survey?.id}, 1, ${wsId}, '{"pages":[]}', 30)`)
  await db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, language, channel,
      touchpoint, nps_kind, answers, completed_at)
    values (${wsId}, ${survey?.id}, 1, 'client-1', 'en', 'link', 'delivery', 'transactional', '{"nps":9}', now())`)
  return { ws: wsId }
}

/** What the shop's owner would look at: the same before and after the upgrade. */
async function shopFacts(db: Db, ws: string) {
  return db.query(sql`select
      (select string_agg(external_id || ':' || coalesce(name, '-') || ':' || coalesce(email, '-'), ',' order by external_id)
        from customers where workspace_id = ${ws}) as customers,
      (select sum(amount)::text from orders where workspace_id = ${ws}) as revenue,
      (select string_agg(properties::text, ',') from events where workspace_id = ${ws}) as events,
      (select string_agg(answers::text, ',') from responses where workspace_id = ${ws}) as answers,
      (select count(*)::int from users) as users`)
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !(await postgresReachable()))(`upgrades on ${kind}`, () => {
    test('an empty database migrates to the current schema, and migrating again changes nothing', async () => {
      const db = await emptyDb(kind)
      try {
        const applied = await migrate(db)
        expect(applied).toEqual(loadMigrations().map((m) => m.name))
        expect(await migrate(db)).toEqual([])
      } finally {
        await db.close()
      }
    })

    test('a 0.1.0 database with data upgrades with every row and value intact', async () => {
      const db = await emptyDb(kind)
      try {
        const release = loadMigrations().filter((m) => m.version <= RELEASE_0_1_0_LAST_MIGRATION)
        expect(release).toHaveLength(RELEASE_0_1_0_LAST_MIGRATION)
        await migrate(db, release)
        const { ws } = await seedRelease010(db)
        const before = await shopFacts(db, ws)
        expect(before[0]).toMatchObject({ revenue: '39.9800', users: 1 })

        const applied = await migrate(db)
        expect(applied).toEqual(
          loadMigrations()
            .filter((m) => m.version > RELEASE_0_1_0_LAST_MIGRATION)
            .map((m) => m.name),
        )
        expect(await shopFacts(db, ws)).toEqual(before)
        const [consent] = await db.query<{ optIns: string }>(
          sql`select string_agg(external_id || '=' || email_opt_in::text, ',' order by external_id) as "optIns"
            from customers where workspace_id = ${ws}`,
        )
        // Consent given or refused under 0.1.0 stays as it was.
        expect(consent?.optIns).toBe('C-1=true,C-2=false')
        // The survey's free-text touchpoint became a touchpoint (key = the text) that the survey refers to by id.
        const [linked] = await db.query<{ key: string; name: string }>(sql`select t.key, t.name
          from surveys s join touchpoints t on t.id = s.touchpoint_id where s.workspace_id = ${ws}`)
        expect(linked).toEqual({ key: 'delivery', name: 'delivery' })
      } finally {
        await db.close()
      }
    })
  })
}
