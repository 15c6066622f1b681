import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'

// Migrations 007 and 011 replaced the per-row foreign keys of orders, order lines and customers by per-statement
// checks: every rule the keys enforced still holds (and a line or order can no longer point into another workspace).
for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`order integrity on ${driver.name}`, () => {
    let db: Db
    let org: string
    beforeAll(async () => {
      db = await driver.open()
      org = (await createOrganization(db, 'Org')).id
    })
    afterAll(async () => {
      await db?.close()
    })

    async function shop() {
      const ws = (await createWorkspace(db, org, 'Shop')).id
      const [customer] = await db.query<{ id: string }>(
        sql`insert into customers (workspace_id, external_id) values (${ws}, 'c1') returning id`,
      )
      const [order] = await db.query<{ id: string }>(
        sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount)
          values (${ws}, ${customer!.id}, 'o1', now(), 'EUR', 5) returning id`,
      )
      await db.query(sql`insert into order_lines (order_id, line_no, workspace_id, product_id, quantity, unit_price)
        values (${order!.id}, 1, ${ws}, 'p1', 1, 5), (${order!.id}, 2, ${ws}, 'p2', 1, 0)`)
      return { ws, customer: customer!.id, order: order!.id }
    }

    const count = async (table: 'customers' | 'orders' | 'order_lines', ws: string) =>
      (
        await db.query<{ n: number }>(
          sql`select count(*)::int as n from ${sql.raw(table)} where workspace_id = ${ws}`,
        )
      )[0]?.n

    test('a line needs its order, in its own workspace', async () => {
      const a = await shop()
      const b = await shop()
      const line = (order: string, ws: string) =>
        db.query(sql`insert into order_lines (order_id, line_no, workspace_id, product_id, quantity, unit_price)
          values (${order}, 9, ${ws}, 'p', 1, 1)`)
      await expect(line('00000000-0000-4000-8000-000000000000', a.ws)).rejects.toMatchObject({
        code: '23503',
      })
      await expect(line(b.order, a.ws)).rejects.toMatchObject({ code: '23503' })
      // One bad line among good ones fails the whole statement.
      await expect(
        db.query(sql`insert into order_lines (order_id, line_no, workspace_id, product_id, quantity, unit_price)
          values (${a.order}, 10, ${a.ws}, 'p', 1, 1), (${b.order}, 10, ${a.ws}, 'p', 1, 1)`),
      ).rejects.toMatchObject({ code: '23503' })
      await expect(
        db.query(
          sql`update order_lines set order_id = ${b.order}, line_no = line_no + 100 where order_id = ${a.order}`,
        ),
      ).rejects.toMatchObject({ code: '23503' })
      await line(a.order, a.ws)
      expect(await count('order_lines', a.ws)).toBe(3)
    })

    test('an order needs its customer, in its own workspace, and keeps its id and workspace', async () => {
      const a = await shop()
      const b = await shop()
      const order = (customer: string, ws: string) =>
        db.query(sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount)
          values (${ws}, ${customer}, 'o2', now(), 'EUR', 1)`)
      await expect(order('00000000-0000-4000-8000-000000000000', a.ws)).rejects.toMatchObject({
        code: '23503',
      })
      await expect(order(b.customer, a.ws)).rejects.toMatchObject({ code: '23503' })
      await expect(
        db.query(sql`update orders set customer_id = ${b.customer} where id = ${a.order}`),
      ).rejects.toMatchObject({ code: '23503' })
      await expect(
        db.query(sql`update orders set id = gen_random_uuid() where id = ${a.order}`),
      ).rejects.toMatchObject({ code: '23503' })
      await expect(
        db.query(sql`update orders set workspace_id = ${b.ws} where id = ${a.order}`),
      ).rejects.toMatchObject({ code: '23503' })
      await expect(
        db.query(sql`update customers set id = gen_random_uuid() where id = ${a.customer}`),
      ).rejects.toMatchObject({ code: '23503' })
      await order(a.customer, a.ws)
      expect(await count('orders', a.ws)).toBe(2)
    })

    test('a customer needs its workspace and stays in it; a workspace keeps its id', async () => {
      const a = await shop()
      const b = await shop()
      const customer = (ws: string, id: string) =>
        db.query(sql`insert into customers (workspace_id, external_id) values (${ws}, ${id})`)
      await expect(customer('00000000-0000-4000-8000-000000000000', 'c2')).rejects.toMatchObject({
        code: '23503',
      })
      // One customer of a missing workspace among good ones fails the whole statement.
      await expect(
        db.query(sql`insert into customers (workspace_id, external_id)
          values (${a.ws}, 'c3'), ('00000000-0000-4000-8000-000000000000', 'c3')`),
      ).rejects.toMatchObject({ code: '23503' })
      await expect(
        db.query(sql`update customers set workspace_id = ${b.ws} where id = ${a.customer}`),
      ).rejects.toMatchObject({ code: '23503' })
      await expect(
        db.query(sql`update workspaces set id = gen_random_uuid() where id = ${a.ws}`),
      ).rejects.toMatchObject({ code: '23503' })
      await customer(a.ws, 'c2')
      expect([await count('customers', a.ws), await count('customers', b.ws)]).toEqual([2, 1])
    })

    test('deleting an order, a customer or a workspace deletes what hangs on it, and only that', async () => {
      const a = await shop()
      const b = await shop()
      const c = await shop()
      await db.query(sql`delete from orders where id = ${a.order}`)
      expect([await count('orders', a.ws), await count('order_lines', a.ws)]).toEqual([0, 0])
      await db.query(sql`delete from customers where id = ${b.customer}`)
      expect([await count('orders', b.ws), await count('order_lines', b.ws)]).toEqual([0, 0])
      const d = await shop()
      // A customer in one of the workspace's org units: the unit goes with the workspace, the customer too.
      await db.query(sql`insert into org_units (workspace_id, code, name, kind, path)
        values (${c.ws}, 'riga', 'Riga', 'store', 'riga')`)
      await db.query(sql`update customers set org_unit_id = (select id from org_units where workspace_id = ${c.ws})
        where id = ${c.customer}`)
      await db.query(sql`delete from workspaces where id = ${c.ws}`)
      expect([
        await count('customers', c.ws),
        await count('orders', c.ws),
        await count('order_lines', c.ws),
      ]).toEqual([0, 0, 0])
      expect([
        await count('customers', d.ws),
        await count('orders', d.ws),
        await count('order_lines', d.ws),
      ]).toEqual([1, 1, 2])
    })
  })
}
