import { gzipSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { testFiles } from '../test-files.js'
import {
  ImportFileError,
  type ImportRow,
  type ReadImportOptions,
  readImportFile,
} from './read-import-file.js'
import type { RecordKind } from './records.js'

const { write: fixture, path: inFolder } = testFiles('import')

async function readAll<T>(rows: AsyncGenerator<ImportRow<T>>): Promise<ImportRow<T>[]> {
  const all: ImportRow<T>[] = []
  for await (const row of rows) all.push(row)
  return all
}

async function read<K extends RecordKind>(
  content: string | Buffer,
  kind: K,
  options?: ReadImportOptions,
  name?: string,
) {
  return readAll(readImportFile(await fixture(content, name), kind, options))
}

function records<T>(rows: ImportRow<T>[]): T[] {
  return rows.flatMap((row) => ('record' in row ? [row.record] : []))
}

function errors<T>(rows: ImportRow<T>[]) {
  return rows.flatMap((row) => ('error' in row ? [{ line: row.line, ...row.error }] : []))
}

describe('readImportFile: file formats', () => {
  test.each([
    ['comma', ','],
    ['tab', '\t'],
    ['semicolon', ';'],
    ['pipe', '|'],
  ])('reads a %s-delimited file', async (_name, d) => {
    const rows = await read(`customer_id${d}name${d}email\n1${d}Anna${d}ANNA@example.com\n`, 'customers')
    expect(records(rows)).toEqual([
      expect.objectContaining({ customer_id: '1', name: 'Anna', email: 'anna@example.com', attributes: {} }),
    ])
  })

  test('delimiters inside quoted headers and fields are not delimiters', async () => {
    const rows = await read('customer_id;"name, full";note\n1;"Smith, Anna";"a;b"\n', 'customers')
    expect(records(rows)[0]).toMatchObject({
      customer_id: '1',
      attributes: { 'name, full': 'Smith, Anna', note: 'a;b' },
    })
  })

  test('a forced delimiter wins over detection', async () => {
    const rows = await read('customer_id|name,x\n1|Anna,B\n', 'customers', { delimiter: '|' })
    expect(records(rows)[0]).toMatchObject({ customer_id: '1', attributes: { 'name,x': 'Anna,B' } })
  })

  test('a UTF-8 byte order mark is ignored', async () => {
    const rows = await read('\uFEFFcustomer_id,name\r\n1,Zoë\r\n', 'customers')
    expect(records(rows)).toEqual([expect.objectContaining({ customer_id: '1', name: 'Zoë' })])
  })

  test('a .gz file is gunzipped', async () => {
    const gz = gzipSync(Buffer.from('\uFEFFcustomer_id\tname\n1\tAnna\n2\tBohdan\n'))
    const rows = await read(gz, 'customers', {}, 'customers.tsv.gz')
    expect(records(rows).map((c) => c.name)).toEqual(['Anna', 'Bohdan'])
  })

  test('progress reports the bytes read on disk', async () => {
    const content = `customer_id\n${Array.from({ length: 20_000 }, (_, i) => i + 1).join('\n')}\n`
    const calls: [number, number][] = []
    await read(content, 'customers', { onProgress: (read, total) => calls.push([read, total]) })
    expect(calls.length).toBeGreaterThan(0)
    expect(calls.at(-1)).toEqual([content.length, content.length])
  })
})

describe('readImportFile: line numbers', () => {
  test('count the header, blank lines and newlines inside quoted fields', async () => {
    const content =
      'customer_id,name,note\n1,Anna,"first\nsecond\r\nthird"\n\n2,Bohdan,x\r\n\r\n3,,"a\rb"\n4,Dana\n'
    const rows = await read(content, 'customers')
    expect(rows.map((r) => r.line)).toEqual([2, 6, 8, 10])
    expect(errors(rows)).toEqual([
      { line: 10, field: null, message: 'the row has 2 fields, the header has 3' },
    ])
  })

  test('3 bad rows out of 1,000 give 997 records and 3 errors on the right lines', async () => {
    const lines = ['customer_id,order_id,ordered_at,amount']
    for (let i = 1; i <= 1000; i++) lines.push(`c${i % 37},o${i},2024-01-01,${i}.50`)
    lines[100] = 'c1,o100,2024-02-30,1.00' // line 101
    lines[500] = 'c1,o500,2024-01-01,1e3' // line 501
    lines[999] = 'c1,o999,2024-01-01' // line 1000
    const rows = await read(`${lines.join('\n')}\n`, 'orders')
    expect(records(rows)).toHaveLength(997)
    expect(errors(rows).map((e) => [e.line, e.field])).toEqual([
      [101, 'ordered_at'],
      [501, 'amount'],
      [1000, null],
    ])
  })

  test('an unclosed quote becomes an error row on the line where it opens', async () => {
    const rows = await read('customer_id,name\n1,Anna\n2,"Bohdan\n3,Cyril\n', 'customers')
    expect(rows).toEqual([
      expect.objectContaining({ line: 2 }),
      { line: 3, error: { field: null, message: 'a quoted field starting here is never closed' } },
    ])
  })

  test('an unclosed quote in the header refuses the file, saying so', async () => {
    await expect(read('customer_id,"name\n1,Anna\n', 'customers')).rejects.toThrow(
      /the header line has a quoted field that is never closed/,
    )
  })
})

describe('readImportFile: customers', () => {
  test('unknown columns go to attributes, empty cells are left out', async () => {
    const rows = await read('customer_id,tier,city\n1,gold,\n', 'customers')
    expect(records(rows)[0]?.attributes).toEqual({ tier: 'gold' })
  })

  test('opt-in columns accept true/false/1/0/yes/no', async () => {
    const rows = await read(
      'customer_id,email_opt_in,sms_opt_in,opted_out\n1,Yes,0,true\n2,,,\n3,maybe,1,no\n',
      'customers',
    )
    expect(records(rows)).toEqual([
      expect.objectContaining({ customer_id: '1', email_opt_in: true, sms_opt_in: false, opted_out: true }),
      expect.objectContaining({ customer_id: '2', email_opt_in: undefined }),
    ])
    expect(errors(rows)).toEqual([
      { line: 4, field: 'email_opt_in', message: 'email_opt_in: "maybe" is not true/false, 1/0 or yes/no' },
    ])
  })

  test('schema errors name the field and the value', async () => {
    const rows = await read(
      'customer_id,email,language\n,a@b.co,en\n2,not-mail,en\n3,,english!\n',
      'customers',
    )
    expect(errors(rows)).toEqual([
      { line: 2, field: 'customer_id', message: 'customer_id: is empty' },
      { line: 3, field: 'email', message: 'email: "not-mail" must be an e-mail address' },
      {
        line: 4,
        field: 'language',
        message: 'language: "english!" must be a language code such as en, uk, pl-PL',
      },
    ])
  })

  test('--columns maps source headers; errors name the source column', async () => {
    const rows = await read('ClientNo,Mail,Segment\nC1,x@y.zz,B2B\nC2,broken,B2C\n', 'customers', {
      columns: { customer_id: 'ClientNo', email: 'Mail' },
    })
    expect(records(rows)).toEqual([
      expect.objectContaining({ customer_id: 'C1', email: 'x@y.zz', attributes: { Segment: 'B2B' } }),
    ])
    expect(errors(rows)[0]).toEqual({
      line: 3,
      field: 'email',
      message: 'email (column "Mail"): "broken" must be an e-mail address',
    })
  })
})

describe('readImportFile: orders', () => {
  test('amount rows, with currency and status defaults and checks', async () => {
    const rows = await read(
      'customer_id,order_id,ordered_at,amount,currency,status,channel\n' +
        '1,A1,2024-03-01T10:00:00+02:00, 12.50 ,usd,Pending,web\n' +
        '1,A2,2024-03-02,-3,,,shop\n' +
        '1,A3,2024-03-02,abc,,,\n' +
        '1,A4,2024-03-02,,,,\n' +
        '1,A5,2024-03-02,1.23456,,,\n' +
        '1,A6,2024-03-02,5,EURO,,\n',
      'orders',
    )
    expect(records(rows)).toEqual([
      {
        customer_id: '1',
        order_id: 'A1',
        ordered_at: new Date('2024-03-01T08:00:00Z'),
        amount: '12.50',
        currency: 'USD',
        status: 'pending',
      },
      {
        customer_id: '1',
        order_id: 'A2',
        ordered_at: new Date('2024-03-02T00:00:00Z'),
        amount: '-3',
        currency: 'EUR',
        status: 'completed',
      },
    ])
    expect(errors(rows)).toEqual([
      { line: 4, field: 'amount', message: 'amount: "abc" is not a decimal number (such as 12.50 or -3)' },
      { line: 5, field: 'amount', message: 'amount: is empty' },
      {
        line: 6,
        field: 'amount',
        message: 'amount: "1.23456" must be a decimal number with at most 4 decimal places',
      },
      { line: 7, field: 'currency', message: 'currency: "EURO" must be a three-letter currency code' },
    ])
  })

  test('a decimal comma is read when the delimiter is not a comma', async () => {
    const rows = await read('customer_id;order_id;ordered_at;amount\n1;A1;2024-03-01;12,50\n', 'orders')
    expect(records(rows)[0]).toMatchObject({ amount: '12.50' })
  })

  test('order lines: quantity and unit_price give one line per row and no amount', async () => {
    const content =
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n' +
      '536365,85123A,"WHITE HANGING HEART T-LIGHT HOLDER",6,12/1/2010 8:26,2.55,17850,United Kingdom\n' +
      '536365,71053,"LANTERN, WHITE",-1,12/1/2010 8:26,3.39,17850,United Kingdom\n' +
      '536366,22633,HAND WARMER,6,13/45/2010 8:28,1.85,17850,United Kingdom\n' +
      '536367,22634,HAND WARMER,1e3,12/1/2010 8:28,1.85,17850,United Kingdom\n'
    const rows = await read(content, 'orders', {
      columns: {
        order_id: 'InvoiceNo',
        product_id: 'StockCode',
        ordered_at: 'InvoiceDate',
        unit_price: 'UnitPrice',
        customer_id: 'CustomerID',
      },
      dateFormat: 'M/D/YYYY H:mm',
    })
    expect(records(rows)).toEqual([
      {
        customer_id: '17850',
        order_id: '536365',
        ordered_at: new Date('2010-12-01T08:26:00Z'),
        currency: 'EUR',
        status: 'completed',
        lines: [{ product_id: '85123A', quantity: '6', unit_price: '2.55' }],
      },
      expect.objectContaining({ lines: [{ product_id: '71053', quantity: '-1', unit_price: '3.39' }] }),
    ])
    expect(records(rows)[0]).not.toHaveProperty('amount', expect.anything())
    expect(errors(rows)).toEqual([
      {
        line: 4,
        field: 'ordered_at',
        message: 'ordered_at (column "InvoiceDate"): "13/45/2010 8:28" is not a date in format M/D/YYYY H:mm',
      },
      {
        line: 5,
        field: 'quantity',
        message: 'quantity: "1e3" is not a decimal number (such as 12.50 or -3)',
      },
    ])
  })

  test('YYYYMMDD dates, as in CDNOW', async () => {
    const rows = await read(
      'customer_id,ordered_at,order_id,amount\n00004,19970101,1,29.33\n00004,19970230,2,1\n',
      'orders',
      {
        dateFormat: 'YYYYMMDD',
      },
    )
    expect(records(rows)[0]).toMatchObject({
      customer_id: '00004',
      ordered_at: new Date('1997-01-01T00:00:00Z'),
    })
    expect(errors(rows)).toEqual([
      { line: 3, field: 'ordered_at', message: 'ordered_at: "19970230" is not a date in format YYYYMMDD' },
    ])
  })

  test('invalid ISO dates name the value and the expected format', async () => {
    const rows = await read('customer_id,order_id,ordered_at,amount\n1,1,2023-02-30,1\n', 'orders')
    expect(errors(rows)[0]?.message).toBe(
      'ordered_at: "2023-02-30" is not an ISO 8601 date (such as 2024-03-01 or 2024-03-01T09:30:00Z)',
    )
  })
})

describe('readImportFile: events', () => {
  test('unknown columns go to properties', async () => {
    const rows = await read(
      'customer_id\ttype\toccurred_at\tchannel\tpage\n1\tvisit\t2024-03-01 12:00\tweb\t/home\n',
      'events',
    )
    expect(records(rows)).toEqual([
      {
        customer_id: '1',
        event_id: null,
        type: 'visit',
        occurred_at: new Date('2024-03-01T12:00:00Z'),
        channel: 'web',
        touchpoint: null,
        properties: { page: '/home' },
      },
    ])
  })
})

describe('readImportFile: file problems', () => {
  test('a missing required column throws ImportFileError listing it and the headers found', async () => {
    const path = await fixture('id,type\n1,visit\n')
    await expect(readAll(readImportFile(path, 'events'))).rejects.toThrow(ImportFileError)
    await expect(readAll(readImportFile(path, 'events'))).rejects.toThrow(
      'the events file lacks required columns customer_id, occurred_at; found: "id", "type"',
    )
  })

  test('a missing file, a directory, an empty file and a blank file are ImportFileErrors', async () => {
    await expect(readAll(readImportFile(inFolder('nope.csv'), 'customers'))).rejects.toThrow(
      /nope.csv: no such file/,
    )
    await expect(readAll(readImportFile(inFolder(''), 'customers'))).rejects.toThrow(/is a directory/)
    await expect(read('', 'customers')).rejects.toThrow(/the file is empty/)
    await expect(read('\n\n  \n', 'customers')).rejects.toThrow(/has no header line/)
    await expect(read(gzipSync(Buffer.alloc(0)), 'customers', {}, 'empty.csv.gz')).rejects.toThrow(/is empty/)
    await expect(read('not gzip', 'customers', {}, 'bad.csv.gz')).rejects.toThrow(/not a valid gzip file/)
  })

  test('a header without rows yields nothing', async () => {
    expect(await read('customer_id,name\n', 'customers')).toEqual([])
  })

  test('a bad date format or delimiter option is an ImportFileError', async () => {
    await expect(read('customer_id\n1\n', 'customers', { dateFormat: 'yyyy-mm-dd' })).rejects.toThrow(
      ImportFileError,
    )
    await expect(read('customer_id\n1\n', 'customers', { delimiter: '::' })).rejects.toThrow(
      /single character/,
    )
  })
})
