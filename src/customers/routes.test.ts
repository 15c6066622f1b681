import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { client, setUp, testApp } from '../server/test-client.js'

let db: Db
let app: Awaited<ReturnType<typeof testApp>>['app']
let owner: ReturnType<typeof client>
let ws: string

beforeAll(async () => {
  ;({ app, db } = await testApp())
  ;({ owner, workspaceId: ws } = await setUp(app))
})
afterAll(async () => {
  await db.close()
})

describe('batch ingest', () => {
  test('good records are kept, bad ones reported by index and field', async () => {
    const { status, body } = await owner.json<{ imported: number; skipped: number; errors: unknown[] }>(
      'POST',
      `/api/v1/workspaces/${ws}/ingest/customers`,
      {
        records: [
          { customer_id: 'k-1', name: 'Kateryna', email: 'k@x.ua', language: 'uk' },
          { customer_id: 'k-2', email: 'nope' },
          { name: 'no id' },
        ],
      },
    )
    expect(status).toBe(200)
    expect(body).toMatchObject({ imported: 1, skipped: 2 })
    expect(body.errors).toEqual([
      { index: 1, field: 'email', message: 'must be an e-mail address' },
      { index: 2, field: 'customer_id', message: expect.any(String) },
    ])
  })

  test("per-record errors never echo the database's own text", async () => {
    // Deeper than JSON.stringify can go, so sent as text.
    const deep = `${'{"deeper":'.repeat(20_000)}1${'}'.repeat(20_000)}`
    const records = `[{"customer_id":"z-1","name":"Zo\\u0000e"},{"customer_id":"z-2","attributes":{"deep":${deep}}},{"customer_id":"z-3","name":"Zoë"}]`
    const { status, body } = await owner.json<{ imported: number; errors: unknown[] }>(
      'POST',
      `/api/v1/workspaces/${ws}/ingest/customers`,
      `{"records":${records}}`,
    )
    expect(status).toBeLessThan(500)
    expect(JSON.stringify(body)).not.toMatch(
      /call stack|invalid byte sequence|0x00|unsupported Unicode|syntax/i,
    )
    if (status === 200) expect(body).toMatchObject({ imported: 1 })
  })

  test('a record holding NUL or a lone surrogate is reported by index and field; the others are stored', async () => {
    const { status, body } = await owner.json<{ imported: number; skipped: number; errors: unknown[] }>(
      'POST',
      `/api/v1/workspaces/${ws}/ingest/customers`,
      {
        records: [
          { customer_id: 'n-1', name: 'Nina' },
          { customer_id: 'n-2', name: 'Ni\u0000na' },
          { customer_id: 'n-3', attributes: { 'tier\u0000': 'gold' } },
          { customer_id: 'n-4', attributes: { note: 'half \ud800 pair' } },
          { customer_id: 'n-5', name: 'Nadia' },
        ],
      },
    )
    expect(status).toBe(200)
    expect(body).toMatchObject({ imported: 2, skipped: 3 })
    expect(body.errors).toEqual([
      { index: 1, field: 'name', message: 'must not contain NUL' },
      { index: 2, field: 'attributes.tier\\u0000', message: 'key must not contain NUL' },
      { index: 3, field: 'attributes.note', message: 'must not contain a lone UTF-16 surrogate' },
    ])
    const stored = await db.query<{ external_id: string }>(
      sql`select external_id from customers where workspace_id = ${ws} and external_id like 'n-%' order by 1`,
    )
    expect(stored.map((r) => r.external_id)).toEqual(['n-1', 'n-5'])
  })

  test('more than 10,000 records in one request is a 400 naming the field', async () => {
    const records = Array.from({ length: 10_001 }, (_, i) => ({ customer_id: `x${i}` }))
    const { status, body } = await owner.json<{ error: { message: string } }>(
      'POST',
      `/api/v1/workspaces/${ws}/ingest/customers`,
      { records },
    )
    expect(status).toBe(400)
    expect(body.error.message).toMatch(/records/)
  })

  test('malformed bodies and unknown routes get JSON errors, never a 500', async () => {
    const broken = await owner.request('POST', `/api/v1/workspaces/${ws}/ingest/orders`, '{"records": [', {
      'content-type': 'application/json',
    })
    expect(broken.status).toBe(400)
    expect((await broken.json()).error.code).toBe('invalid_request')
    const empty = await owner.request('POST', `/api/v1/workspaces/${ws}/ingest/orders`, '', {})
    expect(empty.status).toBe(400)
    const badPaging = await owner.json('GET', `/api/v1/workspaces/${ws}/customers?limit=-3`)
    expect(badPaging.status).toBe(400)
    const badId = await owner.json('GET', `/api/v1/workspaces/${ws}/customers/not-a-uuid`)
    expect(badId.status).toBe(404)
    const unknown = await owner.json<{ error: { code: string } }>('GET', '/api/v1/nothing-here')
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('not_found')
  })

  test('the timeline lists orders with their lines and events, newest first', async () => {
    await owner.json('POST', `/api/v1/workspaces/${ws}/ingest/orders`, {
      records: [
        {
          customer_id: 'k-1',
          order_id: 'K-1',
          ordered_at: '2024-01-10T10:00:00Z',
          lines: [{ product_id: 'lamp', quantity: '2', unit_price: '12.25' }],
        },
      ],
    })
    await owner.json('POST', `/api/v1/workspaces/${ws}/ingest/events`, {
      records: [{ customer_id: 'k-1', type: 'review', occurred_at: '2024-01-20T10:00:00Z', channel: 'web' }],
    })
    const list = await owner.json<{ items: { id: string; revenue: string; ordersCount: number }[] }>(
      'GET',
      `/api/v1/workspaces/${ws}/customers?q=kater`,
    )
    expect(list.body.items).toHaveLength(1)
    expect(list.body.items[0]).toMatchObject({ revenue: '24.5000', ordersCount: 1 })
    const timeline = await owner.json<{ items: { kind: string; amount?: string; lines?: unknown[] }[] }>(
      'GET',
      `/api/v1/workspaces/${ws}/customers/${list.body.items[0]!.id}/timeline`,
    )
    expect(timeline.body.items.map((i) => i.kind)).toEqual(['event', 'order'])
    expect(timeline.body.items[1]).toMatchObject({
      amount: '24.5000',
      lines: [{ productId: 'lamp', quantity: '2.0000', unitPrice: '12.2500' }],
    })
  })
})

describe('customers.csv', () => {
  test('hostile cells are neutralised and a negative revenue stays a number', async () => {
    const ingest = (kind: string, records: unknown[]) =>
      owner.json('POST', `/api/v1/workspaces/${ws}/ingest/${kind}`, { records })
    await ingest('customers', [
      { customer_id: '=1+2', name: '-2+3', phone: '@cmd', language: 'en', email: 'csv@x.test' },
    ])
    await ingest('orders', [
      {
        customer_id: '=1+2',
        order_id: 'csv-return',
        ordered_at: '2026-01-02',
        amount: '-12.50',
        currency: 'EUR',
      },
    ])
    const csv = await (
      await owner.request('GET', `/api/v1/workspaces/${ws}/customers.csv?q=csv@x.test`)
    ).text()
    const [, line] = csv.trim().split('\n')
    expect(line).toMatch(/^'=1\+2,'-2\+3,csv@x\.test,'@cmd,en,,1,-12\.5(0*),EUR,/)
  })
})

describe('shop webhooks', () => {
  const fixture = (name: string) =>
    readFileSync(new URL(`./webhooks/fixtures/${name}`, import.meta.url), 'utf8')

  test('a signed Shopify orders/create is imported once; a bad signature is refused', async () => {
    const created = await owner.json<{ id: string; secret: string; url: string }>(
      'POST',
      `/api/v1/workspaces/${ws}/webhook-sources`,
      { platform: 'shopify', name: 'Shop' },
    )
    expect(created.status).toBe(201)
    expect(created.body.url).toMatch(new RegExp(`/api/v1/hooks/${created.body.id}$`))
    const body = fixture('shopify-orders-create.json')
    const hmac = createHmac('sha256', created.body.secret).update(body).digest('base64')
    const send = (signature: string) =>
      app.request(`/api/v1/hooks/${created.body.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': signature },
        body,
      })
    expect((await send('AAAA')).status).toBe(401)
    const first = await send(hmac)
    expect(first.status).toBe(200)
    expect(await first.json()).toMatchObject({ imported: 1 })
    expect(await (await send(hmac)).json()).toMatchObject({ replayed: true, imported: 0, unchanged: 0 })
    const [order] = await db.query<{ amount: string; currency: string }>(
      sql`select amount::text, currency from orders where external_id = 'shopify:5829183741234'`,
    )
    expect(order).toEqual({ amount: '67.6400', currency: 'EUR' })
  })

  test('a signed webhook whose payload holds NUL is a 400 naming the field, and nothing is stored', async () => {
    const created = await owner.json<{ id: string; secret: string }>(
      'POST',
      `/api/v1/workspaces/${ws}/webhook-sources`,
      { platform: 'shopify', name: 'Shop with NUL' },
    )
    const order = JSON.parse(fixture('shopify-orders-create.json'))
    order.id = 7000000000001
    order.customer.first_name = 'Ol\u0000ena'
    const body = JSON.stringify(order)
    const hmac = createHmac('sha256', created.body.secret).update(body).digest('base64')
    const res = await app.request(`/api/v1/hooks/${created.body.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': hmac },
      body,
    })
    expect(res.status).toBe(400)
    expect((await res.json()).error.message).toBe('payload: customer.first_name: must not contain NUL')
    const stored = await db.query(sql`select 1 from orders where external_id = 'shopify:7000000000001'`)
    expect(stored).toEqual([])
  })

  test('a replayed delivery is acknowledged without a second import, whatever delivery id it claims', async () => {
    const created = await owner.json<{ id: string; secret: string }>(
      'POST',
      `/api/v1/workspaces/${ws}/webhook-sources`,
      { platform: 'shopify', name: 'Replayed shop' },
    )
    const original = JSON.parse(fixture('shopify-orders-create.json')) as Record<string, unknown>
    const order7001 = { id: 7001, admin_graphql_api_id: 'gid://shopify/Order/7001', name: '#7001' }
    const placed = JSON.stringify({ ...original, ...order7001 })
    const cancelled = JSON.stringify({ ...original, ...order7001, cancelled_at: '2026-02-01T10:00:00Z' })
    const send = (body: string, deliveryId: string) =>
      app.request(`/api/v1/hooks/${created.body.id}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-shopify-hmac-sha256': createHmac('sha256', created.body.secret).update(body).digest('base64'),
          'x-shopify-webhook-id': deliveryId,
        },
        body,
      })
    const status = async () =>
      (
        await db.query<{ status: string }>(
          sql`select status from orders where workspace_id = ${ws} and external_id = 'shopify:7001'`,
        )
      )[0]?.status
    expect(await (await send(placed, 'delivery-1')).json()).toMatchObject({ imported: 1 })
    expect(await (await send(cancelled, 'delivery-2')).json()).toMatchObject({ updated: 1 })
    expect(await status()).toBe('cancelled')
    for (const deliveryId of ['delivery-1', 'delivery-3']) {
      const replay = await send(placed, deliveryId)
      expect(replay.status).toBe(200)
      expect(await replay.json()).toMatchObject({ replayed: true, imported: 0, updated: 0 })
      expect(await status()).toBe('cancelled')
    }
    // Settings list the deliveries received, newest first; the replays were not deliveries.
    const deliveries = await owner.json<{ items: { deliveryId: string | null; bodyHash: string }[] }>(
      'GET',
      `/api/v1/workspaces/${ws}/webhook-sources/${created.body.id}/deliveries`,
    )
    expect(deliveries.body.items.map((d) => d.deliveryId)).toEqual(['delivery-2', 'delivery-1'])
    expect(deliveries.body.items[0]?.bodyHash).toMatch(/^[0-9a-f]{64}$/)
  })

  test('a WooCommerce delivery id seen before is a replay', async () => {
    const created = await owner.json<{ id: string; secret: string }>(
      'POST',
      `/api/v1/workspaces/${ws}/webhook-sources`,
      { platform: 'woocommerce', name: 'Replayed Woo' },
    )
    const body = fixture('woocommerce-order-created.json')
    const send = () =>
      app.request(`/api/v1/hooks/${created.body.id}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-wc-webhook-signature': createHmac('sha256', created.body.secret).update(body).digest('base64'),
          'x-wc-webhook-delivery-id': '4242',
        },
        body,
      })
    expect(await (await send()).json()).toMatchObject({ replayed: false })
    expect(await (await send()).json()).toMatchObject({ replayed: true, imported: 0 })
  })

  test('a signed WooCommerce order.created is imported', async () => {
    const created = await owner.json<{ id: string; secret: string }>(
      'POST',
      `/api/v1/workspaces/${ws}/webhook-sources`,
      { platform: 'woocommerce', name: 'Woo' },
    )
    const body = fixture('woocommerce-order-created.json')
    const payload = JSON.parse(body) as { id: number; total: string }
    const response = await app.request(`/api/v1/hooks/${created.body.id}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-wc-webhook-signature': createHmac('sha256', created.body.secret).update(body).digest('base64'),
      },
      body,
    })
    expect(response.status).toBe(200)
    const [order] = await db.query<{ amount: string }>(
      sql`select amount::text from orders where external_id = ${`woo:${payload.id}`}`,
    )
    expect(Number(order!.amount)).toBe(Number(payload.total))
  })
})

test('the OpenAPI document describes every route with its parameters', async () => {
  const { status, body } = await client(app).json<{
    openapi: string
    paths: Record<string, Record<string, unknown>>
  }>('GET', '/api/openapi.json')
  expect(status).toBe(200)
  expect(body.openapi).toBe('3.1.0')
  expect(Object.keys(body.paths)).toEqual(
    expect.arrayContaining([
      '/api/health',
      '/api/v1/auth/login',
      '/api/v1/workspaces/{workspaceId}/customers',
      '/api/v1/workspaces/{workspaceId}/customers/{customerId}/timeline',
      '/api/v1/workspaces/{workspaceId}/ingest/orders',
      '/api/v1/hooks/{sourceId}',
    ]),
  )
  expect(JSON.stringify(body.paths['/api/v1/workspaces/{workspaceId}/ingest/orders'])).toContain('records')
})
