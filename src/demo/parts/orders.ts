import type { OrderLine, OrderRecord } from '../../customers/records.js'
import { everyday, formatCents, type Product, premium } from '../catalogue.js'
import type { Random } from '../random.js'
import { DAY } from './clock.js'
import type { DemoRun } from './demo-run.js'
import type { Shopper, SignupSource } from './shoppers.js'

export type OrderChannel = 'web' | 'app' | 'store'

export interface DrawnLine {
  product: Product
  quantity: number
}

/** An order as drawn, with the lines and channel that its journey events describe. */
export interface DrawnOrder {
  order: OrderRecord
  lines: DrawnLine[]
  channel: OrderChannel
  at: number
}

export const CURRENCY = 'EUR'

const onlineChannels: [OrderChannel, number][] = [
  ['web', 0.75],
  ['app', 0.1],
  ['store', 0.15],
]
const channelBySource: Record<SignupSource, [OrderChannel, number][]> = {
  web: onlineChannels,
  referral: onlineChannels,
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
const unitQuantities: [number, number][] = [
  [1, 0.82],
  [2, 0.14],
  [3, 0.04],
]

/** Draws the shopper's order at `at` (channel, lines, status) and enters it in the order book. */
export function drawOrder({ rng, end, book }: DemoRun, shopper: Shopper, at: number): DrawnOrder {
  const channel = rng.weighted(channelBySource[shopper.source])
  const lines = drawLines(rng, shopper.basket)
  const cents = lines.reduce((sum, l) => sum + l.quantity * l.product.priceCents, 0)
  // Online orders of the last days may still be on their way.
  const status: OrderRecord['status'] = rng.bool(0.015)
    ? 'cancelled'
    : channel !== 'store' && at > end - 3 * DAY && rng.bool(0.5)
      ? 'pending'
      : 'completed'
  const order: OrderRecord = {
    customer_id: shopper.customerId,
    order_id: '',
    ordered_at: new Date(at),
    amount: formatCents(cents),
    currency: CURRENCY,
    status,
    lines: lines.map(toOrderLine),
  }
  book.orders.push(order)
  return { order, lines, channel, at }
}

/** 1–5 distinct products; bigger baskets hold more, and more premium, products. */
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

export const toOrderLine = (l: DrawnLine): OrderLine => ({
  product_id: l.product.product_id,
  product_name: l.product.name,
  quantity: String(l.quantity),
  unit_price: formatCents(l.product.priceCents),
})
