import type { EventRecord, OrderRecord } from '../../customers/records.js'

/** A journey event of one customer, before it is numbered. */
export interface JourneyEvent {
  type: string
  at: number
  channel: string
  touchpoint: string
  properties: Record<string, unknown>
}

/** The journey events of the demo, in the order they were drawn until `finish` sorts and numbers them. */
export interface Journal {
  readonly events: EventRecord[]
  /** Records a customer's event; one at or after the end of the data set is left out. */
  emit(customerId: string, event: JourneyEvent): void
  /** Records an event about an order, whose `order_id` property is filled in by `finish`. */
  emitAbout(order: OrderRecord, event: JourneyEvent): void
  /** Fills in the order ids (number the orders first) and numbers the events in time order. */
  finish(): void
}

/** An empty journal for a data set that ends at `end` (epoch milliseconds). */
export function createJournal(end: number): Journal {
  const events: EventRecord[] = []
  const orderRefs: { order: OrderRecord; properties: Record<string, unknown> }[] = []
  const emit = (customerId: string, { type, at, channel, touchpoint, properties }: JourneyEvent) => {
    if (at >= end) return
    events.push({
      customer_id: customerId,
      event_id: null,
      type,
      occurred_at: new Date(at),
      channel,
      touchpoint,
      properties,
    })
  }
  return {
    events,
    emit,
    emitAbout(order, event) {
      const properties = { order_id: '', ...event.properties }
      orderRefs.push({ order, properties })
      emit(order.customer_id, { ...event, properties })
    },
    finish() {
      for (const { order, properties } of orderRefs) properties.order_id = order.order_id
      events.sort((a, b) => a.occurred_at.getTime() - b.occurred_at.getTime())
      events.forEach((e, i) => {
        e.event_id = `EV-${String(i + 1).padStart(7, '0')}`
      })
    },
  }
}
