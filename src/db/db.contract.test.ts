import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from './db.js'
import { loadMigrations, migrate } from './migrate.js'
import { sql } from './sql.js'
import { testDrivers } from './test-db.js'

// One contract, both drivers: everything the capabilities rely on from Db behaves the same.
for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`Db contract on ${driver.name}`, () => {
    let db: Db
    beforeAll(async () => {
      db = await driver.open()
    })
    afterAll(async () => {
      await db?.close()
    })

    test('parameters are bound, never spliced into the text', async () => {
      const evil = "x'; drop table customers; --"
      const rows = await db.query<{ v: string }>(sql`select ${evil}::text as v`)
      expect(rows[0]!.v).toBe(evil)
      const tables = await db.query(
        sql`select 1 from information_schema.tables where table_name = 'customers'`,
      )
      expect(tables).toHaveLength(1)
    })

    test('nested fragments are renumbered', async () => {
      const where = sql`a = ${2} and b = ${'y'}`
      const q = sql`select * from (values (1, 'x'), (2, 'y')) t(a, b) where ${where} or a = ${1}`
      expect(q.text).toContain('$3')
      const rows = await db.query<{ a: number }>(q)
      expect(rows.map((r) => r.a).sort()).toEqual([1, 2])
    })

    test('numeric and int8 come back as exact strings, int4 as number, jsonb parsed', async () => {
      const [row] = await db.query<{ n: string; big: string; small: number; j: unknown; t: Date }>(
        sql`select ${'0.1'}::numeric + ${'0.2'}::numeric as n, 9007199254740993::int8 as big,
          7::int4 as small, ${JSON.stringify({ a: [1, 'b'] })}::jsonb as j, timestamptz '2024-01-02T03:04:05Z' as t`,
      )
      expect(row!.n).toBe('0.3')
      expect(row!.big).toBe('9007199254740993')
      expect(row!.small).toBe(7)
      expect(row!.j).toEqual({ a: [1, 'b'] })
      expect(row!.t).toBeInstanceOf(Date)
      expect(row!.t.toISOString()).toBe('2024-01-02T03:04:05.000Z')
    })

    test('arrays bind for unnest-based bulk inserts', async () => {
      const rows = await db.query<{ id: string; amount: string }>(
        sql`select * from unnest(${['a', 'b']}::text[], ${['1.10', '-2.005']}::numeric[]) as t(id, amount)`,
      )
      expect(rows).toEqual([
        { id: 'a', amount: '1.10' },
        { id: 'b', amount: '-2.005' },
      ])
    })

    test('a failing transaction leaves nothing behind', async () => {
      await db.exec('create table contract_tx (id int primary key)')
      await expect(
        db.transaction(async (tx) => {
          await tx.query(sql`insert into contract_tx values (1)`)
          await tx.query(sql`insert into contract_tx values (1)`)
        }),
      ).rejects.toThrow()
      expect(await db.query(sql`select * from contract_tx`)).toEqual([])
      await db.transaction(async (tx) => {
        await tx.query(sql`insert into contract_tx values (2)`)
      })
      expect(await db.query(sql`select id from contract_tx`)).toEqual([{ id: 2 }])
    })

    test('migrations are recorded and applying them again does nothing', async () => {
      const rows = await db.query<{ version: number }>(
        sql`select version from schema_migrations order by version`,
      )
      expect(rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version))
      expect(await migrate(db)).toEqual([])
    })

    test('errors carry the PostgreSQL error code', async () => {
      await expect(db.query(sql`select 1/0`)).rejects.toMatchObject({ code: '22012' })
    })
  })
}
