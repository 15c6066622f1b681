import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { ZodError } from 'zod'
import { customerRecordSchema, orderRecordSchema } from '../records.js'
import { wooOrderToRecords } from './woocommerce.js'

const raw = readFileSync(new URL('./fixtures/woocommerce-order-created.json', import.meta.url), 'utf8')
const fixture = () => JSON.parse(raw) as Record<string, unknown> & { billing: Record<string, unknown> }

describe('wooOrderToRecords', () => {
  test('the order.created sample maps to exactly the expected customer and order', () => {
    const { customer, order } = wooOrderToRecords(fixture())
    expect(customer).toStrictEqual({
      customer_id: '214',
      name: 'Олена Коваленко',
      email: 'olena.kovalenko@ukr.net',
      phone: '+380 67 123 45 67',
      language: 'uk',
      org_unit: null,
      attributes: { source: 'woocommerce' },
    })
    expect(order).toStrictEqual({
      customer_id: '214',
      order_id: 'woo:4827',
      // date_created_gmt "2026-03-14T16:42:07" is UTC, whatever the machine's time zone.
      ordered_at: new Date('2026-03-14T16:42:07Z'),
      amount: '2658.20',
      currency: 'UAH',
      status: 'completed',
      lines: [
        { product_id: 'SKU-002', product_name: 'Еспресо зерно 1 кг', quantity: '2', unit_price: '699.00' },
        { product_id: '455', product_name: 'Френч-прес 1 л', quantity: '1', unit_price: '1450.00' },
      ],
    })
  })

  test('the records pass the canonical schemas unchanged', () => {
    const { customer, order } = wooOrderToRecords(fixture())
    expect(customerRecordSchema.parse(customer)).toEqual(customer)
    expect(orderRecordSchema.parse(order)).toEqual(order)
  })

  test.each([
    ['completed', 'completed'],
    ['processing', 'completed'],
    ['on-hold', 'pending'],
    ['pending', 'pending'],
    ['failed', 'pending'],
    ['cancelled', 'cancelled'],
    ['refunded', 'returned'],
    ['some-custom-status', 'pending'],
  ])('Woo status %s becomes %s', (status, expected) => {
    expect(wooOrderToRecords({ ...fixture(), status }).order.status).toBe(expected)
  })

  test('a guest order (customer_id 0) is keyed by the billing e-mail', () => {
    const { customer, order } = wooOrderToRecords({ ...fixture(), customer_id: 0 })
    expect(customer.customer_id).toBe('olena.kovalenko@ukr.net')
    expect(order.customer_id).toBe('olena.kovalenko@ukr.net')
  })

  test('a unit price that subtotal ÷ quantity cannot give exactly falls back to the line price', () => {
    const payload = fixture()
    const [first] = payload.line_items as Record<string, unknown>[]
    payload.line_items = [
      { ...first, quantity: 3, subtotal: '100.00', total: '100.00', price: 33.333333333333336 },
    ]
    expect(wooOrderToRecords(payload).order.lines).toEqual([
      { product_id: 'SKU-002', product_name: 'Еспресо зерно 1 кг', quantity: '3', unit_price: '33.3333' },
    ])
  })

  test('a creation time with an explicit offset is kept as given', () => {
    const { order } = wooOrderToRecords({ ...fixture(), date_created_gmt: '2026-03-14T16:42:07+00:00' })
    expect(order.ordered_at).toEqual(new Date('2026-03-14T16:42:07Z'))
  })

  test.each([
    ['null', null],
    ['a string', 'order'],
    ['no billing', { ...JSON.parse(raw), billing: undefined }],
    [
      'a guest without e-mail',
      { ...JSON.parse(raw), customer_id: 0, billing: { ...JSON.parse(raw).billing, email: '' } },
    ],
    ['a string id', { ...JSON.parse(raw), id: 'abc' }],
    ['a total that is not a decimal', { ...JSON.parse(raw), total: 'free' }],
    ['an unparseable date', { ...JSON.parse(raw), date_created_gmt: 'yesterday' }],
  ])('a payload with %s throws a ZodError', (_, payload) => {
    expect(() => wooOrderToRecords(payload)).toThrow(ZodError)
  })
})
