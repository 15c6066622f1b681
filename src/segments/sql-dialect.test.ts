import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { type DuckDb, openDuckDb } from '../db/duckdb.js'
import { sql } from '../db/sql.js'
import { pgliteTestDb } from '../db/test-db.js'
import { duckdbDialect, postgresDialect, type SqlDialect } from './sql-dialect.js'

// The shim's fragments mean the same on both sides: each is run on its engine against hand-worked values.

let pg: Db
let duck: DuckDb
beforeAll(async () => {
  ;[pg, duck] = await Promise.all([pgliteTestDb(), openDuckDb()])
})
afterAll(async () => {
  duck?.close()
  await pg?.close()
})

async function on(dialect: SqlDialect, query: (d: SqlDialect) => ReturnType<typeof sql>) {
  const rows =
    dialect === duckdbDialect
      ? await duck.rows<{ v: unknown }>(query(dialect))
      : await pg.query<{ v: unknown }>(query(dialect))
  return String(rows[0]?.v)
}

test('integer division truncates on both engines (the scores divide non-negative numbers)', async () => {
  for (const d of [postgresDialect, duckdbDialect]) {
    // 5 × (4 − 1) / (5 − 1) = 15 / 4 = 3.75 → 3; 0 / 4 = 0.
    expect(await on(d, (x) => sql`select ${x.div(sql`5 * (4 - 1)`, sql`5 - 1`)} as v`)).toBe('3')
    expect(await on(d, (x) => sql`select ${x.div(sql`0`, sql`4`)} as v`)).toBe('0')
  }
})

test("the exact decimal keeps the digits DuckDB's bare numeric would cut to three", async () => {
  for (const d of [postgresDialect, duckdbDialect]) {
    // 0.12345 × 2 = 0.2469 exactly; decimal(18,3) would make it 0.246.
    expect(Number(await on(d, (x) => sql`select 0.12345::${x.numeric} * 2 as v`))).toBe(0.2469)
  }
})

test('byte order puts upper case, digits and accents where UTF-8 bytes put them', async () => {
  for (const d of [postgresDialect, duckdbDialect]) {
    const ordered = await on(
      d,
      (x) => sql`select string_agg(v, ' ' order by v ${x.byteOrder}) as v
        from (values ('é'), ('b'), ('B'), ('9'), ('10')) t(v)`,
    )
    expect(ordered).toBe('10 9 B b é')
  }
})

test('the square root of an exact number agrees to the four places the rules round it to', async () => {
  for (const d of [postgresDialect, duckdbDialect]) {
    // √2 = 1.41421356…; √(0.0625) = 0.25 exactly; a spread of 12345678901234.5678 (a wide decimal) is 3513641.8288… (Python: math.sqrt).
    expect(await on(d, (x) => sql`select round(${x.sqrt(sql`2`)}, 4) as v`)).toBe('1.4142')
    expect(Number(await on(d, (x) => sql`select ${x.sqrt(sql`0.0625::${x.numeric}`)} as v`))).toBe(0.25)
    const wide = sql`12345678901234.5678::${d.numeric}`
    expect(await on(d, (x) => sql`select round(${x.sqrt(wide)}, 2) as v`)).toBe('3513641.83')
  }
})
