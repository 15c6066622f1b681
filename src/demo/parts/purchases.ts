import { visitSources } from './browsing.js'
import { DAY, MINUTE } from './clock.js'
import type { DemoRun } from './demo-run.js'
import type { DrawnOrder } from './orders.js'

const storeRatings: [number, number][] = [
  [5, 5],
  [4, 3],
  [3, 1],
  [2, 0.5],
  [1, 0.3],
]

/** A purchase at the till: the store visit, the purchase, and now and then a review asked for by e-mail. */
export function emitStorePurchase(
  { rng, journal }: DemoRun,
  { order, at }: DrawnOrder,
  store: string,
  email: string | null,
): void {
  const channel = 'store'
  journal.emit(order.customer_id, {
    type: 'visit',
    at: at - rng.int(5, 25) * MINUTE,
    channel,
    touchpoint: 'store_visit',
    properties: { store },
  })
  journal.emitAbout(order, {
    type: 'purchase',
    at,
    channel,
    touchpoint: 'checkout',
    properties: { amount: order.amount, store },
  })
  if (!email || !rng.bool(0.05)) return
  const rating = rng.weighted(storeRatings)
  journal.emitAbout(order, {
    type: 'review',
    at: at + rng.int(1, 5) * DAY,
    channel: 'email',
    touchpoint: 'review_request',
    properties: { rating },
  })
}

/** An online purchase: a visit, each product viewed and put in the cart, the checkout and the purchase. */
export function emitOnlineCheckout(
  { rng, journal }: DemoRun,
  { order, lines, channel, at }: DrawnOrder,
): void {
  const customerId = order.customer_id
  const source = rng.weighted(visitSources)
  let t = at - rng.int(10, 45) * MINUTE
  journal.emit(customerId, {
    type: 'visit',
    at: t,
    channel,
    touchpoint: source === 'search' ? 'product_page' : 'homepage',
    properties: { source },
  })
  for (const l of lines) {
    t += rng.int(1, 4) * MINUTE
    const product_id = l.product.product_id
    journal.emit(customerId, {
      type: 'product_view',
      at: t,
      channel,
      touchpoint: 'product_page',
      properties: { product_id },
    })
    journal.emit(customerId, {
      type: 'add_to_cart',
      at: t + 30_000,
      channel,
      touchpoint: 'cart',
      properties: { product_id, quantity: l.quantity },
    })
  }
  journal.emit(customerId, {
    type: 'checkout',
    at: at - 2 * MINUTE,
    channel,
    touchpoint: 'checkout',
    properties: { items: lines.length },
  })
  journal.emitAbout(order, {
    type: 'purchase',
    at,
    channel,
    touchpoint: 'checkout',
    properties: { amount: order.amount },
  })
}
