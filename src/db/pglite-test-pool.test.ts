import { expect, test } from 'vitest'
import { sql } from './sql.js'
import { pgliteTestDb } from './test-db.js'

// A reused engine must look to the next test exactly like a new one.

test("the next test's database has none of the last one's rows, and a late query fails", async () => {
  const first = await pgliteTestDb()
  await first.query(sql`insert into organizations (name) values ('Left behind')`)
  await first.close()
  await expect(first.query(sql`select 1`)).rejects.toThrow(/closed/)

  const second = await pgliteTestDb()
  try {
    expect(await second.query(sql`select name from organizations`)).toEqual([])
    const [migrations] = await second.query<{ n: number }>(
      sql`select count(*)::int as n from schema_migrations`,
    )
    expect(migrations?.n).toBeGreaterThan(0)
  } finally {
    await second.close()
  }
})

test("a test's own table and session settings are gone for the next test", async () => {
  const first = await pgliteTestDb()
  await first.exec(`create table leftover (id int); set statement_timeout = 1234`)
  await first.close()

  const second = await pgliteTestDb()
  try {
    const tables = await second.query(sql`select 1 from pg_tables where tablename = 'leftover'`)
    expect(tables).toEqual([])
    const [timeout] = await second.query<{ value: string }>(
      sql`select current_setting('statement_timeout') as value`,
    )
    expect(timeout?.value).toBe('0')
  } finally {
    await second.close()
  }
})
