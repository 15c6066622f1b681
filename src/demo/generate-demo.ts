import type { CustomerRecord, EventRecord, OrderRecord } from '../customers/records.js'
import { emitBrowsing } from './parts/browsing.js'
import { demoCalendar } from './parts/clock.js'
import { drawCustomer } from './parts/customers.js'
import { emitAfterDelivery } from './parts/deliveries.js'
import type { DemoRun } from './parts/demo-run.js'
import { createJournal } from './parts/journal.js'
import { createOrderBook, numberOrders } from './parts/order-book.js'
import { drawOrder } from './parts/orders.js'
import { emitOnlineCheckout, emitStorePurchase } from './parts/purchases.js'
import { drawShopper, type Shopper } from './parts/shoppers.js'
import { createRandom } from './random.js'
import { demoOrgUnits, type OrgUnit } from './regions.js'

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

export const DEFAULT_DEMO_END = new Date('2026-11-01T00:00:00Z')

/**
 * Generates a deterministic demo data set (customers, orders with lines, journey events) for a seed.
 * Every part draws from the one random source in a fixed order, so the order of the calls is the data.
 */
export function generateDemo(options: DemoOptions = {}): DemoData {
  const end = (options.end ?? DEFAULT_DEMO_END).getTime()
  const calendar = demoCalendar(end, options.months ?? 12)
  const run: DemoRun = {
    rng: createRandom(options.seed ?? 42),
    end,
    journal: createJournal(end),
    book: createOrderBook(),
  }
  const customers: CustomerRecord[] = []
  const usedEmails = new Set<string>()
  for (let i = 0; i < (options.customers ?? 3000); i++) {
    const shopper = drawShopper(run.rng, i, calendar)
    const customer = drawCustomer(run.rng, shopper, usedEmails)
    customers.push(customer)
    emitBrowsing(run, shopper)
    for (const at of shopper.purchaseTimes) emitPurchase(run, shopper, at, customer.email ?? null)
  }
  numberOrders(run.book)
  run.journal.finish()
  return { orgUnits: demoOrgUnits(), customers, orders: run.book.orders, events: run.journal.events }
}

/** One order and the journey around it: in a store, or online with its checkout and delivery. */
function emitPurchase(run: DemoRun, shopper: Shopper, at: number, email: string | null): void {
  const drawn = drawOrder(run, shopper, at)
  if (drawn.channel === 'store') {
    emitStorePurchase(run, drawn, shopper.store, email)
    return
  }
  emitOnlineCheckout(run, drawn)
  if (drawn.order.status !== 'cancelled') emitAfterDelivery(run, drawn, shopper.region, email)
}
