import type { OrderRecord } from '../../customers/records.js'

/** The demo's orders in the order they were drawn, and the order each return undoes. */
export interface OrderBook {
  orders: OrderRecord[]
  returnOf: Map<OrderRecord, OrderRecord>
}

export function createOrderBook(): OrderBook {
  return { orders: [], returnOf: new Map() }
}

/** Order ids follow time, as in a real shop; a return carries the number of the order it undoes. */
export function numberOrders({ orders, returnOf }: OrderBook): void {
  orders.sort((a, b) => a.ordered_at.getTime() - b.ordered_at.getTime())
  let number = 100_000
  for (const o of orders) if (!returnOf.has(o)) o.order_id = `O-${++number}`
  for (const [back, original] of returnOf) back.order_id = `${original.order_id}-R`
}
