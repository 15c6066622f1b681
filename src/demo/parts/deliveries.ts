import type { OrderRecord } from '../../customers/records.js'
import { formatCents } from '../catalogue.js'
import type { Region } from '../regions.js'
import { atLocalHour, DAY, HOUR, storeHours } from './clock.js'
import type { DemoRun } from './demo-run.js'
import { CURRENCY, type DrawnOrder, toOrderLine } from './orders.js'

const supportTopics = ['product_question', 'damaged_item', 'payment', 'invoice', 'wrong_item']
const lateRatings: [number, number][] = [
  [5, 1],
  [4, 1],
  [3, 2],
  [2, 2],
  [1, 2],
]
const onTimeRatings: [number, number][] = [
  [5, 5],
  [4, 3],
  [3, 1],
  [2, 0.4],
  [1, 0.2],
]

interface Delivery {
  deliveredAt: number
  late: boolean
}

/**
 * What follows an online order that was not cancelled: its delivery (sometimes late), a support contact
 * (more often when late), a review asked for by e-mail (lower when late) and, rarely, a return.
 */
export function emitAfterDelivery(
  run: DemoRun,
  drawn: DrawnOrder,
  region: Region,
  email: string | null,
): void {
  const delivery = emitDelivery(run, drawn, region)
  maybeContactSupport(run, drawn, delivery)
  if (email) maybeReview(run, drawn, delivery)
  if (drawn.order.status === 'completed') maybeReturn(run, drawn, delivery)
}

function emitDelivery(
  { rng, journal }: DemoRun,
  { order, channel, at }: DrawnOrder,
  region: Region,
): Delivery {
  // The order as the shop's system records it: the start of the "delivered within 24 hours" promise.
  journal.emitAbout(order, { type: 'order_placed', at, channel, touchpoint: 'checkout', properties: {} })
  const late = rng.bool(0.1)
  const days = rng.int(1, 3) + (late ? rng.int(2, 6) : 0)
  const deliveredAt = atLocalHour(rng, at + days * DAY, region, storeHours)
  const carrier = rng.pick(region.carriers)
  journal.emitAbout(order, {
    type: 'order_delivered',
    at: deliveredAt,
    channel,
    touchpoint: 'delivery',
    properties: { carrier, days, on_time: !late },
  })
  return { deliveredAt, late }
}

function maybeContactSupport({ rng, journal }: DemoRun, { order, channel }: DrawnOrder, delivery: Delivery) {
  if (!rng.bool(delivery.late ? 0.35 : 0.05)) return
  const topic = delivery.late ? 'delivery_delay' : rng.pick(supportTopics)
  const supportChannel = rng.weighted([
    ['phone', 0.45],
    ['email', 0.35],
    [channel, 0.2],
  ] as [string, number][])
  journal.emitAbout(order, {
    type: 'support_contact',
    at: delivery.deliveredAt + rng.int(1, 48) * HOUR,
    channel: supportChannel,
    touchpoint: 'support',
    properties: { topic },
  })
}

function maybeReview({ rng, journal }: DemoRun, { order, lines }: DrawnOrder, delivery: Delivery) {
  if (!rng.bool(0.15)) return
  const [line] = lines
  if (line === undefined) return
  const rating = rng.weighted(delivery.late ? lateRatings : onTimeRatings)
  journal.emitAbout(order, {
    type: 'review',
    at: delivery.deliveredAt + rng.int(2, 10) * DAY,
    channel: 'email',
    touchpoint: 'review_request',
    properties: { product_id: line.product.product_id, rating },
  })
}

/** A return takes back one line of the order; the customer asks by e-mail the day before. */
function maybeReturn({ rng, end, journal, book }: DemoRun, { order, lines }: DrawnOrder, delivery: Delivery) {
  if (!rng.bool(0.02)) return
  const returnedAt = delivery.deliveredAt + rng.int(3, 14) * DAY
  if (returnedAt >= end) return
  const line = rng.pick(lines)
  const back: OrderRecord = {
    customer_id: order.customer_id,
    order_id: '',
    ordered_at: new Date(returnedAt),
    amount: formatCents(-line.quantity * line.product.priceCents),
    currency: CURRENCY,
    status: 'returned',
    lines: [toOrderLine({ product: line.product, quantity: -line.quantity })],
  }
  book.returnOf.set(back, order)
  book.orders.push(back)
  // The request names the order being returned, not the return.
  journal.emitAbout(order, {
    type: 'support_contact',
    at: returnedAt - DAY,
    channel: 'email',
    touchpoint: 'support',
    properties: { topic: 'return' },
  })
}
