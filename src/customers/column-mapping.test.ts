import { describe, expect, test } from 'vitest'
import { mapColumns, parseColumnsOption } from './column-mapping.js'
import { ImportFileError } from './import-file-error.js'

describe('parseColumnsOption', () => {
  test('reads target=source pairs', () => {
    expect(parseColumnsOption('customer_id=CustomerID, ordered_at = InvoiceDate')).toEqual({
      customer_id: 'CustomerID',
      ordered_at: 'InvoiceDate',
    })
  })

  test.each([
    ['customer_id', /"customer_id" is not a target=source pair/],
    ['customer_id=', /"customer_id=" is not a target=source pair/],
    ['a=b,=c', /"=c"/],
    ['a=b,a=c', /"a" is mapped twice/],
    ['', /no target=source pairs/],
  ])('refuses %j naming the bad pair', (value, message) => {
    expect(() => parseColumnsOption(value)).toThrow(message)
  })
})

describe('mapColumns', () => {
  test('canonical names match case-insensitively after trimming', () => {
    const mapping = mapColumns([' Customer_ID ', 'EMAIL', 'Tier'], 'customers')
    expect(mapping.index.get('customer_id')).toBe(0)
    expect(mapping.index.get('email')).toBe(1)
    expect(mapping.extra).toEqual([{ index: 2, name: 'Tier' }])
  })

  test('--columns maps a source header to a target and remembers the source', () => {
    const mapping = mapColumns(['InvoiceNo', 'CustomerID', 'InvoiceDate', 'Amount'], 'orders', {
      order_id: 'InvoiceNo',
      customer_id: 'customerid',
      ordered_at: 'InvoiceDate',
    })
    expect(mapping.index.get('customer_id')).toBe(1)
    expect(mapping.mappedFrom.get('customer_id')).toBe('CustomerID')
    expect(mapping.mappedFrom.has('amount')).toBe(false)
    expect(mapping.orderLines).toBe(false)
  })

  test('quantity and unit_price without amount mean order lines', () => {
    const mapping = mapColumns(
      ['customer_id', 'order_id', 'ordered_at', 'quantity', 'unit_price', 'product_id'],
      'orders',
    )
    expect(mapping.orderLines).toBe(true)
  })

  test('missing required columns are listed with the headers found', () => {
    expect(() => mapColumns(['id', 'name'], 'customers')).toThrow(ImportFileError)
    expect(() => mapColumns(['id', 'name'], 'customers')).toThrow(
      'the customers file lacks required column customer_id; found: "id", "name"',
    )
    expect(() => mapColumns(['customer_id', 'when'], 'events')).toThrow(/required columns type, occurred_at/)
    expect(() => mapColumns(['customer_id', 'order_id', 'ordered_at'], 'orders')).toThrow(
      /amount \(or quantity, unit_price and product_id/,
    )
    expect(() =>
      mapColumns(['customer_id', 'order_id', 'ordered_at', 'quantity', 'unit_price'], 'orders'),
    ).toThrow(/required column product_id/)
  })

  test('a mapping to an unknown target or a missing source is refused', () => {
    expect(() => mapColumns(['a'], 'customers', { client: 'a' })).toThrow(
      /"client" is not a customers column/,
    )
    expect(() => mapColumns(['a'], 'customers', { customer_id: 'b' })).toThrow(
      /the file has no column "b"; found: "a"/,
    )
  })

  test('two headers meaning the same column are refused', () => {
    expect(() => mapColumns(['customer_id', 'Customer ID'], 'customers')).toThrow(/both mean customer_id/)
  })
})
