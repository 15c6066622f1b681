import { describe, expect, test } from 'vitest'
import { catalogue } from './catalogue.js'
import { generateOrderLineRows, orderLineColumns } from './generate-order-lines.js'

describe('generateOrderLineRows', () => {
  test('yields exactly the requested number of rows in canonical column order', () => {
    const rows = [...generateOrderLineRows(5000)]
    expect(rows).toHaveLength(5000)
    expect(orderLineColumns).toEqual([
      'customer_id',
      'order_id',
      'ordered_at',
      'product_id',
      'quantity',
      'unit_price',
    ])
    const prices = new Map(catalogue.map((p) => [p.product_id, p.priceCents]))
    for (const [customerId, orderId, orderedAt, productId, quantity, unitPrice] of rows) {
      expect(customerId).toMatch(/^C-\d{7}$/)
      expect(orderId).toMatch(/^O-\d{8}$/)
      expect(new Date(orderedAt!).toISOString()).toBe(orderedAt)
      expect(orderedAt! < '2026-11-01').toBe(true)
      expect(Number(quantity)).toBeGreaterThanOrEqual(1)
      expect(unitPrice).toMatch(/^\d+\.\d{2}$/)
      expect(Number(unitPrice!.replace('.', ''))).toBe(prices.get(productId!))
    }
  })

  test('is deterministic for a seed and differs across seeds', () => {
    expect([...generateOrderLineRows(2000, 3)]).toEqual([...generateOrderLineRows(2000, 3)])
    expect([...generateOrderLineRows(2000, 4)]).not.toEqual([...generateOrderLineRows(2000, 3)])
  })

  test('orders have 1–5 distinct products and customers about 20 lines each', () => {
    const orders = new Map<string, string[]>()
    const customers = new Set<string>()
    for (const [customerId, orderId, , productId] of generateOrderLineRows(100_000)) {
      customers.add(customerId!)
      const products = orders.get(orderId!)
      if (products) products.push(productId!)
      else orders.set(orderId!, [productId!])
    }
    for (const products of orders.values()) {
      expect(products.length).toBeLessThanOrEqual(5)
      expect(new Set(products).size).toBe(products.length)
    }
    const perCustomer = 100_000 / customers.size
    expect(perCustomer).toBeGreaterThan(15)
    expect(perCustomer).toBeLessThan(25)
    expect(100_000 / orders.size).toBeGreaterThan(2)
  })

  test('streams lazily: a practically endless stream yields at once, and a bounded one stops at its count', () => {
    const huge = generateOrderLineRows(Number.MAX_SAFE_INTEGER)
    expect(huge.next().done).toBe(false)
    let n = 0
    for (const _row of generateOrderLineRows(12_345)) n++
    expect(n).toBe(12_345)
  })
})
