import { catalogue, formatCents } from './catalogue.js'
import { createRandom } from './random.js'

/** The canonical column order of an order-line CSV. */
export const orderLineColumns = [
  'customer_id',
  'order_id',
  'ordered_at',
  'product_id',
  'quantity',
  'unit_price',
] as const

const DAY = 86_400_000
const WINDOW_END = Date.UTC(2026, 10, 1)
const WINDOW_START = Date.UTC(2024, 10, 1)
const quantities = ['1', '1', '1', '1', '1', '1', '2', '2', '3', '4']
const unitPrices = catalogue.map((p) => formatCents(p.priceCents))
const productIds = catalogue.map((p) => p.product_id)
// A stride coprime with the catalogue size gives up to 5 distinct products per order without a lookup.
const STRIDE = 7

/**
 * Streams `count` order-line rows (about 20 per customer, 1–5 per order) in canonical CSV column order,
 * deterministic for a seed, without holding them in memory.
 * @example for (const row of generateOrderLineRows(1_000_000)) out.write(`${row.join(',')}\n`)
 */
export function* generateOrderLineRows(count: number, seed = 42): Generator<string[], void, undefined> {
  const rng = createRandom(seed)
  let emitted = 0
  let customer = 0
  let order = 0
  while (emitted < count) {
    const customerId = `C-${String(++customer).padStart(7, '0')}`
    const orders = 1 + Math.floor(rng.exponential(1 / 6))
    let t = WINDOW_START + rng.next() * (WINDOW_END - WINDOW_START) * 0.6
    const meanGap = (WINDOW_END - t) / (orders + 1)
    for (let o = 0; o < orders && t < WINDOW_END; o++) {
      const orderId = `O-${String(++order).padStart(8, '0')}`
      const orderedAt = new Date(Math.floor(t / 1000) * 1000).toISOString()
      const lines = rng.int(1, 5)
      const base = rng.int(0, productIds.length - 1)
      for (let l = 0; l < lines; l++) {
        if (emitted >= count) return
        const p = (base + l * STRIDE) % productIds.length
        yield [customerId, orderId, orderedAt, productIds[p]!, quantities[rng.int(0, 9)]!, unitPrices[p]!]
        emitted++
      }
      t += Math.max(DAY / 24, rng.exponential(1) * meanGap)
    }
  }
}
