import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { copyText } from './copy.js'
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

    test('copyFrom bulk-loads text with tabs, newlines, backslashes and NULLs exactly', async () => {
      await db.exec('create table contract_copy (id int, label text, amount numeric(20, 4), at timestamptz)')
      const label = 'tab\there, line\nbreak, back\\slash, \\N, \r, ünï, "quoted"'
      await db.copyFrom(
        'contract_copy',
        ['id', 'label', 'amount', 'at'],
        copyText([
          [1, label, '0.1', new Date('2024-01-02T03:04:05Z')],
          [2, null, '-12.3456', null],
          [3, '', undefined, '2024-06-30T23:59:59.999Z'],
        ]),
      )
      const rows = await db.query<{
        id: number
        label: string | null
        amount: string | null
        at: Date | null
      }>(sql`select id, label, amount::text as amount, at from contract_copy order by id`)
      expect(rows).toEqual([
        { id: 1, label, amount: '0.1000', at: new Date('2024-01-02T03:04:05Z') },
        { id: 2, label: null, amount: '-12.3456', at: null },
        { id: 3, label: '', amount: null, at: new Date('2024-06-30T23:59:59.999Z') },
      ])
    })

    test('copyFrom inside a transaction fills its temporary table and rolls back with it', async () => {
      const counted = await db.transaction(async (tx) => {
        await tx.exec('create temp table contract_stage (n int) on commit drop')
        await tx.copyFrom('contract_stage', ['n'], copyText([[1], [2], [3]]))
        return tx.query<{ total: number }>(sql`select sum(n)::int as total from contract_stage`)
      })
      expect(counted).toEqual([{ total: 6 }])
      await db.exec('create table contract_copy_tx (n int primary key)')
      await expect(
        db.transaction(async (tx) => {
          await tx.query(sql`insert into contract_copy_tx values (1)`)
          await tx.copyFrom('contract_copy_tx', ['n'], 'not a number\n')
        }),
      ).rejects.toMatchObject({ code: '22P02' })
      expect(await db.query(sql`select n from contract_copy_tx`)).toEqual([])
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
