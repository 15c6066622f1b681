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
      expect(rows[0]?.v).toBe(evil)
      const tables = await db.query(
        sql`select 1 from information_schema.tables where table_name = 'customers'`,
      )
      expect(tables).toHaveLength(1)
    })

    test('a prepared statement gives the same rows on every run, in and out of a transaction, for each variant', async () => {
      const pick = (n: number, extra = sql.empty) =>
        sql`select ${n}::int * 2 as doubled, ${String(n)}::bigint as exact ${extra}`.prepared()
      for (const n of [1, 2, 3, 4, 5, 6, 7])
        expect(await db.query(pick(n))).toEqual([{ doubled: 2 * n, exact: String(n) }])
      // Another text under the same call site is another statement, not the first one's plan.
      expect(await db.query(pick(8, sql`, ${'x'}::text as label`))).toEqual([
        { doubled: 16, exact: '8', label: 'x' },
      ])
      expect(await db.transaction((tx) => tx.query(pick(9)))).toEqual([{ doubled: 18, exact: '9' }])
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

    test('batches yields every row once, in the query order, at most size at a time', async () => {
      const collect = async (query: ReturnType<typeof sql>, size: number) => {
        const sizes: number[] = []
        const values: number[] = []
        for await (const batch of db.batches<{ g: number }>(query, size)) {
          sizes.push(batch.length)
          values.push(...batch.map((r) => r.g))
        }
        return { sizes, values }
      }
      const descending = sql`select g from generate_series(1, ${12}::int) g where g > ${0} order by g desc`
      expect(await collect(descending, 5)).toEqual({
        sizes: [5, 5, 2],
        values: [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
      })
      // An exact multiple ends without an empty batch; no rows, no batch at all.
      expect((await collect(sql`select g from generate_series(1, 10) g`, 5)).sizes).toEqual([5, 5])
      expect(await collect(sql`select g from generate_series(1, 0) g`, 5)).toEqual({ sizes: [], values: [] })
    })

    test('batches cleans up after a consumer that stops early and after a failing query', async () => {
      for await (const batch of db.batches<{ g: number }>(sql`select g from generate_series(1, 100) g`, 10)) {
        expect(batch).toHaveLength(10)
        break
      }
      const failing = sql`select 10 / (5 - g) as g from generate_series(1, 100) g`
      await expect(
        (async () => {
          for await (const _ of db.batches(failing, 2)) {
            // The division by zero comes with the third batch.
          }
        })(),
      ).rejects.toMatchObject({ code: '22012' })
      const [open] = await db.query<{ cursors: number }>(
        sql`select count(*)::int as cursors from pg_cursors where name <> ''`,
      )
      expect(open!.cursors).toBe(0)
      expect(await db.query(sql`select 1 as one`)).toEqual([{ one: 1 }])
    })

    test('batches inside a transaction reads what the transaction wrote', async () => {
      await db.exec('create table contract_batches (n int)')
      const seen = await db.transaction(async (tx) => {
        await tx.query(sql`insert into contract_batches select generate_series(1, 7)`)
        const sums: number[] = []
        for await (const batch of tx.batches<{ n: number }>(
          sql`select n from contract_batches order by n`,
          3,
        ))
          sums.push(batch.reduce((sum, r) => sum + r.n, 0))
        return sums
      })
      expect(seen).toEqual([6, 15, 7])
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

    test.skipIf(driver.name === 'pglite')(
      'a connection of its own keeps its settings and sees what others commit',
      async () => {
        const a = await db.connect!()
        const b = await db.connect!()
        try {
          await a.query(sql`set work_mem = '77MB'`)
          await db.query(sql`create table if not exists contract_sessions (v int)`)
          await b.transaction((tx) => tx.query(sql`insert into contract_sessions values (1)`))
          await expect(
            b.transaction(async (tx) => {
              await tx.query(sql`insert into contract_sessions values (2)`)
              throw new Error('undo')
            }),
          ).rejects.toThrow('undo')
          expect(await a.query(sql`select v from contract_sessions`)).toEqual([{ v: 1 }])
          expect(await a.query(sql`show work_mem`)).toEqual([{ work_mem: '77MB' }])
          const [pids] = await a.query<{ mine: number; theirs: number }>(
            sql`select pg_backend_pid() as mine, ${(await b.query<{ p: number }>(sql`select pg_backend_pid() as p`))[0]?.p}::int as theirs`,
          )
          expect(pids!.mine).not.toBe(pids!.theirs)
        } finally {
          await a.close()
          await b.close()
        }
      },
    )
  })
}
