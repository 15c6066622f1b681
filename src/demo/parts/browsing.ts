import { everyday, premium } from '../catalogue.js'
import { atLocalHour, DAY, MINUTE, onlineHours } from './clock.js'
import type { DemoRun } from './demo-run.js'
import type { Shopper } from './shoppers.js'

export const visitSources: [string, number][] = [
  ['direct', 0.35],
  ['search', 0.3],
  ['email', 0.15],
  ['social', 0.12],
  ['referral', 0.08],
]

/** Online shoppers' visits that buy nothing: a product seen, sometimes put in the cart and left there. */
export function emitBrowsing({ rng, end, journal }: DemoRun, shopper: Shopper): void {
  if (shopper.source === 'store') return
  const { customerId, buyer, basket, signedUpAt } = shopper
  const sessions = rng.poisson(buyer ? 1.5 : 2) + (buyer ? 0 : 1)
  const activeUntil = Math.min(end, (shopper.purchaseTimes.at(-1) ?? shopper.joinedAt) + 30 * DAY)
  const channel = shopper.source === 'app' ? 'app' : 'web'
  for (let s = 0; s < sessions; s++) {
    const at = atLocalHour(
      rng,
      signedUpAt + rng.next() * (activeUntil - signedUpAt),
      shopper.region,
      onlineHours,
    )
    const source = rng.weighted(visitSources)
    journal.emit(customerId, { type: 'visit', at, channel, touchpoint: 'homepage', properties: { source } })
    const product = rng.pick(rng.bool(0.15 * basket) ? premium : everyday)
    const properties = { product_id: product.product_id }
    journal.emit(customerId, {
      type: 'product_view',
      at: at + 2 * MINUTE,
      channel,
      touchpoint: 'product_page',
      properties,
    })
    if (rng.bool(0.35)) {
      journal.emit(customerId, {
        type: 'add_to_cart',
        at: at + 4 * MINUTE,
        channel,
        touchpoint: 'cart',
        properties: { ...properties, quantity: 1 },
      })
    }
  }
}
