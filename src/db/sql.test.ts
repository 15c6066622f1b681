import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from './db.js'
import { sql } from './sql.js'
import { testDrivers } from './test-db.js'

test('inlined writes values in as literals, quotes doubled, and refuses what it cannot write', () => {
  const inner = sql`${-2.5} < ${3}`
  expect(sql`select ${"it's"}, ${null}::date, ${true}, ${inner}`.inlined).toBe(
    "select 'it''s', null::date, true, (-2.5) < (3)",
  )
  expect(() => sql`select ${Number.NaN}`.inlined).toThrow(/number NaN/)
  expect(() => sql`select ${{ a: 1 }}`.inlined).toThrow(/object/)
})

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`inlined SQL on ${driver.name}`, () => {
    let db: Db
    beforeAll(async () => {
      db = await driver.open()
    })
    afterAll(async () => {
      await db?.close()
    })

    test('reads back the same values as the parameterized statement', async () => {
      const statement = sql`select ${"O'Brien; drop table x --"}::text as t, ${-7}::int + ${2} as n,
        ${'2024-02-29'}::date + ${1}::int as d, ${0.1}::numeric * ${3} as m, ${null}::int is null as z`
      const [parameterized] = await db.query(statement)
      const [inlined] = await db.query(sql.raw(statement.inlined))
      expect(inlined).toEqual(parameterized)
      expect(inlined).toMatchObject({ t: "O'Brien; drop table x --", n: -5, z: true })
    })
  })
}
