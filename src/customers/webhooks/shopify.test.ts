import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { ZodError } from 'zod'
import { customerRecordSchema, orderRecordSchema } from '../records.js'
import { shopifyOrderToRecords } from './shopify.js'

const raw = readFileSync(new URL('./fixtures/shopify-orders-create.json', import.meta.url), 'utf8')
const fixture = () => JSON.parse(raw) as Record<string, unknown> & { customer: Record<string, unknown> }

describe('shopifyOrderToRecords', () => {
  test('the orders/create sample maps to exactly the expected customer and order', () => {
    const { customer, order } = shopifyOrderToRecords(fixture())
    expect(customer).toStrictEqual({
      customer_id: '7391042863412',
      name: 'Katarzyna Nowak',
      email: 'katarzyna.nowak@example.pl',
      phone: '+48512345678',
      language: 'pl-pl',
      org_unit: null,
      email_opt_in: true,
      sms_opt_in: false,
      attributes: { source: 'shopify' },
    })
    expect(order).toStrictEqual({
      customer_id: '7391042863412',
      order_id: 'shopify:5829183741234',
      ordered_at: new Date('2026-03-14T17:42:07Z'),
      amount: '67.64',
      currency: 'EUR',
      status: 'completed',
      lines: [
        {
          product_id: 'SKU-003',
          product_name: 'Filter roast Ethiopia 250 g',
          quantity: '2',
          unit_price: '11.50',
        },
        { product_id: '8120394890034', product_name: 'French press 1 l', quantity: '1', unit_price: '34.90' },
        {
          product_id: 'SKU-038',
          product_name: 'Dark chocolate 70 % 100 g',
          quantity: '3',
          unit_price: '3.90',
        },
      ],
    })
  })

  test('the records pass the canonical schemas unchanged', () => {
    const { customer, order } = shopifyOrderToRecords(fixture())
    expect(customerRecordSchema.parse(customer)).toEqual(customer)
    expect(orderRecordSchema.parse(order)).toEqual(order)
  })

  test.each([
    [{ cancelled_at: '2026-03-15T09:00:00+01:00', financial_status: 'refunded' }, 'cancelled'],
    [{ financial_status: 'refunded' }, 'returned'],
    [{ financial_status: 'pending' }, 'pending'],
    [{ financial_status: 'voided' }, 'cancelled'],
    [{ financial_status: 'partially_refunded' }, 'completed'],
    [{ financial_status: 'authorized' }, 'completed'],
  ])('status of %o is %s', (patch, status) => {
    expect(shopifyOrderToRecords({ ...fixture(), ...patch }).order.status).toBe(status)
  })

  test('a guest checkout without a customer object is keyed by e-mail and named from the billing address', () => {
    const { customer, order } = shopifyOrderToRecords({
      ...fixture(),
      customer: null,
      email: 'Guest@Example.com ',
    })
    expect(customer.customer_id).toBe('guest@example.com')
    expect(customer.email).toBe('guest@example.com')
    expect(customer.name).toBe('Katarzyna Nowak')
    expect(customer.phone).toBe('+48 512 345 678')
    expect(customer.email_opt_in).toBeUndefined()
    expect(order.customer_id).toBe('guest@example.com')
  })

  test('ids beyond 2^53 are taken exactly from admin_graphql_api_id, and refused when inexact otherwise', () => {
    const big = JSON.parse(raw.replaceAll('7391042863412', '115310627314723954'))
    expect(String(big.customer.id)).not.toBe('115310627314723954')
    expect(shopifyOrderToRecords(big).customer.customer_id).toBe('115310627314723954')
    delete big.customer.admin_graphql_api_id
    expect(() => shopifyOrderToRecords(big)).toThrow(ZodError)
    big.customer.id = '115310627314723954'
    expect(shopifyOrderToRecords(big).customer.customer_id).toBe('115310627314723954')
  })

  test('an unusable locale is left out instead of rejecting the order', () => {
    expect(
      shopifyOrderToRecords({ ...fixture(), customer_locale: 'not a locale!' }).customer.language,
    ).toBeNull()
  })

  test.each([
    ['null', null],
    ['an empty object', {}],
    ['no line items', { ...JSON.parse(raw), line_items: undefined }],
    ['a numeric total', { ...JSON.parse(raw), total_price: 67.64 }],
    ['a total that is not a decimal', { ...JSON.parse(raw), total_price: '67,64' }],
    ['a guest without e-mail', { ...JSON.parse(raw), customer: null, email: null, contact_email: null }],
    [
      'a fractional quantity',
      { ...JSON.parse(raw), line_items: [{ ...JSON.parse(raw).line_items[0], quantity: 1.5 }] },
    ],
  ])('a payload with %s throws a ZodError', (_, payload) => {
    expect(() => shopifyOrderToRecords(payload)).toThrow(ZodError)
  })
})
