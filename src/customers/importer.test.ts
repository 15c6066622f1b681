import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOrgUnit } from '../access/org-units.js'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { Importer, type ImportRow } from './importer.js'
import { getTimeline } from './queries.js'
import { type RecordKind, type RecordOf, recordSchemas } from './records.js'

async function importAll<K extends RecordKind>(
  db: Db,
  ws: string,
  kind: K,
  records: unknown[],
  batchSize = 3,
  log: (line: string) => void = () => {},
) {
  const importer = new Importer(db, ws, kind, { batchSize, log })
  for (const [index, raw] of records.entries()) {
    const parsed = recordSchemas[kind].safeParse(raw)
    const [issue] = parsed.error?.issues ?? []
    const row: ImportRow<RecordOf<K>> = parsed.success
      ? { index, record: parsed.data }
      : { index, error: { field: String(issue?.path[0]), message: issue?.message ?? 'invalid' } }
    await importer.add(row)
  }
  return importer.finish()
}

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`importing on ${driver.name}`, () => {
    let db: Db
    let ws: string
    beforeAll(async () => {
      db = await driver.open()
      const org = await createOrganization(db, 'Org')
      ws = (await createWorkspace(db, org.id, 'Shop')).id
      await createOrgUnit(db, ws, { code: 'riga', name: 'Riga store', kind: 'store' })
    })
    afterAll(async () => {
      await db?.close()
    })

    test('customers: insert, then the same again changes nothing, then a change updates only that row', async () => {
      const records = [
        {
          customer_id: 'c1',
          name: 'Anna',
          email: 'ANNA@x.lv',
          language: 'lv',
          org_unit: 'riga',
          attributes: { tier: 'gold' },
        },
        { customer_id: 'c2', name: 'Piotr', phone: '+48 600' },
        { customer_id: 'c3', name: 'Olga', email: 'not-an-email' },
        { customer_id: 'c4', name: 'Unknown unit', org_unit: 'nowhere' },
      ]
      const first = await importAll(db, ws, 'customers', records)
      expect(first).toMatchObject({ read: 4, imported: 2, updated: 0, unchanged: 0, skipped: 2 })
      expect(first.errors.map((e) => ['index' in e && e.index, e.field])).toEqual([
        [2, 'email'],
        [3, 'org_unit'],
      ])
      const again = await importAll(db, ws, 'customers', records)
      expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 2, skipped: 2 })
      const changed = await importAll(db, ws, 'customers', [
        { customer_id: 'c2', language: 'pl' },
        records[0],
      ])
      expect(changed).toMatchObject({ imported: 0, updated: 1, unchanged: 1 })
      const [c2] = await db.query<{ name: string; phone: string; language: string }>(
        sql`select name, phone, language from customers where workspace_id = ${ws} and external_id = 'c2'`,
      )
      // A value the record leaves out keeps what is stored.
      expect(c2).toEqual({ name: 'Piotr', phone: '+48 600', language: 'pl' })
      const [c1] = await db.query<{
        email: string
        attributes: unknown
        unit: string
      }>(sql`select c.email, c.attributes,
        u.code as unit from customers c join org_units u on u.id = c.org_unit_id where c.external_id = 'c1'`)
      expect(c1).toEqual({ email: 'anna@x.lv', attributes: { tier: 'gold' }, unit: 'riga' })
    })

    test('order lines sum exactly per order, across batches, and a re-import is a no-op', async () => {
      const line = (
        order: string,
        product: string,
        quantity: string,
        unit_price: string,
        customer = 'c9',
      ) => ({
        customer_id: customer,
        order_id: order,
        ordered_at: '2024-03-01T10:00:00Z',
        currency: 'EUR',
        lines: [{ product_id: product, quantity, unit_price }],
      })
      // 0.1 + 0.2 style sums that floats get wrong, and lines of one order split across batches of 3.
      const rows = [
        line('o1', 'p1', '3', '0.10'),
        line('o2', 'p1', '1', '19.99'),
        line('o1', 'p2', '1', '0.20'),
        line('o1', 'p1', '2', '33.3333'),
        line('o3', 'p3', '-2', '4.50'),
      ]
      const first = await importAll(db, ws, 'orders', rows)
      expect(first).toMatchObject({
        read: 5,
        imported: 5,
        updated: 0,
        unchanged: 0,
        skipped: 0,
        customersCreated: 1,
      })
      const amounts = await db.query<{ external_id: string; amount: string }>(
        sql`select external_id, amount::text from orders where workspace_id = ${ws} order by external_id`,
      )
      expect(amounts).toEqual([
        { external_id: 'o1', amount: '67.1666' },
        { external_id: 'o2', amount: '19.9900' },
        { external_id: 'o3', amount: '-9.0000' },
      ])
      const again = await importAll(db, ws, 'orders', rows)
      expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 5, customersCreated: 0 })
      const [{ n }] = (await db.query<{ n: number }>(
        sql`select count(*)::int as n from order_lines where workspace_id = ${ws}`,
      )) as [{ n: number }]
      expect(n).toBe(5)
    })

    test('a changed line of an existing order is an update and the order sums again', async () => {
      const line = (order: string, product: string, quantity: string) => ({
        customer_id: 'c10',
        order_id: order,
        ordered_at: '2024-04-01T10:00:00Z',
        lines: [{ product_id: product, quantity, unit_price: '2.50' }],
      })
      const rows = [line('L-1', 'p1', '1'), line('L-1', 'p2', '2'), line('L-2', 'p1', '4')]
      expect(await importAll(db, ws, 'orders', rows, 10)).toMatchObject({ imported: 3, skipped: 0 })
      const changed = [rows[0], line('L-1', 'p2', '3'), rows[2], line('L-2', 'p9', '1')]
      // The new line of L-2 is imported; every other row belongs to an order whose amount changed: updated.
      expect(await importAll(db, ws, 'orders', changed, 10)).toMatchObject({
        imported: 1,
        updated: 3,
        unchanged: 0,
      })
      expect(await importAll(db, ws, 'orders', changed, 10)).toMatchObject({
        imported: 0,
        updated: 0,
        unchanged: 4,
      })
      const amounts = await db.query<{ external_id: string; amount: string }>(
        sql`select external_id, amount::text from orders where workspace_id = ${ws} and external_id like 'L-%'
          order by external_id`,
      )
      // L-1: 1 × 2.50 + 3 × 2.50; L-2: 4 × 2.50 + 1 × 2.50 (its new second line).
      expect(amounts).toEqual([
        { external_id: 'L-1', amount: '10.0000' },
        { external_id: 'L-2', amount: '12.5000' },
      ])
    })

    test('a row the database refuses is found by splitting the batch; the others are kept', async () => {
      const rows = ['a', 'b', 'bad\u0000id', 'c', 'd'].map((product, i) => ({
        customer_id: 'c11',
        order_id: `N-${i}`,
        ordered_at: '2024-05-01',
        lines: [{ product_id: product, quantity: '1', unit_price: '1' }],
      }))
      const logged: string[] = []
      const report = await importAll(db, ws, 'orders', rows, 10, (line) => logged.push(line))
      expect(report).toMatchObject({ read: 5, imported: 4, skipped: 1 })
      // The writer is told what is wrong in words; the database's own text goes to the server's log only.
      expect(report.errors).toEqual([
        {
          index: 2,
          field: null,
          message:
            'rejected by the database: a text holds a character that cannot be stored (such as NUL, U+0000)',
        },
      ])
      expect(logged).toEqual([
        expect.stringMatching(/^import of orders: record 2 rejected by the database: 22/),
      ])
      const orders = await db.query<{ external_id: string }>(
        sql`select external_id from orders where workspace_id = ${ws} and external_id like 'N-%' order by 1`,
      )
      expect(orders.map((o) => o.external_id)).toEqual(['N-0', 'N-1', 'N-3', 'N-4'])
    })

    test('a record too deeply nested to store is reported in words, not as the stack overflow it would cause', async () => {
      let deep: unknown = 'bottom'
      for (let i = 0; i < 20_000; i++) deep = { deeper: deep }
      const report = await importAll(db, ws, 'customers', [
        { customer_id: 'n1' },
        { customer_id: 'n2', attributes: { deep } },
        { customer_id: 'n3' },
      ])
      expect(report).toMatchObject({ read: 3, imported: 2, skipped: 1 })
      expect(report.errors).toEqual([
        { index: 1, field: 'attributes', message: 'must be at most 16384 characters long as JSON' },
      ])
      expect(JSON.stringify(report)).not.toMatch(/call stack/i)
    })

    test('a product name arrives with its line, changes on a later import and is given by the timeline', async () => {
      const order = (name?: string) => ({
        customer_id: 'c-named',
        order_id: 'PN-1',
        ordered_at: '2024-05-03',
        lines: [
          { product_id: 'SKU-9', ...(name ? { product_name: name } : {}), quantity: '1', unit_price: '4' },
        ],
      })
      expect(await importAll(db, ws, 'orders', [order('Moka pot')])).toMatchObject({ imported: 1 })
      expect(await importAll(db, ws, 'orders', [order('Moka pot, 3 cups')])).toMatchObject({ imported: 0 })
      const [customer] = await db.query<{ id: string }>(
        sql`select id from customers where workspace_id = ${ws} and external_id = 'c-named'`,
      )
      const timeline = await getTimeline(db, ws, customer!.id, 10)
      expect(timeline[0]).toMatchObject({
        kind: 'order',
        lines: [
          { productId: 'SKU-9', productName: 'Moka pot, 3 cups', quantity: '1.0000', unitPrice: '4.0000' },
        ],
      })
      // A later import without a name leaves the line without one: the file is the truth about the line.
      await importAll(db, ws, 'orders', [order()])
      const [line] = await db.query<{ product_name: string | null }>(
        sql`select l.product_name from order_lines l join orders o on o.id = l.order_id
          where o.workspace_id = ${ws} and o.external_id = 'PN-1'`,
      )
      expect(line?.product_name).toBeNull()
    })

    test('lines of a retried batch keep their numbers, so importing again is still a no-op', async () => {
      const rows = ['a', 'bad\u0000', 'c'].map((product) => ({
        customer_id: 'c12',
        order_id: 'R-1',
        ordered_at: '2024-05-02',
        lines: [{ product_id: product, quantity: '1', unit_price: '2' }],
      }))
      expect(await importAll(db, ws, 'orders', rows, 10)).toMatchObject({ imported: 2, skipped: 1 })
      const lines = await db.query<{ line_no: number; product_id: string }>(
        sql`select l.line_no, l.product_id from order_lines l join orders o on o.id = l.order_id
          where o.workspace_id = ${ws} and o.external_id = 'R-1' order by l.line_no`,
      )
      // The file's third line of R-1 is its line 3, whatever happened to the second.
      expect(lines).toEqual([
        { line_no: 1, product_id: 'a' },
        { line_no: 3, product_id: 'c' },
      ])
      expect(await importAll(db, ws, 'orders', rows, 10)).toMatchObject({
        imported: 0,
        unchanged: 2,
        skipped: 1,
      })
    })

    test('the same order ids in another workspace are other orders', async () => {
      const org = await createOrganization(db, 'Other org')
      const other = (await createWorkspace(db, org.id, 'Other shop')).id
      const rows = [
        { customer_id: 'c1', order_id: 'W-1', ordered_at: '2024-01-05', amount: '1' },
        { customer_id: 'c1', order_id: 'W-2', ordered_at: '2024-01-06', amount: '2' },
      ]
      expect(await importAll(db, ws, 'orders', rows)).toMatchObject({ imported: 2 })
      expect(await importAll(db, other, 'orders', rows)).toMatchObject({ imported: 2, customersCreated: 1 })
      expect(await importAll(db, ws, 'orders', rows)).toMatchObject({ imported: 0, unchanged: 2 })
      const counts = await db.query<{ n: number }>(
        sql`select count(*)::int as n from orders where external_id like 'W-%' group by workspace_id`,
      )
      expect(counts).toEqual([{ n: 2 }, { n: 2 }])
    })

    test('two imports of the same orders at the same time write each order once', async () => {
      const rows = Array.from({ length: 120 }, (_, i) => ({
        customer_id: `twin-${i % 7}`,
        order_id: `T-${i}`,
        ordered_at: '2024-04-01',
        amount: `${i}.25`,
      }))
      const [a, b] = await Promise.all([
        importAll(db, ws, 'orders', rows, 10),
        importAll(db, ws, 'orders', rows, 10),
      ])
      // Each order is new to exactly one of them; neither reports an error.
      expect(a.imported + b.imported).toBe(120)
      expect(a.unchanged + b.unchanged).toBe(120)
      expect([a.skipped, b.skipped, a.customersCreated + b.customersCreated]).toEqual([0, 0, 7])
      const [stored] = await db.query<{ n: number; total: string }>(
        sql`select count(*)::int as n, sum(amount)::text as total from orders
          where workspace_id = ${ws} and external_id like 'T-%'`,
      )
      // Σ i + 0.25 for i < 120 = 7140 + 30.
      expect(stored).toEqual({ n: 120, total: '7170.0000' })
    })

    test('orders with an amount: a changed status is an update, a bad amount a reported row', async () => {
      const orders = [
        { customer_id: 'c1', order_id: 'A-1', ordered_at: '2024-01-05', amount: '10.50' },
        { customer_id: 'c1', order_id: 'A-2', ordered_at: '2024-02-05', amount: '1e3' },
        { customer_id: 'c1', order_id: 'A-3', ordered_at: '2024-02-30T25:00:00', amount: '5' },
      ]
      expect(await importAll(db, ws, 'orders', orders)).toMatchObject({ imported: 1, skipped: 2 })
      const returned = await importAll(db, ws, 'orders', [
        { ...orders[0], amount: '-10.50', status: 'returned' },
      ])
      expect(returned).toMatchObject({ imported: 0, updated: 1 })
      const [row] = await db.query<{ amount: string; status: string }>(
        sql`select amount::text, status from orders where external_id = 'A-1'`,
      )
      expect(row).toEqual({ amount: '-10.5000', status: 'returned' })
    })

    test('events: the same event twice is stored once, with or without an event id', async () => {
      const events = [
        {
          customer_id: 'c1',
          type: 'visit',
          occurred_at: '2024-01-01T09:00:00Z',
          channel: 'web',
          properties: { b: 1, a: 2 },
        },
        {
          customer_id: 'c1',
          type: 'visit',
          occurred_at: '2024-01-01T09:00:00Z',
          channel: 'web',
          properties: { a: 2, b: 1 },
        },
        {
          customer_id: 'new-person',
          event_id: 'e-77',
          type: 'support_contact',
          occurred_at: '2024-01-02',
          touchpoint: 'support',
        },
      ]
      const first = await importAll(db, ws, 'events', events)
      expect(first).toMatchObject({ read: 3, imported: 2, unchanged: 1, customersCreated: 1 })
      expect(await importAll(db, ws, 'events', events)).toMatchObject({
        imported: 0,
        updated: 0,
        unchanged: 3,
      })
      const moved = await importAll(db, ws, 'events', [{ ...events[2], touchpoint: 'phone' }])
      expect(moved).toMatchObject({ updated: 1 })
    })
  })
}
