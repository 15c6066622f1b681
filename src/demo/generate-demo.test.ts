import { describe, expect, test } from 'vitest'
import { customerRecordSchema, eventRecordSchema, orderRecordSchema } from '../customers/records.js'
import { catalogue } from './catalogue.js'
import { generateDemo } from './generate-demo.js'

// Exact decimal string → integer cents, without going through a float.
const toCents = (s: string) => {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s)
  if (!m) throw new Error(`not a 2-place decimal: ${s}`)
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))
  return m[1] ? -cents : cents
}

const demo = generateDemo()
const end = new Date('2026-11-01T00:00:00Z')

describe('generateDemo', () => {
  test('the default data set has 3000 customers', () => {
    expect(demo.customers).toHaveLength(3000)
  })

  test('the same seed gives identical data, another seed different data', () => {
    const a = generateDemo({ seed: 7, customers: 200 })
    expect(generateDemo({ seed: 7, customers: 200 })).toEqual(a)
    const b = generateDemo({ seed: 8, customers: 200 })
    expect(b.customers).not.toEqual(a.customers)
    expect(b.orders).not.toEqual(a.orders)
  })

  test('every record passes its schema unchanged', () => {
    for (const c of demo.customers) expect(customerRecordSchema.parse(c)).toEqual(c)
    for (const o of demo.orders) expect(orderRecordSchema.parse(o)).toEqual(o)
    for (const e of demo.events) expect(eventRecordSchema.parse(e)).toEqual(e)
  })

  test('every order amount is the exact sum of quantity × unit price over its 1–5 lines', () => {
    const prices = new Map(catalogue.map((p) => [p.product_id, p.priceCents]))
    for (const o of demo.orders) {
      expect(o.lines!.length).toBeGreaterThanOrEqual(1)
      expect(o.lines!.length).toBeLessThanOrEqual(5)
      const sum = o.lines!.reduce((s, l) => s + Number(l.quantity) * toCents(l.unit_price), 0)
      expect(toCents(o.amount!)).toBe(sum)
      for (const l of o.lines!) expect(toCents(l.unit_price)).toBe(prices.get(l.product_id))
    }
  })

  test('org units form company → 3 regions → 2 stores each, and every customer belongs to a store', () => {
    const byCode = new Map(demo.orgUnits.map((u) => [u.code, u]))
    expect(demo.orgUnits.filter((u) => u.kind === 'company')).toHaveLength(1)
    const regions = demo.orgUnits.filter((u) => u.kind === 'region')
    expect(regions).toHaveLength(3)
    for (const r of regions) {
      expect(byCode.get(r.parentCode!)?.kind).toBe('company')
      expect(demo.orgUnits.filter((u) => u.parentCode === r.code && u.kind === 'store')).toHaveLength(2)
    }
    const stores = new Set(demo.orgUnits.filter((u) => u.kind === 'store').map((u) => u.code))
    for (const c of demo.customers) expect(stores.has(c.org_unit!)).toBe(true)
    expect(new Set(demo.customers.map((c) => c.org_unit)).size).toBe(6)
  })

  test('all five languages appear with names written in their own script', () => {
    const counts = new Map<string, number>()
    for (const c of demo.customers) {
      counts.set(c.language!, (counts.get(c.language!) ?? 0) + 1)
      if (c.language === 'uk' || c.language === 'ru') expect(c.name).toMatch(/^[\p{Script=Cyrillic}' ]+$/u)
      else expect(c.name).toMatch(/^[\p{Script=Latin} ]+$/u)
    }
    expect([...counts.keys()].sort()).toEqual(['en', 'lv', 'pl', 'ru', 'uk'])
    for (const n of counts.values()) expect(n / demo.customers.length).toBeGreaterThan(0.05)
  })

  test('contact data is realistic: unique e-mails, some missing e-mails and phones, a few opted out', () => {
    const emails = demo.customers.flatMap((c) => (c.email ? [c.email] : []))
    expect(new Set(emails).size).toBe(emails.length)
    const share = (f: (c: (typeof demo.customers)[number]) => boolean) =>
      demo.customers.filter(f).length / demo.customers.length
    expect(share((c) => c.email === null)).toBeGreaterThan(0.03)
    expect(share((c) => c.email === null)).toBeLessThan(0.25)
    expect(share((c) => c.phone === null)).toBeGreaterThan(0.1)
    expect(share((c) => c.opted_out === true)).toBeGreaterThan(0.005)
    expect(share((c) => c.opted_out === true)).toBeLessThan(0.05)
    expect(demo.customers.every((c) => !(c.opted_out && c.email_opt_in))).toBe(true)
    const sources = new Set(demo.customers.map((c) => c.attributes.signup_source))
    expect([...sources].sort()).toEqual(['app', 'referral', 'store', 'web'])
  })

  test('purchase counts are heterogeneous: many one-time buyers, some never, a few with many orders', () => {
    const perCustomer = new Map<string, number>()
    for (const o of demo.orders) {
      if (o.status !== 'returned') perCustomer.set(o.customer_id, (perCustomer.get(o.customer_id) ?? 0) + 1)
    }
    const counts = demo.customers.map((c) => perCustomer.get(c.customer_id) ?? 0)
    const share = (f: (n: number) => boolean) => counts.filter(f).length / counts.length
    expect(share((n) => n === 0)).toBeGreaterThan(0.03)
    expect(share((n) => n === 1)).toBeGreaterThan(0.25)
    expect(share((n) => n >= 10)).toBeGreaterThan(0.01)
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(20)
  })

  test('a new cohort of customers makes its first purchase in every one of the 12 months', () => {
    const first = new Map<string, Date>()
    for (const o of demo.orders) {
      const seen = first.get(o.customer_id)
      if (!seen || o.ordered_at < seen) first.set(o.customer_id, o.ordered_at)
    }
    const cohorts = new Map<string, number>()
    for (const d of first.values()) {
      const key = d.toISOString().slice(0, 7)
      cohorts.set(key, (cohorts.get(key) ?? 0) + 1)
    }
    expect([...cohorts.keys()].sort()).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ])
    for (const n of cohorts.values()) expect(n).toBeGreaterThan(100)
  })

  test('about 3% of orders are returns (negative, pointing at a real order) or cancellations', () => {
    const ids = new Set(demo.orders.map((o) => o.order_id))
    expect(ids.size).toBe(demo.orders.length)
    const returned = demo.orders.filter((o) => o.status === 'returned')
    const cancelled = demo.orders.filter((o) => o.status === 'cancelled')
    const share = (returned.length + cancelled.length) / demo.orders.length
    expect(share).toBeGreaterThan(0.015)
    expect(share).toBeLessThan(0.06)
    expect(returned.length).toBeGreaterThan(0)
    expect(cancelled.length).toBeGreaterThan(0)
    for (const r of returned) {
      expect(toCents(r.amount!)).toBeLessThan(0)
      expect(ids.has(r.order_id.replace(/-R$/, ''))).toBe(true)
    }
    for (const c of cancelled) expect(toCents(c.amount!)).toBeGreaterThan(0)
    expect(demo.orders.every((o) => o.currency === 'EUR' && o.ordered_at < end)).toBe(true)
  })

  test('events follow the journey, have unique ids, and refer to existing customers and orders', () => {
    const customerIds = new Set(demo.customers.map((c) => c.customer_id))
    const orderIds = new Set(demo.orders.map((o) => o.order_id))
    const eventIds = new Set(demo.events.map((e) => e.event_id))
    expect(eventIds.size).toBe(demo.events.length)
    const types = new Set<string>()
    const channels = new Set<string>()
    for (const e of demo.events) {
      types.add(e.type)
      channels.add(e.channel!)
      expect(customerIds.has(e.customer_id)).toBe(true)
      expect(e.occurred_at < end).toBe(true)
      if ('order_id' in e.properties) expect(orderIds.has(e.properties.order_id as string)).toBe(true)
    }
    expect([...types].sort()).toEqual(
      [
        'add_to_cart',
        'checkout',
        'order_delivered',
        'order_placed',
        'product_view',
        'purchase',
        'review',
        'support_contact',
        'visit',
      ].sort(),
    )
    expect([...channels].sort()).toEqual(['app', 'email', 'phone', 'store', 'web'])
    const purchases = demo.events.filter((e) => e.type === 'purchase').length
    expect(purchases).toBe(demo.orders.filter((o) => o.status !== 'returned').length)
    // Carts get abandoned: more add_to_cart than checkout.
    expect(demo.events.filter((e) => e.type === 'add_to_cart').length).toBeGreaterThan(
      demo.events.filter((e) => e.type === 'checkout').length,
    )
  })

  test('late deliveries lead to lower ratings than on-time ones', () => {
    const delivery = new Map<string, boolean>()
    for (const e of demo.events) {
      if (e.type === 'order_delivered')
        delivery.set(e.properties.order_id as string, e.properties.on_time as boolean)
    }
    const ratings = { late: [] as number[], onTime: [] as number[] }
    for (const e of demo.events) {
      if (e.type !== 'review') continue
      const onTime = delivery.get(e.properties.order_id as string)
      if (onTime === undefined) continue
      ;(onTime ? ratings.onTime : ratings.late).push(e.properties.rating as number)
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    expect(ratings.late.length).toBeGreaterThan(10)
    expect(mean(ratings.late)).toBeLessThan(mean(ratings.onTime) - 0.5)
  })
})
