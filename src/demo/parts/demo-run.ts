import type { Random } from '../random.js'
import type { Journal } from './journal.js'
import type { OrderBook } from './order-book.js'

/** What every part of the demo draws from and writes to: the one seeded random source, events and orders. */
export interface DemoRun {
  rng: Random
  /** The end of the data set (epoch milliseconds): nothing happens at or after it. */
  end: number
  journal: Journal
  book: OrderBook
}
