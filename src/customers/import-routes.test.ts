import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { client, setUp, testApp } from '../server/test-client.js'
import { IMPORT_FILE_JOB, runImportFile } from './import-runs.js'
import { detectDateFormat, suggestMapping } from './suggest-mapping.js'

// The import wizard's API: upload (streamed to disk), preview and suggested mapping, background run, report,
// bad lines as CSV, the saved mapping; and who may use it.

let db: Db
let app: Awaited<ReturnType<typeof testApp>>['app']
let owner: ReturnType<typeof client>
let ws: string

beforeAll(async () => {
  ;({ app, db } = await testApp())
  ;({ owner, workspaceId: ws } = await setUp(app))
})
afterAll(async () => db.close())

const upload = (kind: string, body: string | Uint8Array, fileName = 'file.csv', who = owner) =>
  who.request('POST', `/api/v1/workspaces/${ws}/imports?kind=${kind}&fileName=${fileName}`, body, {
    'content-type': body instanceof Uint8Array ? 'application/gzip' : 'text/csv',
  })

async function runQueuedJob(): Promise<void> {
  const jobs = await db.query<{ id: string; runId: string }>(sql`update jobs set status = 'running'
    where kind = ${IMPORT_FILE_JOB} and status = 'pending' returning id, payload->>'runId' as "runId"`)
  for (const job of jobs) await runImportFile(db, job.runId, job.id)
}

// Online Retail's own header and two of its rows, one with a date that does not exist (13th month).
const retail = [
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
  '536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom',
  '536366,22633,HAND WARMER,6,12/1/2010 8:28,1.85,17850,United Kingdom',
  '536367,84879,BIRD ORNAMENT,32,13/1/2010 8:34,1.69,13047,United Kingdom',
].join('\n')

describe('suggested mappings', () => {
  test('Online Retail headers map to order lines', () => {
    expect(
      suggestMapping('orders', [
        'InvoiceNo',
        'StockCode',
        'Description',
        'Quantity',
        'InvoiceDate',
        'UnitPrice',
        'CustomerID',
      ]),
    ).toEqual({
      customer_id: 'CustomerID',
      order_id: 'InvoiceNo',
      ordered_at: 'InvoiceDate',
      quantity: 'Quantity',
      unit_price: 'UnitPrice',
      product_id: 'StockCode',
      product_name: 'Description',
    })
  })

  test("Shopify's orders export maps e-mail, name, created at, total, financial status", () => {
    const shopify = [
      'Name',
      'Email',
      'Financial Status',
      'Currency',
      'Total',
      'Created at',
      'Lineitem quantity',
      'Lineitem price',
      'Lineitem sku',
      'Id',
    ]
    expect(suggestMapping('orders', shopify)).toMatchObject({
      customer_id: 'Email',
      order_id: 'Name',
      ordered_at: 'Created at',
      amount: 'Total',
      currency: 'Currency',
      status: 'Financial Status',
      product_id: 'Lineitem sku',
    })
  })

  test('WooCommerce customer export: the id, e-mail and billing phone', () => {
    expect(suggestMapping('customers', ['Customer ID', 'First Name', 'Email', 'Billing Phone'])).toEqual({
      customer_id: 'Customer ID',
      email: 'Email',
      phone: 'Billing Phone',
    })
  })

  test('dates: US month first, day-first with dots, ISO, and none', () => {
    expect(detectDateFormat(['12/1/2010 8:26', '12/13/2010 14:02'])).toBe('M/D/YYYY H:mm')
    expect(detectDateFormat(['31.01.2024', '01.02.2024'])).toBe('DD.MM.YYYY')
    expect(detectDateFormat(['2024-01-15 10:23:45 +0100'])).toBe('ISO')
    expect(detectDateFormat(['soon'])).toBeNull()
  })
})

describe('upload, map and import', () => {
  test('a file is previewed with the suggested mapping and detected date format, then imported with its bad line', async () => {
    const response = await upload('orders', retail, 'Online%20Retail.csv')
    expect(response.status).toBe(201)
    const preview = (await response.json()) as {
      run: { id: string; status: string; fileName: string }
      delimiter: string
      headers: string[]
      rows: string[][]
      mapping: Record<string, string>
      dateFormat: string
    }
    expect(preview.run.status).toBe('uploaded')
    expect(preview.run.fileName).toBe('Online Retail.csv')
    expect(preview.delimiter).toBe(',')
    expect(preview.rows).toHaveLength(3)
    expect(preview.mapping.order_id).toBe('InvoiceNo')
    // The third row's "13/1/2010" rules M/D out; D/M reads all three.
    expect(preview.dateFormat).toBe('D/M/YYYY H:mm')

    const start = await owner.json<{ status: string }>(
      'POST',
      `/api/v1/workspaces/${ws}/imports/${preview.run.id}/start`,
      {
        columns: preview.mapping,
        dateFormat: 'M/D/YYYY H:mm',
        save: true,
      },
    )
    expect(start.status).toBe(202)
    expect(start.body.status).toBe('queued')
    await runQueuedJob()
    const run = await owner.json<{
      status: string
      report: { read: number; imported: number; skipped: number; errors: { line: number; field: string }[] }
    }>('GET', `/api/v1/workspaces/${ws}/imports/${preview.run.id}`)
    expect(run.body.status).toBe('done')
    expect(run.body.report).toMatchObject({ read: 3, imported: 2, skipped: 1 })
    expect(run.body.report.errors).toEqual([expect.objectContaining({ line: 4, field: 'ordered_at' })])

    const csv = await owner.request('GET', `/api/v1/workspaces/${ws}/imports/${preview.run.id}/bad-lines.csv`)
    expect(csv.status).toBe(200)
    const lines = (await csv.text()).trim().split('\n')
    expect(lines[0]).toBe(
      'line,field,error,InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
    )
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatch(
      /^4,ordered_at,.*,536367,84879,BIRD ORNAMENT,32,13\/1\/2010 8:34,1.69,13047,United Kingdom$/,
    )

    // The mapping was saved: the next file of orders is offered it.
    const again = await upload('orders', retail)
    const next = (await again.json()) as { savedMapping: boolean; dateFormat: string }
    expect(next.savedMapping).toBe(true)
    expect(next.dateFormat).toBe('M/D/YYYY H:mm')
    const [count] = await db.query<{ n: number }>(
      sql`select count(*)::int as n from orders where workspace_id = ${ws}`,
    )
    expect(count?.n).toBe(2)
    // Online Retail's Description is the product's name, kept on the line.
    const named = await db.query<{ product_id: string; product_name: string | null }>(
      sql`select product_id, product_name from order_lines where workspace_id = ${ws} order by product_id`,
    )
    expect(named).toEqual([
      { product_id: '22633', product_name: 'HAND WARMER' },
      { product_id: '85123A', product_name: 'WHITE HANGING HEART' },
    ])
  })

  test('a gzipped tab-separated file is detected by its bytes and read through gunzip', async () => {
    const tsv = 'id\tEmail\tname\nc-1\ta@example.com\tAnna\nc-2\tb@example.com\tBoris\n'
    const response = await upload('customers', new Uint8Array(gzipSync(tsv)), 'customers.tsv.gz')
    expect(response.status).toBe(201)
    const preview = (await response.json()) as {
      run: { id: string }
      delimiter: string
      mapping: Record<string, string>
    }
    expect(preview.delimiter).toBe('\t')
    expect(preview.mapping).toEqual({ customer_id: 'id', email: 'Email', name: 'name' })
    await owner.json('POST', `/api/v1/workspaces/${ws}/imports/${preview.run.id}/start`, {
      columns: preview.mapping,
      dateFormat: 'ISO',
    })
    await runQueuedJob()
    const run = await owner.json<{ report: { imported: number } }>(
      'GET',
      `/api/v1/workspaces/${ws}/imports/${preview.run.id}`,
    )
    expect(run.body.report.imported).toBe(2)
  })
})

describe('hostile input and access', () => {
  test('a mapping that names a missing header or lacks a required column is a 400 naming columns', async () => {
    const preview = (await (await upload('orders', retail)).json()) as { run: { id: string } }
    const path = `/api/v1/workspaces/${ws}/imports/${preview.run.id}/start`
    const missing = await owner.json<{ error: { message: string } }>('POST', path, {
      columns: { customer_id: 'Nope', order_id: 'InvoiceNo' },
      dateFormat: 'ISO',
    })
    expect(missing.status).toBe(400)
    expect(missing.body.error.message).toMatch(/^body: columns: /)
    const badDate = await owner.json<{ error: { message: string } }>('POST', path, {
      columns: {},
      dateFormat: 'yyyy-qq',
    })
    expect(badDate.status).toBe(400)
    expect(badDate.body.error.message).toMatch(/dateFormat/)
    const badKind = await upload('invoices', retail)
    expect(badKind.status).toBe(400)
    expect(((await badKind.json()) as { error: { message: string } }).error.message).toMatch(/query: kind/)
    const empty = await upload('orders', '')
    expect(empty.status).toBe(400)
  })

  test('a form post (text/plain) is refused before it is read', async () => {
    const response = await owner.request('POST', `/api/v1/workspaces/${ws}/imports?kind=orders`, retail, {
      'content-type': 'text/plain',
    })
    expect(response.status).toBe(415)
  })

  test('a viewer, and an admin limited to an org unit, may not import files', async () => {
    await owner.json('POST', `/api/v1/workspaces/${ws}/org-units`, {
      code: 'east',
      name: 'East',
      parentCode: 'company',
    })
    const units = await owner.json<{ items: { id: string; code: string }[] }>(
      'GET',
      `/api/v1/workspaces/${ws}/org-units`,
    )
    const east = units.body.items.find((u) => u.code === 'east')!.id
    for (const [role, orgUnitId] of [
      ['viewer', null],
      ['admin', east],
    ] as const) {
      const email = `${role}-import@acme.test`
      await owner.json('POST', `/api/v1/workspaces/${ws}/members`, {
        email,
        name: role,
        password: `${email} pw!`,
        role,
        orgUnitId,
      })
      const person = client(app)
      await person.json('POST', '/api/v1/auth/login', { email, password: `${email} pw!` })
      expect((await upload('orders', retail, 'f.csv', person)).status, role).toBe(403)
    }
  })
})
