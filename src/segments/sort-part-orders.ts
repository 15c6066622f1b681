import type { PartOrders } from './analysis-part.js'
import { idOrder } from './id-order.js'

/**
 * A part's orders as the rules read them, done on the part's own thread: its customers numbered from `first` in
 * the order of their ids (the order the rules place ties in, and the output is in), and its orders in customer
 * and day order (the order the rules' windows read them in: the database's sort then finds them sorted).
 * @param part orders whose `customer` indexes `ids`, in any order
 */
export function sortPartOrders(part: PartOrders): PartOrders {
  const compare = idOrder(part.ids)
  const byId = part.ids.map((_, i) => i).sort((a, b) => compare(part.ids[a]!, part.ids[b]!))
  const rank = new Int32Array(byId.length)
  byId.forEach((index, r) => {
    rank[index] = r
  })
  const n = part.customer.length
  const customers = new Int32Array(n)
  for (let i = 0; i < n; i++) customers[i] = rank[part.customer[i]!]!
  const sorted = byCustomerAndDay(customers, part.day, byId.length)
  const at = new Int32Array(n)
  sorted.forEach((i, k) => {
    at[i] = k
  })
  const result: PartOrders = {
    first: part.first,
    ids: byId.map((i) => part.ids[i]!),
    customer: new Int32Array(n),
    day: new Int32Array(n),
    units: new Float64Array(n),
    big: part.big.map(([i, units]) => [at[i]!, units]),
    status: new Uint8Array(n),
  }
  for (let k = 0; k < n; k++) {
    const i = sorted[k]!
    result.customer[k] = part.first + customers[i]!
    result.day[k] = part.day[i]!
    result.units[k] = part.units[i]!
    result.status[k] = part.status[i]!
  }
  return result
}

/** The orders' indexes by customer, then day: two stable counting sorts, by day and then by customer. */
function byCustomerAndDay(customer: Int32Array, day: Int32Array, customers: number): Int32Array {
  const n = day.length
  if (n === 0) return new Int32Array(0)
  let first = day[0]!
  let last = first
  for (const d of day) {
    if (d < first) first = d
    if (d > last) last = d
  }
  const byDay = new Int32Array(n)
  const dayStarts = new Int32Array(last - first + 2)
  for (let i = 0; i < n; i++) dayStarts[day[i]! - first + 1]!++
  for (let d = 1; d < dayStarts.length; d++) dayStarts[d]! += dayStarts[d - 1]!
  for (let i = 0; i < n; i++) byDay[dayStarts[day[i]! - first]!++] = i
  const sorted = new Int32Array(n)
  const customerStarts = new Int32Array(customers + 1)
  for (let i = 0; i < n; i++) customerStarts[customer[i]! + 1]!++
  for (let c = 1; c < customerStarts.length; c++) customerStarts[c]! += customerStarts[c - 1]!
  for (const i of byDay) sorted[customerStarts[customer[i]!]!++] = i
  return sorted
}
