import { describe, expect, test } from 'vitest'
import { createRecordBuilder } from './build-import-record.js'
import { mapColumns } from './column-mapping.js'
import { plainOrderFields, plainOrderRecord } from './plain-order-fields.js'
import { orderRecordSchema } from './records.js'

const header = [
  'customer_id',
  'order_id',
  'ordered_at',
  'currency',
  'status',
  'quantity',
  'unit_price',
  'product_id',
]
type Cells = Record<(typeof header)[number], string>
const base: Cells = {
  customer_id: 'C-1',
  order_id: 'O-1',
  ordered_at: '2025-05-16T08:25:49Z',
  currency: '',
  status: '',
  quantity: '2',
  unit_price: '3.20',
  product_id: 'SKU-1',
}
const linesMapping = mapColumns(header, 'orders')
const totalsHeader = ['customer_id', 'order_id', 'ordered_at', 'amount']
const totalsMapping = mapColumns(totalsHeader, 'orders')

const row = (cells: Partial<Cells>) => header.map((name) => ({ ...base, ...cells })[name]!)

// The schema is the reference: whatever the fast path accepts, the schema accepts and turns into the same
// record. The schema's input is what the cells mean, written out by hand.
describe('plainOrderFields', () => {
  const schemaInput = {
    customer_id: 'C-1',
    order_id: 'O-1',
    ordered_at: new Date('2025-05-16T08:25:49Z'),
    lines: [{ product_id: 'SKU-1', quantity: '2', unit_price: '3.20' }],
  }
  test.each<[string, Partial<Cells>, Partial<typeof schemaInput> & Record<string, unknown>]>([
    ['an order line with defaults', {}, {}],
    ['ids with spaces around them', { customer_id: '  C-1 ', order_id: '\tO-1' }, {}],
    [
      'currency and status given',
      { currency: ' usd ', status: 'Returned' },
      { currency: 'usd', status: 'returned' },
    ],
    [
      'the oldest year allowed',
      { ordered_at: '1900-01-01' },
      { ordered_at: new Date('1900-01-01T00:00:00Z') },
    ],
    [
      'the newest year allowed',
      { ordered_at: '2199-12-31 23:59:59' },
      { ordered_at: new Date('2199-12-31T23:59:59Z') },
    ],
    [
      'decimals written loosely',
      { quantity: '+.5', unit_price: ' 1. ' },
      { lines: [{ product_id: 'SKU-1', quantity: '0.5', unit_price: '1' }] },
    ],
  ])('%s: the same record as the schema makes', (_, cells, meaning) => {
    const values = plainOrderFields(linesMapping)(row(cells))
    expect(values).not.toBeNull()
    expect(plainOrderRecord(values!)).toEqual(orderRecordSchema.parse({ ...schemaInput, ...meaning }))
  })

  test('an amount instead of lines, with a decimal comma where the delimiter allows one', () => {
    const plain = plainOrderFields(totalsMapping, { decimalComma: true })
    const values = plainOrderFields(totalsMapping)([
      'C-1',
      'O-1',
      '2025-05-16T08:25:49Z',
      '123456789012345.1234',
    ])
    expect(plainOrderRecord(values!)).toEqual(
      orderRecordSchema.parse({ ...schemaInput, lines: undefined, amount: '123456789012345.1234' }),
    )
    expect(plain(['C-1', 'O-1', '2025-05-16', '-10,5'])?.amount).toBe('-10.5')
    expect(plainOrderFields(totalsMapping)(['C-1', 'O-1', '2025-05-16', '-10,5'])).toBeNull()
  })

  test('an empty customer id with every other value plain is a row without a customer', () => {
    expect(plainOrderFields(linesMapping)(row({ customer_id: '  ' }))?.customerId).toBe('')
  })

  const build = createRecordBuilder('orders', linesMapping)
  test.each<[string, Partial<Cells>]>([
    ['a missing order id', { order_id: ' ' }],
    ['an order id over 200 characters', { order_id: 'x'.repeat(201) }],
    ['a customer id over 200 characters', { customer_id: 'x'.repeat(201) }],
    ['no date', { ordered_at: '' }],
    ['a date before 1900', { ordered_at: '1899-12-31T23:59:59Z' }],
    ['a date from 2200', { ordered_at: '2200-01-01' }],
    ['an invalid date', { ordered_at: '2025-02-30' }],
    ['five decimals', { unit_price: '1.00001' }],
    ['sixteen integer digits', { quantity: '1234567890123456' }],
    ['a decimal comma where the delimiter is a comma', { quantity: '2,5' }],
    ['a two-letter currency', { currency: 'EU' }],
    ['an unknown status', { status: 'shipped' }],
    ['a status with spaces', { status: ' completed' }],
    ['a line without a product', { product_id: '' }],
  ])('%s: left to the schema, which refuses it', (_, cells) => {
    expect(plainOrderFields(linesMapping)(row(cells))).toBeNull()
    expect(build(row(cells), 2)).toHaveProperty('error')
  })
})

describe('product names', () => {
  const named = mapColumns(
    ['customer_id', 'order_id', 'ordered_at', 'quantity', 'unit_price', 'product_id', 'product_name'],
    'orders',
  )
  const cells = ['C-1', 'O-1', '2025-05-16T08:25:49Z', '2', '3.20', '85123A']

  test('a name column gives the line its product name, trimmed; an empty cell gives none', () => {
    const plain = plainOrderFields(named)
    expect(plainOrderRecord(plain([...cells, '  WHITE HANGING HEART T-LIGHT HOLDER '])!).lines).toEqual([
      {
        product_id: '85123A',
        product_name: 'WHITE HANGING HEART T-LIGHT HOLDER',
        quantity: '2',
        unit_price: '3.20',
      },
    ])
    expect(plainOrderRecord(plain([...cells, ''])!).lines).toEqual([
      { product_id: '85123A', quantity: '2', unit_price: '3.20' },
    ])
  })

  test('a name longer than the schema allows is left to the schema, which names the field', () => {
    expect(plainOrderFields(named)([...cells, 'x'.repeat(501)])).toBeNull()
    const built = createRecordBuilder('orders', named)([...cells, 'x'.repeat(501)], 2)
    expect(JSON.stringify(built)).toMatch(/product_name/)
  })
})
