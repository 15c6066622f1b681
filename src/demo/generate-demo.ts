import type { CustomerRecord, EventRecord, OrderLine, OrderRecord } from '../customers/records.js'
import { catalogue, formatCents, type Product } from './catalogue.js'
import { drawPersonName } from './names.js'
import { createRandom, type Random } from './random.js'
import { demoOrgUnits, englishDomains, type OrgUnit, type Region, regions } from './regions.js'

export type { OrgUnit }

export interface DemoData {
  orgUnits: OrgUnit[]
  customers: CustomerRecord[]
  orders: OrderRecord[]
  events: EventRecord[]
}

export interface DemoOptions {
  seed?: number
  customers?: number
  end?: Date
  months?: number
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const CURRENCY = 'EUR'
export const DEFAULT_DEMO_END = new Date('2026-11-01T00:00:00Z')

type OrderChannel = 'web' | 'app' | 'store'
type SignupSource = 'web' | 'app' | 'store' | 'referral'

const regionWeights = regions.map((r) => [r, r.weight] as const)

const signupSources: [SignupSource, number][] = [
  ['web', 0.45],
  ['app', 0.2],
  ['store', 0.25],
  ['referral', 0.1],
]
const channelBySource: Record<SignupSource, [OrderChannel, number][]> = {
  web: [
    ['web', 0.75],
    ['app', 0.1],
    ['store', 0.15],
  ],
  referral: [
    ['web', 0.75],
    ['app', 0.1],
    ['store', 0.15],
  ],
  app: [
    ['app', 0.7],
    ['web', 0.2],
    ['store', 0.1],
  ],
  store: [
    ['store', 0.7],
    ['web', 0.2],
    ['app', 0.1],
  ],
}
// Local hours at which people shop online (evening peak) and in the stores (opening hours).
const onlineHours = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23].map(
  (h) => [h, h >= 19 && h <= 22 ? 3 : h >= 12 ? 2 : 1] as [number, number],
)
const storeHours = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19].map(
  (h) => [h, h === 13 || h >= 17 ? 2 : 1] as [number, number],
)
const visitSources: [string, number][] = [
  ['direct', 0.35],
  ['search', 0.3],
  ['email', 0.15],
  ['social', 0.12],
  ['referral', 0.08],
]
const supportTopics = ['product_question', 'damaged_item', 'payment', 'invoice', 'wrong_item']
const everyday = catalogue.filter((p) => p.priceCents < 3000)
const premium = catalogue.filter((p) => p.priceCents >= 3000)

/** Generates a deterministic demo data set (customers, orders with lines, journey events) for a seed. */
export function generateDemo(options: DemoOptions = {}): DemoData {
  const rng = createRandom(options.seed ?? 42)
  const count = options.customers ?? 3000
  const end = (options.end ?? DEFAULT_DEMO_END).getTime()
  const months = options.months ?? 12
  const monthStarts: number[] = []
  for (let m = 0; m <= months; m++) {
    const d = new Date(end)
    d.setUTCMonth(d.getUTCMonth() - months + m)
    monthStarts.push(d.getTime())
  }
  // Cohorts grow a little each month; the first month also holds the customers carried over.
  const monthWeights = Array.from({ length: months }, (_, m) => [m, (m === 0 ? 2.5 : 1) + 0.05 * m] as const)

  const customers: CustomerRecord[] = []
  const orders: OrderRecord[] = []
  const events: EventRecord[] = []
  const usedEmails = new Set<string>()
  // Events that mention an order get its id once orders are numbered in time order.
  const orderRefs: { order: OrderRecord; props: Record<string, unknown> }[] = []
  const returnOf = new Map<OrderRecord, OrderRecord>()

  const emit = (
    customer_id: string,
    type: string,
    at: number,
    channel: string,
    touchpoint: string,
    properties: Record<string, unknown>,
  ) => {
    if (at >= end) return
    events.push({
      customer_id,
      event_id: null,
      type,
      occurred_at: new Date(at),
      channel,
      touchpoint,
      properties,
    })
  }
  const atLocalHour = (t: number, region: Region, hours: [number, number][]) =>
    Math.floor(t / DAY) * DAY +
    (rng.weighted(hours) - region.utcOffset) * HOUR +
    rng.int(0, 59) * MINUTE +
    rng.int(0, 59) * 1000

  for (let i = 0; i < count; i++) {
    const customer_id = `C-${String(i + 1).padStart(5, '0')}`
    const region = rng.weighted(regionWeights)
    const [store] = rng.pick(region.stores)
    const language = rng.weighted(region.languages)
    const source = rng.weighted(signupSources)
    const month = rng.weighted(monthWeights)
    const joinedAt = monthStarts[month]! + rng.next() * (monthStarts[month + 1]! - monthStarts[month]!)
    // Pareto/NBD-like latent traits: purchase rate per day ~ gamma, dropout after each purchase ~ beta.
    const rate = rng.gamma(0.9, 1 / (55 * 0.9))
    const dropout = rng.beta(1, 3.5)
    const basket = rng.gamma(3, 1 / 3)
    const buyer = rng.bool(0.93)

    const times: number[] = []
    if (buyer) {
      let t = joinedAt
      while (times.length < 150) {
        const at = atLocalHour(t, region, source === 'store' ? storeHours : onlineHours)
        if (at >= end) break
        if (at > (times.at(-1) ?? 0)) times.push(at)
        if (rng.bool(dropout)) break
        t += rng.exponential(rate) * DAY
      }
    }
    const signedUpAt = Math.floor((times[0] ?? joinedAt) / 1000) * 1000 - rng.int(1, 30) * MINUTE

    const person = drawPersonName(rng, language)
    let email: string | null = null
    if (!rng.bool(source === 'store' ? 0.35 : 0.03)) {
      const domain = rng.weighted(language === 'en' ? englishDomains : region.domains)
      email = `${person.emailLocal}@${domain}`
      for (let n = 2; usedEmails.has(email); n++) email = `${person.emailLocal}${n}@${domain}`
      usedEmails.add(email)
    }
    const phone = rng.bool(source === 'web' ? 0.4 : source === 'store' ? 0.1 : 0.25)
      ? null
      : region.phone(rng)
    const optedOut = rng.bool(0.02)
    customers.push({
      customer_id,
      name: person.name,
      email,
      phone,
      language,
      org_unit: store,
      email_opt_in: email !== null && !optedOut && rng.bool(0.65),
      sms_opt_in: phone !== null && !optedOut && rng.bool(0.35),
      opted_out: optedOut,
      attributes: {
        segment_hint:
          basket > 1.6
            ? 'big_spender'
            : rate > 1 / 30
              ? 'frequent'
              : basket < 0.6
                ? 'bargain_hunter'
                : 'occasional',
        signup_source: source,
        signed_up_at: new Date(signedUpAt).toISOString(),
      },
    })

    const online = source !== 'store'
    const browseSessions = online ? rng.poisson(buyer ? 1.5 : 2) + (buyer ? 0 : 1) : 0
    const activeUntil = Math.min(end, (times.at(-1) ?? joinedAt) + 30 * DAY)
    for (let s = 0; s < browseSessions; s++) {
      const at = atLocalHour(signedUpAt + rng.next() * (activeUntil - signedUpAt), region, onlineHours)
      const channel = source === 'app' ? 'app' : 'web'
      const visitSource = rng.weighted(visitSources)
      emit(customer_id, 'visit', at, channel, 'homepage', { source: visitSource })
      const product = rng.pick(rng.bool(0.15 * basket) ? premium : everyday)
      emit(customer_id, 'product_view', at + 2 * MINUTE, channel, 'product_page', {
        product_id: product.product_id,
      })
      if (rng.bool(0.35)) {
        emit(customer_id, 'add_to_cart', at + 4 * MINUTE, channel, 'cart', {
          product_id: product.product_id,
          quantity: 1,
        })
      }
    }

    for (const at of times) {
      const channel = rng.weighted(channelBySource[source])
      const lines = drawLines(rng, basket)
      const cents = lines.reduce((sum, l) => sum + l.quantity * l.product.priceCents, 0)
      const status: OrderRecord['status'] = rng.bool(0.015)
        ? 'cancelled'
        : channel !== 'store' && at > end - 3 * DAY && rng.bool(0.5)
          ? 'pending'
          : 'completed'
      const order: OrderRecord = {
        customer_id,
        order_id: '',
        ordered_at: new Date(at),
        amount: formatCents(cents),
        currency: CURRENCY,
        status,
        lines: lines.map(toOrderLine),
      }
      orders.push(order)
      const ref = (props: Record<string, unknown>) => {
        orderRefs.push({ order, props })
        return props
      }

      if (channel === 'store') {
        emit(customer_id, 'visit', at - rng.int(5, 25) * MINUTE, 'store', 'store_visit', { store })
        emit(
          customer_id,
          'purchase',
          at,
          'store',
          'checkout',
          ref({ order_id: '', amount: order.amount, store }),
        )
        if (email && rng.bool(0.05)) {
          const rating = rng.weighted([
            [5, 5],
            [4, 3],
            [3, 1],
            [2, 0.5],
            [1, 0.3],
          ] as [number, number][])
          emit(
            customer_id,
            'review',
            at + rng.int(1, 5) * DAY,
            'email',
            'review_request',
            ref({ order_id: '', rating }),
          )
        }
        continue
      }

      const visitSource = rng.weighted(visitSources)
      let t = at - rng.int(10, 45) * MINUTE
      emit(customer_id, 'visit', t, channel, visitSource === 'search' ? 'product_page' : 'homepage', {
        source: visitSource,
      })
      for (const l of lines) {
        t += rng.int(1, 4) * MINUTE
        emit(customer_id, 'product_view', t, channel, 'product_page', { product_id: l.product.product_id })
        emit(customer_id, 'add_to_cart', t + 30_000, channel, 'cart', {
          product_id: l.product.product_id,
          quantity: l.quantity,
        })
      }
      emit(customer_id, 'checkout', at - 2 * MINUTE, channel, 'checkout', { items: lines.length })
      emit(customer_id, 'purchase', at, channel, 'checkout', ref({ order_id: '', amount: order.amount }))
      if (status === 'cancelled') continue

      const late = rng.bool(0.1)
      const days = rng.int(1, 3) + (late ? rng.int(2, 6) : 0)
      const deliveredAt = atLocalHour(at + days * DAY, region, storeHours)
      const carrier = rng.pick(region.carriers)
      emit(
        customer_id,
        'delivery',
        deliveredAt,
        channel,
        'delivery',
        ref({ order_id: '', carrier, days, on_time: !late }),
      )
      if (rng.bool(late ? 0.35 : 0.05)) {
        const topic = late ? 'delivery_delay' : rng.pick(supportTopics)
        const supportChannel = rng.weighted([
          ['phone', 0.45],
          ['email', 0.35],
          [channel, 0.2],
        ] as [string, number][])
        emit(
          customer_id,
          'support_contact',
          deliveredAt + rng.int(1, 48) * HOUR,
          supportChannel,
          'support',
          ref({
            order_id: '',
            topic,
          }),
        )
      }
      if (email && rng.bool(0.15)) {
        const rating = late
          ? rng.weighted([
              [5, 1],
              [4, 1],
              [3, 2],
              [2, 2],
              [1, 2],
            ] as [number, number][])
          : rng.weighted([
              [5, 5],
              [4, 3],
              [3, 1],
              [2, 0.4],
              [1, 0.2],
            ] as [number, number][])
        emit(
          customer_id,
          'review',
          deliveredAt + rng.int(2, 10) * DAY,
          'email',
          'review_request',
          ref({
            order_id: '',
            product_id: lines[0]!.product.product_id,
            rating,
          }),
        )
      }
      if (status === 'completed' && rng.bool(0.02)) {
        const returnedAt = deliveredAt + rng.int(3, 14) * DAY
        if (returnedAt >= end) continue
        const line = rng.pick(lines)
        const back: OrderRecord = {
          customer_id,
          order_id: '',
          ordered_at: new Date(returnedAt),
          amount: formatCents(-line.quantity * line.product.priceCents),
          currency: CURRENCY,
          status: 'returned',
          lines: [toOrderLine({ product: line.product, quantity: -line.quantity })],
        }
        returnOf.set(back, order)
        orders.push(back)
        emit(
          customer_id,
          'support_contact',
          returnedAt - DAY,
          'email',
          'support',
          ref({ order_id: '', topic: 'return' }),
        )
      }
    }
  }

  // Order and event ids follow time, as in a real shop; a return carries the number of the order it undoes.
  orders.sort((a, b) => a.ordered_at.getTime() - b.ordered_at.getTime())
  let number = 100_000
  for (const o of orders) if (!returnOf.has(o)) o.order_id = `O-${++number}`
  for (const [back, original] of returnOf) back.order_id = `${original.order_id}-R`
  for (const { order, props } of orderRefs) props.order_id = order.order_id
  events.sort((a, b) => a.occurred_at.getTime() - b.occurred_at.getTime())
  events.forEach((e, i) => {
    e.event_id = `EV-${String(i + 1).padStart(7, '0')}`
  })

  return { orgUnits: demoOrgUnits(), customers, orders, events }
}

interface DrawnLine {
  product: Product
  quantity: number
}

const unitQuantities: [number, number][] = [
  [1, 0.82],
  [2, 0.14],
  [3, 0.04],
]

function drawLines(rng: Random, basket: number): DrawnLine[] {
  const wanted = Math.min(5, 1 + rng.poisson(0.8 * basket))
  const lines: DrawnLine[] = []
  for (let k = 0; k < wanted; k++) {
    const product = rng.pick(rng.bool(Math.min(0.5, 0.12 * basket)) ? premium : everyday)
    if (lines.some((l) => l.product === product)) continue
    const quantity = product.category === 'snacks' ? rng.int(1, 4) : rng.weighted(unitQuantities)
    lines.push({ product, quantity })
  }
  return lines
}
const toOrderLine = (l: DrawnLine): OrderLine => ({
  product_id: l.product.product_id,
  quantity: String(l.quantity),
  unit_price: formatCents(l.product.priceCents),
})
